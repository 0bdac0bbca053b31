package dev.siamese.app;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.spi.Backend;
import dev.siamese.config.ModelSettings;
import dev.siamese.config.Settings;
import dev.siamese.config.SettingsLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Swapping the architecture, margin and embedding size takes only a config file: same wiring, different twins. */
class ConfigDrivenWiringTest {

    @TempDir
    Path dir;

    @Test
    void twoConfigFilesBuildTwoDifferentTwinsThroughTheSameWiring() throws IOException {
        Path mlp = dir.resolve("mlp.conf");
        Files.writeString(mlp, "siamese.model { architecture = mlp, mlp.hidden = [64], embedding-dim = 4, margin = 0.5 }\n");
        Path conv = dir.resolve("conv.conf");
        Files.writeString(conv, "siamese.model { architecture = conv, conv { layers = 2, kernels = 8 }, embedding-dim = 3, margin = 1.0 }\n");

        List<String> mlpNames = variableNames(SettingsLoader.load(mlp.toString(), List.of()));
        List<String> convNames = variableNames(SettingsLoader.load(conv.toString(), List.of()));
        assertThat(mlpNames).anyMatch(n -> n.startsWith("dense_")).noneMatch(n -> n.startsWith("conv_"));
        assertThat(convNames).anyMatch(n -> n.startsWith("conv_1"));
    }

    private static List<String> variableNames(Settings settings) {
        ModelSettings model = ModelSettings.from(settings);
        Backend backend = Experiments.injector(settings).getInstance(Backend.class);
        try (TrainableModel twin = backend.create(model.toSpec(ImageShape.digits(), 1))) {
            int dim = model.architecture().embeddingDimension();
            assertThat(twin.embed(new float[784], 1).dimension()).isEqualTo(dim);
            assertThat(twin.spec().architecture()).isInstanceOf(model.architecture() instanceof ArchitectureSpec.Mlp
                    ? ArchitectureSpec.Mlp.class : ArchitectureSpec.ConvNet.class);
            return twin.weights().keySet().stream().sorted().toList();
        }
    }
}
