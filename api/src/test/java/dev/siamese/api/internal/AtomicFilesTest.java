package dev.siamese.api.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A file written through {@link AtomicFiles} is whole or absent: never half written, never a leftover. */
class AtomicFilesTest {

    @Test
    void writesTheFileAndLeavesNothingElseInItsFolder(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("metrics.json");

        assertThat(AtomicFiles.writeString(target, "{ \"auc\" : 0.97 }\n")).isEqualTo(target);

        assertThat(target).hasContent("{ \"auc\" : 0.97 }");
        assertThat(filesIn(dir)).containsExactly(target);
    }

    @Test
    void replacesAnExistingFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("report.png");
        AtomicFiles.write(target, new byte[] {1, 2, 3});

        AtomicFiles.write(target, new byte[] {4, 5});

        assertThat(Files.readAllBytes(target)).containsExactly(4, 5);
        assertThat(filesIn(dir)).containsExactly(target);
    }

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("groups.csv");
        AtomicFiles.writeString(target, "first,complete\n");

        assertThatThrownBy(() -> AtomicFiles.write(target, temporary -> {
            Files.writeString(temporary, "second,half");
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(target).hasContent("first,complete");
        assertThat(filesIn(dir)).containsExactly(target);
    }

    @Test
    void aTextWriteThatFailsHalfwayLeavesThePreviousReportAndNoPartialFile(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("groups.csv");
        AtomicFiles.writeText(report, out -> out.write("first,complete\n"));

        assertThatThrownBy(() -> AtomicFiles.writeText(report, out -> {
            out.write("second,half");
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(report).hasContent("first,complete");
        assertThat(filesIn(dir)).containsExactly(report);
        AtomicFiles.writeText(report, out -> out.write("third\n"));
        assertThat(report).hasContent("third");
    }

    @Test
    void theTemporaryFileIsHiddenBesideTheTarget(@TempDir Path dir) throws IOException {
        Path[] seen = new Path[1];
        AtomicFiles.write(dir.resolve("ckpt-00000500.bin"), temporary -> seen[0] = temporary);

        assertThat(seen[0].getParent()).isEqualTo(dir.toAbsolutePath());
        assertThat(seen[0].getFileName().toString()).startsWith(".ckpt-00000500.bin.").endsWith(".tmp");
    }

    private static java.util.List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
