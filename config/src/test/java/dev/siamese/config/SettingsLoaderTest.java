package dev.siamese.config;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.EmbeddingViews;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreThePapersModel() {
        Settings settings = SettingsLoader.defaults();
        ModelSpec spec = ModelSettings.from(settings).toSpec(ImageShape.digits(), 42);
        assertThat(spec).isEqualTo(ModelSpec.paperMlp(42));
        assertThat(ExperimentSettings.from(settings).seed()).isEqualTo(42);
    }

    @Test
    void experimentFileOverridesDefaultsAndCommandLineOverridesTheFile() throws IOException {
        Path file = write("exp.conf", "siamese.model.margin = 0.5\nsiamese.model.architecture = conv\n");
        Settings settings = SettingsLoader.load(file.toString(), List.of("model.margin=0.7", "siamese.model.conv.layers=2"));
        ModelSettings model = ModelSettings.from(settings);
        assertThat(model.loss()).isEqualTo(new LossSpec.Contrastive(0.7));
        assertThat(model.architecture()).isEqualTo(new ArchitectureSpec.ConvNet(2, 16, 3, 2, 2));
        ModelSettings standardising = ModelSettings.from(SettingsLoader.load(file.toString(),
                List.of("model.conv.standardize-input=true")));
        assertThat(standardising.architecture()).isEqualTo(new ArchitectureSpec.ConvNet(3, 16, 3, 3, 2, true));
        assertThatThrownBy(() -> ModelSettings.from(SettingsLoader.load(file.toString(),
                List.of("model.conv.standardize-input=maybe")))).hasMessageContaining("siamese.model.conv.standardize-input");
    }

    @Test
    void weightDecayAndClipNormReachTheOptimizerAndBadOnesNameTheKey() {
        ModelSettings model = ModelSettings.from(SettingsLoader.load(null,
                List.of("model.adam.weight-decay=5e-4", "model.adam.clip-norm=2")));
        assertThat(model.optimizer()).isEqualTo(new dev.siamese.api.model.OptimizerSpec.Adam(1e-4, 0.9, 0.99, 1e-8, 5e-4, 2));
        assertThatThrownBy(() -> ModelSettings.from(SettingsLoader.load(null, List.of("model.adam.weight-decay=-1"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.model.adam.weight-decay");
        assertThatThrownBy(() -> ModelSettings.from(SettingsLoader.load(null, List.of("model.adam.clip-norm=-0.5"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.model.adam.clip-norm");
    }

    @Test
    void viewCropsReachTheSpecAndBadOnesNameTheKeyAndTheProblem() {
        ModelSpec spec = ModelSettings.from(SettingsLoader.load(null, List.of("model.view-crops=[1.0, 0.85, 0.7]")))
                .toSpec(ImageShape.digits(), 1);
        assertThat(spec.views()).isEqualTo(new EmbeddingViews(List.of(1.0, 0.85, 0.7)));
        assertThatThrownBy(() -> ModelSettings.from(SettingsLoader.load(null, List.of("model.view-crops=[1.0, 2]"))))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("siamese.model.view-crops").hasMessageContaining("[0.25, 1]");
        assertThatThrownBy(() -> ModelSettings.from(SettingsLoader.load(null, List.of("model.view-crops=[]"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.model.view-crops");
        assertThatThrownBy(() -> ModelSettings.from(SettingsLoader.load(null, List.of("model.view-crops=[big]"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.model.view-crops");
    }

    @Test
    void whiteningIsOffByDefaultAndBadValuesNameTheKey() {
        ModelSettings defaults = ModelSettings.from(SettingsLoader.defaults());
        assertThat(defaults.whitening().enabled()).isFalse();
        ModelSettings on = ModelSettings.from(SettingsLoader.load(null, List.of("model.whitening.shrinkage=0.1",
                "model.whitening.sample=800")));
        assertThat(on.whitening()).isEqualTo(new ModelSettings.Whitening(0.1, 800));
        assertThat(on.whitening().enabled()).isTrue();
        assertThatThrownBy(() -> ModelSettings.from(SettingsLoader.load(null, List.of("model.whitening.shrinkage=-1"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.model.whitening.shrinkage");
        assertThatThrownBy(() -> ModelSettings.from(SettingsLoader.load(null, List.of("model.whitening.sample=1"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.model.whitening.sample");
    }

    @Test
    void unknownKeyInFileFailsNamingKeyFileAndLineWithSuggestion() throws IOException {
        Path file = write("typo.conf", "siamese.model.margin = 0.5\nsiamese.model.marign = 0.4\n");
        assertThatThrownBy(() -> SettingsLoader.load(file.toString(), List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("unknown setting 'siamese.model.marign'")
                .hasMessageContaining("typo.conf:2")
                .hasMessageContaining("did you mean 'siamese.model.margin'");
    }

    @Test
    void unknownKeyOnCommandLineFails() {
        assertThatThrownBy(() -> SettingsLoader.load(null, List.of("model.nope=1")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("siamese.model.nope")
                .hasMessageContaining("command line");
    }

    @Test
    void outOfRangeValueFailsNamingKeyAndFile() throws IOException {
        Path file = write("bad.conf", "siamese.model.margin = -0.3\n");
        Settings settings = SettingsLoader.load(file.toString(), List.of());
        assertThatThrownBy(() -> ModelSettings.from(settings))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("siamese.model.margin = -0.3")
                .hasMessageContaining("bad.conf:1")
                .hasMessageContaining("must be > 0");
    }

    @Test
    void wrongTypeFailsNamingKey() {
        Settings settings = SettingsLoader.load(null, List.of("model.embedding-dim=two"));
        assertThatThrownBy(() -> ModelSettings.from(settings))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("siamese.model.embedding-dim")
                .hasMessageContaining("wrong type");
    }

    @Test
    void unknownArchitectureAndTooManyPoolingLayersFail() {
        assertThatThrownBy(() -> ModelSettings.from(SettingsLoader.load(null, List.of("model.architecture=densenet"))))
                .hasMessageContaining("must be one of");
        assertThatThrownBy(() -> ModelSettings.from(SettingsLoader.load(null,
                List.of("model.architecture=conv", "model.conv.layers=2", "model.conv.pooling-layers=3"))))
                .hasMessageContaining("siamese.model.conv.pooling-layers").hasMessageContaining("[0, 2]");
    }

    @Test
    void lossComesFromConfigurationWithTheSharedMargin() {
        assertThat(ModelSettings.from(SettingsLoader.defaults()).loss()).isEqualTo(LossSpec.Contrastive.paper());
        assertThat(ModelSettings.from(SettingsLoader.load(null, List.of("model.loss=triplet", "model.margin=0.2"))).loss())
                .isEqualTo(new LossSpec.Triplet(0.2));
        assertThat(ModelSettings.from(SettingsLoader.load(null, List.of("model.loss=batch-contrastive",
                "model.margin=0.9"))).loss()).isEqualTo(new LossSpec.BatchContrastive(0.9));
        assertThatThrownBy(() -> ModelSettings.from(SettingsLoader.load(null, List.of("model.loss=arcface"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.model.loss")
                .hasMessageContaining("must be one of");
    }

    @Test
    void normalisedMlpAndConvEmbeddingsAndTheSoftMarginComeFromConfiguration() {
        ModelSettings defaults = ModelSettings.from(SettingsLoader.defaults());
        assertThat(defaults.architecture()).isEqualTo(ArchitectureSpec.Mlp.paper());
        assertThat(defaults.architecture().normalizeEmbeddings()).isFalse();
        assertThat(ModelSettings.from(SettingsLoader.load(null, List.of("model.mlp.normalize-embeddings=true")))
                .architecture()).isEqualTo(new ArchitectureSpec.Mlp(List.of(1024, 1024), 2, true));
        assertThat(ModelSettings.from(SettingsLoader.load(null, List.of("model.architecture=conv",
                "model.conv.normalize-embeddings=true"))).architecture())
                .isEqualTo(new ArchitectureSpec.ConvNet(3, 16, 3, 3, 2, false, true));
        assertThat(ModelSettings.from(SettingsLoader.load(null, List.of("model.loss=triplet",
                "model.triplet.soft-margin=true"))).loss()).isEqualTo(new LossSpec.Triplet(0.3, true));
        assertThat(ModelSettings.from(SettingsLoader.load(null, List.of("model.loss=triplet"))).loss())
                .isEqualTo(new LossSpec.Triplet(0.3, false));
        assertThatThrownBy(() -> ModelSettings.from(SettingsLoader.load(null, List.of("model.loss=triplet",
                "model.triplet.soft-margin=maybe"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.model.triplet.soft-margin");
        assertThatThrownBy(() -> ModelSettings.from(SettingsLoader.load(null, List.of("model.architecture=conv",
                "model.conv.normalize-embeddings=2"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.model.conv.normalize-embeddings");
    }

    @Test
    void residualNetComesFromConfiguration() {
        ModelSettings model = ModelSettings.from(SettingsLoader.load(null, List.of("model.architecture=resnet",
                "model.embedding-dim=32", "model.resnet.widths=[8, 16]", "model.resnet.blocks=[1, 2]",
                "model.resnet.downsampling=pool", "model.resnet.normalize-embeddings=true")));
        assertThat(model.architecture()).isEqualTo(new ArchitectureSpec.ResNet(16,
                List.of(new ArchitectureSpec.ResNet.Stage(8, 1), new ArchitectureSpec.ResNet.Stage(16, 2)),
                ArchitectureSpec.ResNet.Downsampling.POOL, 32, true, 0.9));
        ArchitectureSpec bundled = ModelSettings.from(new Settings(SettingsLoader.parseExperiment("resnet-cifar10")
                .withFallback(SettingsLoader.defaults().config()).resolve())).architecture();
        assertThat(bundled.label()).isEqualTo("resnet-s16-16x2-32x2-64x2-stride-64-l2");
    }

    @Test
    void badResidualSettingsNameTheKey() {
        assertResNetProblem("model.resnet.blocks=[1]", "siamese.model.resnet.blocks", "one block count per stage width");
        assertResNetProblem("model.resnet.widths=[]", "siamese.model.resnet.widths", "at least one");
        assertResNetProblem("model.resnet.widths=[16, 0, 64]", "siamese.model.resnet.widths", "");
        assertResNetProblem("model.resnet.downsampling=avg", "siamese.model.resnet.downsampling", "must be one of");
        assertResNetProblem("model.resnet.batch-norm-momentum=1", "siamese.model.resnet.batch-norm-momentum", "");
        assertResNetProblem("model.resnet.stem-width=0", "siamese.model.resnet.stem-width", "");
        assertResNetProblem("model.resnet.normalize-embeddings=maybe", "siamese.model.resnet.normalize-embeddings", "");
    }

    private static void assertResNetProblem(String setting, String key, String problem) {
        assertThatThrownBy(() -> ModelSettings.from(SettingsLoader.load(null, List.of("model.architecture=resnet", setting))))
                .isInstanceOf(SettingsException.class).hasMessageContaining(key).hasMessageContaining(problem);
    }

    @Test
    void missingExperimentFileListsBundledExperiments() {
        assertThatThrownBy(() -> SettingsLoader.load("no-such.conf", List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("no-such.conf")
                .hasMessageContaining("paper-mlp-digits");
    }

    @Test
    void syntaxErrorNamesTheFile() throws IOException {
        Path file = write("broken.conf", "siamese.model { margin = \n");
        assertThatThrownBy(() -> SettingsLoader.load(file.toString(), List.of()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("broken.conf");
    }

    @Test
    void everyBundledExperimentParses() {
        for (String name : SettingsLoader.BUNDLED_EXPERIMENTS) {
            assertThat(SettingsLoader.parseExperiment(name).getString("siamese.experiment.name")).as(name).isNotBlank();
            assertThat(SettingsLoader.bundledDescription(name)).as(name).isNotBlank();
        }
    }

    @Test
    void overrideValueThatIsNotHoconIsTakenAsString() {
        Settings settings = SettingsLoader.load(null, List.of("experiment.output-dir=/tmp/a:b/runs"));
        assertThat(ExperimentSettings.from(settings).outputDirectory()).isEqualTo(Path.of("/tmp/a:b/runs"));
    }

    @Test
    void renderedSettingsReloadToTheSameValues() {
        Settings settings = SettingsLoader.load(null, List.of("model.margin=0.9"));
        Settings again = new Settings(com.typesafe.config.ConfigFactory.parseString(settings.render()));
        assertThat(ModelSettings.from(again)).isEqualTo(ModelSettings.from(settings));
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
