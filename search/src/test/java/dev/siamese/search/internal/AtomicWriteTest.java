package dev.siamese.search.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reports (groups CSV/JSON, contact sheet, keep list) are never half-written. */
class AtomicWriteTest {

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousReportAndNoPartialFile(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("groups.csv");
        AtomicWrite.text(report, out -> out.write("first,complete\n"));
        assertThat(report).hasContent("first,complete");
        assertThatThrownBy(() -> AtomicWrite.text(report, out -> {
            out.write("second,half");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(report).hasContent("first,complete");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(report);
        }
        AtomicWrite.text(report, out -> out.write("third\n"));
        assertThat(report).hasContent("third");
    }
}
