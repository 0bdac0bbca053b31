package dev.siamese.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** No setting that names a folder writes outside the folder it belongs in. */
class SettingPathsTest {

    @Test
    void aSweepNamedToEscapeTheOutputFolderIsRefusedAndWritesNothing(@TempDir Path dir) throws IOException {
        Path output = Files.createDirectories(dir.resolve("out"));
        for (String name : new String[] {"../escaped-sweep", dir.resolve("absolute-sweep").toString(), ".."}) {
            Path file = dir.resolve("sweep.conf");
            Files.writeString(file, "sweep { name = \"" + name.replace("\\", "\\\\") + "\", base = smoke,"
                    + " grid { model.margin = [1, 2] } }\n");
            Cli.Result result = Cli.run("sweep", file.toString(), "-o", output.toString(), "-q");
            assertThat(result.code()).as(name + ": " + result.out() + result.err()).isEqualTo(1);
            assertThat(result.err().strip()).startsWith("error: ").contains("sweep.name").doesNotContain("\n")
                    .doesNotContain("\tat ");
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("out", "sweep.conf");
        }
        try (Stream<Path> inside = Files.list(output)) {
            assertThat(inside).isEmpty();
        }
    }
}
