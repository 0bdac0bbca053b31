package dev.siamese.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepSettingsTest {

    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        Path file = dir.resolve("sweep.conf");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void gridExpandsToEveryCombinationInFileOrder() throws IOException {
        Path file = write("""
                sweep {
                  name = "t"
                  base = "paper-mlp-digits"
                  grid {
                    model.conv.layers = [1, 2, 3]
                    model.conv.kernels = [8, 16]
                  }
                  paper { column = "paper", values = [ { model.conv.layers = 2, model.conv.kernels = 16, value = 98.88 } ] }
                }
                siamese.model.architecture = conv
                """);
        SweepSettings sweep = SweepSettings.load(file.toString());
        List<SweepSettings.Cell> cells = sweep.cells();
        assertThat(cells).hasSize(6);
        assertThat(cells.get(0).values()).containsExactly(Map.entry("siamese.model.conv.layers", "1"),
                Map.entry("siamese.model.conv.kernels", "8"));
        assertThat(cells.get(0).directoryName()).isEqualTo("layers=1,kernels=8");
        assertThat(cells.get(3).overrides()).containsExactly("siamese.model.conv.layers=2", "siamese.model.conv.kernels=16");
        assertThat(sweep.paperFigure(cells.get(3))).contains(98.88);
        assertThat(sweep.paperFigure(cells.get(0))).isEmpty();
    }

    @Test
    void cellSettingsLayerBaseCommonAndGrid() throws IOException {
        Files.writeString(dir.resolve("base.conf"), "siamese.model.margin = 0.2\n");
        Path file = write("""
                sweep { name = "t", base = "base.conf", grid { model.margin = [0.5, 1.0] } }
                siamese.model.embedding-dim = 8
                """);
        SweepSettings sweep = SweepSettings.load(file.toString());
        Settings second = sweep.cellSettings(sweep.cells().get(1), List.of());
        assertThat(ModelSettings.from(second).loss()).isEqualTo(new dev.siamese.api.model.LossSpec.Contrastive(1.0));
        assertThat(ModelSettings.from(second).architecture().embeddingDimension()).isEqualTo(8);
        assertThat(sweep.base()).as("a relative base is relative to the sweep file").isEqualTo(dir.resolve("base.conf").toString());
    }

    @Test
    void variantsAreNamedRunsInFileOrderEachChangingSeveralKeysAndCombineWithTheGrid() throws IOException {
        Files.writeString(dir.resolve("base.conf"), "siamese.model.embedding-dim = 4\n");
        Path file = write("""
                sweep {
                  name = "t"
                  base = "base.conf"
                  variants {
                    recipe {}
                    wide { model.embedding-dim = 16, model.margin = 1.0 }
                    triplet { siamese.model.loss = triplet }
                  }
                  grid { experiment.seed = [1, 2] }
                }
                siamese.model.margin = 0.5
                """);
        SweepSettings sweep = SweepSettings.load(file.toString());
        List<SweepSettings.Cell> cells = sweep.cells();
        assertThat(cells).hasSize(6);
        assertThat(sweep.axes().get(0).key()).isEqualTo(SweepSettings.VARIANT);
        assertThat(cells.stream().map(SweepSettings.Cell::directoryName)).containsExactly(
                "variant=recipe,seed=1", "variant=recipe,seed=2", "variant=wide,seed=1", "variant=wide,seed=2",
                "variant=triplet,seed=1", "variant=triplet,seed=2");
        ModelSettings recipe = ModelSettings.from(sweep.cellSettings(cells.get(0), List.of()));
        assertThat(recipe.loss()).isEqualTo(new dev.siamese.api.model.LossSpec.Contrastive(0.5));
        ModelSettings wide = ModelSettings.from(sweep.cellSettings(cells.get(3), List.of()));
        assertThat(wide.loss()).isEqualTo(new dev.siamese.api.model.LossSpec.Contrastive(1.0));
        assertThat(wide.architecture().embeddingDimension()).isEqualTo(16);
        assertThat(sweep.cellSettings(cells.get(3), List.of()).config().getLong("siamese.experiment.seed")).isEqualTo(2);
        assertThat(ModelSettings.from(sweep.cellSettings(cells.get(4), List.of("model.margin=0.2"))).loss())
                .as("command-line overrides come last").isEqualTo(new dev.siamese.api.model.LossSpec.Triplet(0.2));
    }

    @Test
    void badVariantsFailNamingTheVariant() throws IOException {
        assertThatThrownBy(() -> SweepSettings.load(write(
                "sweep { name = t, base = paper-mlp-digits, variants { wide { model.embeding-dim = 16 } } }\n").toString()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("sweep.variants.wide")
                .hasMessageContaining("did you mean 'siamese.model.embedding-dim'");
        assertThatThrownBy(() -> SweepSettings.load(write(
                "sweep { name = t, base = paper-mlp-digits, variants { wide = 16 } }\n").toString()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("sweep.variants.wide")
                .hasMessageContaining("must be an object of settings");
        assertThatThrownBy(() -> SweepSettings.load(write(
                "sweep { name = t, base = paper-mlp-digits, variants = [1] }\n").toString()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("must be an object of named variants");
        assertThatThrownBy(() -> SweepSettings.load(write(
                "sweep { name = t, base = paper-mlp-digits, variants { \"a b\" {} } }\n").toString()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("letters, digits");
    }

    @Test
    void unknownGridKeyFailsWithSuggestion() throws IOException {
        Path file = write("sweep { name = t, base = paper-mlp-digits, grid { model.conv.layer = [1, 2] } }\n");
        assertThatThrownBy(() -> SweepSettings.load(file.toString()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("grid key 'model.conv.layer'")
                .hasMessageContaining("sweep.conf:1")
                .hasMessageContaining("did you mean 'siamese.model.conv.layers'");
    }

    @Test
    void gridValueThatIsNotAListFails() throws IOException {
        Path file = write("sweep { name = t, base = paper-mlp-digits, grid { model.margin = 0.5 } }\n");
        assertThatThrownBy(() -> SweepSettings.load(file.toString())).hasMessageContaining("must be a non-empty list");
    }

    @Test
    void unknownSweepKeyAndMissingBlockFail() throws IOException {
        assertThatThrownBy(() -> SweepSettings.load(write("sweep { name = t, base = b, grid { model.margin = [1] }, gird = 1 }\n").toString()))
                .hasMessageContaining("unknown sweep setting 'sweep.gird'");
        assertThatThrownBy(() -> SweepSettings.load(write("siamese.model.margin = 1\n").toString()))
                .hasMessageContaining("has no 'sweep { ... }' block");
        assertThatThrownBy(() -> SweepSettings.load("no-such-sweep")).hasMessageContaining("table1-cifar10");
    }

    @Test
    void bundledSweepsParseAsHocon() {
        for (String name : SweepSettings.BUNDLED_SWEEPS) {
            if (name.startsWith("table1-")) {
                assertThat(SettingsLoader.parseResource("sweeps/" + name + ".conf", name).getStringList("sweep.grid.model.conv.layers"))
                        .containsExactly("1", "2", "3");
            }
            assertThat(SettingsLoader.bundledDescription(name)).isNotBlank();
        }
        SweepSettings seeds = SweepSettings.load("near-duplicate-ensemble");
        assertThat(seeds.base()).isEqualTo("near-duplicate-photos");
        assertThat(seeds.axes()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("siamese.experiment.seed");
            assertThat(a.values()).containsExactly("1", "2", "3", "4");
        });
    }
}
