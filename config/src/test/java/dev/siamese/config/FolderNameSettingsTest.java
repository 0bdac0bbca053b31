package dev.siamese.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Names that become folders inside the output folder cannot reach outside it. */
class FolderNameSettingsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"../escaped-sweep", "..", ".", "a/b", "/tmp/anywhere", "C:\\\\x", "a\\\\b", "~", ""})
    void aSweepNameThatIsNotOneFolderNameIsRefusedNamingTheKeyAndTheFile(String name) throws IOException {
        Path file = dir.resolve("sweep.conf");
        Files.writeString(file, "sweep { name = \"" + name + "\", base = smoke, grid { model.margin = [1, 2] } }\n");
        assertThatThrownBy(() -> SweepSettings.load(file.toString()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("sweep.name")
                .hasMessageContaining(file.getFileName().toString());
    }

    @Test
    void anOrdinarySweepNameIsKept() throws IOException {
        Path file = dir.resolve("sweep.conf");
        Files.writeString(file, "sweep { name = \"margins_v1.2-a\", base = smoke, grid { model.margin = [1, 2] } }\n");
        assertThat(SweepSettings.load(file.toString()).name()).isEqualTo("margins_v1.2-a");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"..", ".", "../up", "a/b"})
    void anExperimentNameThatIsNotOneFolderNameIsRefused(String name) {
        assertThatThrownBy(() -> ExperimentSettings.from(SettingsLoader.load(null,
                List.of("experiment.name = \"" + name + "\""))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.experiment.name");
    }
}
