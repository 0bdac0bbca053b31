package dev.siamese.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequiredIncludesTest {

    @Test
    void anIncludeOfAMissingFileIsAnErrorNamingItAndTheExperiment(@TempDir Path dir) throws Exception {
        Path experiment = dir.resolve("exp.conf");
        Files.writeString(experiment, "include \"base-experment.conf\"\nsiamese.training.iterations = 7\n");
        assertThatThrownBy(() -> SettingsLoader.parseExperiment(experiment.toString()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining(experiment.toString())
                .hasMessageContaining("base-experment.conf")
                .hasMessageContaining("names no file");
    }

    @Test
    void includesThatExistReadAsBeforeWithOrWithoutTheImpliedExtension(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("base.conf"), "siamese.model.margin = 0.7\n");
        Files.writeString(dir.resolve("empty.conf"), "");
        Path experiment = dir.resolve("exp.conf");
        Files.writeString(experiment, "include \"base.conf\"\ninclude \"empty.conf\"\ninclude \"base\"\n"
                + "siamese.training.iterations = 7\n");
        var config = SettingsLoader.parseExperiment(experiment.toString());
        assertThat(config.getDouble("siamese.model.margin")).isEqualTo(0.7);
        assertThat(config.getInt("siamese.training.iterations")).isEqualTo(7);
    }

    @Test
    void aSweepFileWithAMissingIncludeIsRefusedToo(@TempDir Path dir) throws Exception {
        Path sweep = dir.resolve("sweep.conf");
        Files.writeString(sweep, "include \"nowhere.conf\"\nsweep { name = s, grid { \"model.margin\" = [0.5, 1] } }\n");
        assertThatThrownBy(() -> SweepSettings.load(sweep.toString()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("nowhere.conf");
    }
}
