package dev.siamese.api.model;

import dev.siamese.api.ModelException;
import dev.siamese.api.image.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelDescriptorJsonTest {

    private static ModelDescriptor whitenedConv() {
        ModelSpec spec = new ModelSpec(new ImageShape(64, 64, 3), new ArchitectureSpec.ConvNet(3, 32, 3, 3, 2, true),
                new LossSpec.Contrastive(1.0), new OptimizerSpec.Adam(1e-3, 0.9, 0.99, 1e-8), 42L,
                new EmbeddingViews(List.of(1.0, 0.8)));
        EmbeddingWhitening w = new EmbeddingWhitening(0.1, new float[] {-0.1830492f, 0.06798941f},
                new float[] {1f, 0.25f, 0f, 2.5e-7f});
        return new ModelDescriptor(1, "tensorflow", "2.18.0 (TensorFlow Java 1.1.0)", spec, 3.5407823320330567,
                Map.of("dataset", "line\nbreak \"quoted\" caf\u00e9 \u0001", "seed", "42"), w);
    }

    @Test
    void roundTripsEveryField(@TempDir Path dir) throws Exception {
        ModelDescriptor d = whitenedConv();
        Path file = dir.resolve(ModelDescriptorJson.FILE_NAME);
        ModelDescriptorJson.write(file, d);
        ModelDescriptor back = ModelDescriptorJson.read(file);
        assertThat(back).isEqualTo(d);
        assertThat(Files.readString(file)).as("written again, byte for byte").isEqualTo(ModelDescriptorJson.toJson(back));

        ModelDescriptor mlp = new ModelDescriptor(1, "other", "1", ModelSpec.paperMlp(-7L), 0.5, Map.of());
        assertThat(ModelDescriptorJson.read(write(dir.resolve("mlp.json"), ModelDescriptorJson.toJson(mlp)))).isEqualTo(mlp);
    }

    @Test
    void roundTripsAResidualNet(@TempDir Path dir) throws Exception {
        ArchitectureSpec.ResNet res = new ArchitectureSpec.ResNet(16,
                ArchitectureSpec.ResNet.stages(List.of(16, 32), List.of(2, 1)), ArchitectureSpec.ResNet.Downsampling.POOL,
                64, true, 0.9);
        ModelDescriptor d = new ModelDescriptor(1, "tensorflow", "x", new ModelSpec(new ImageShape(32, 32, 3), res,
                new LossSpec.Contrastive(1.0), new OptimizerSpec.Adam(1e-3, 0.9, 0.99, 1e-8), 7L, EmbeddingViews.single()),
                0.5, Map.of());
        String json = ModelDescriptorJson.toJson(d);
        assertThat(json).contains("\"kind\" : \"resnet\"").contains("\"downsampling\" : \"pool\"");
        ModelDescriptor back = ModelDescriptorJson.read(write(dir.resolve("res.json"), json));
        assertThat(back).isEqualTo(d);
        assertThat(back.spec().architecture().label()).isEqualTo("resnet-s16-16x2-32x1-pool-64-l2");
        assertThat(ModelDescriptorJson.toJson(back)).as("written again, byte for byte").isEqualTo(json);
        assertProblem(dir, json.replace("\"pool\"", "\"avg\""), "field 'downsampling' must be \"stride\" or \"pool\"");
        assertProblem(dir, json.replace("\"blocks\" : 1", "\"blocks\" : 0"), "residual blocks per stage must be positive");
    }

    @Test
    void roundTripsATripletLoss(@TempDir Path dir) throws Exception {
        ModelDescriptor d = new ModelDescriptor(1, "tensorflow", "x", new ModelSpec(ImageShape.digits(),
                new ArchitectureSpec.Mlp(List.of(256), 32), new LossSpec.Triplet(0.2), OptimizerSpec.Adam.paper(), 7L),
                0.5, Map.of());
        String json = ModelDescriptorJson.toJson(d);
        assertThat(json).contains("\"kind\" : \"triplet\"");
        ModelDescriptor back = ModelDescriptorJson.read(write(dir.resolve("triplet.json"), json));
        assertThat(back).isEqualTo(d);
        assertThat(back.spec().loss()).isEqualTo(new LossSpec.Triplet(0.2));
        assertThat(ModelDescriptorJson.toJson(back)).as("written again, byte for byte").isEqualTo(json);
        assertProblem(dir, json.replace("\"margin\" : 0.2", "\"margin\" : -1.0"), "triplet margin must be a positive number");
    }

    @Test
    void roundTripsABatchContrastiveLoss(@TempDir Path dir) throws Exception {
        ModelDescriptor d = new ModelDescriptor(1, "tensorflow", "x", new ModelSpec(ImageShape.digits(),
                new ArchitectureSpec.Mlp(List.of(256), 32, true), new LossSpec.BatchContrastive(0.8),
                OptimizerSpec.Adam.paper(), 7L), 0.5, Map.of());
        String json = ModelDescriptorJson.toJson(d);
        assertThat(json).contains("\"kind\" : \"batch-contrastive\"");
        ModelDescriptor back = ModelDescriptorJson.read(write(dir.resolve("batch.json"), json));
        assertThat(back).isEqualTo(d);
        assertThat(back.spec().loss().needsLabelledBatches()).isTrue();
        assertThat(new LossSpec.Contrastive(0.8).needsLabelledBatches()).isFalse();
        assertThat(ModelDescriptorJson.toJson(back)).as("written again, byte for byte").isEqualTo(json);
        assertProblem(dir, json.replace("\"margin\" : 0.8", "\"margin\" : 0.0"),
                "batch contrastive margin must be a positive number");
        assertProblem(dir, json.replace("batch-contrastive", "batch-triplet"),
                "unknown loss kind 'batch-triplet' (expected contrastive, batch-contrastive or triplet)");
    }

    @Test
    void roundTripsNormalisedMlpAndConvEmbeddingsAndTheSoftMargin(@TempDir Path dir) throws Exception {
        List<ModelSpec> specs = List.of(
                new ModelSpec(ImageShape.digits(), new ArchitectureSpec.Mlp(List.of(64), 8, true),
                        new LossSpec.Triplet(0.2, true), OptimizerSpec.Adam.paper(), 7L),
                new ModelSpec(new ImageShape(32, 32, 3), new ArchitectureSpec.ConvNet(3, 16, 3, 3, 32, true, true),
                        new LossSpec.Contrastive(1.0), OptimizerSpec.Adam.paper(), 7L));
        for (ModelSpec spec : specs) {
            ModelDescriptor d = new ModelDescriptor(1, "tensorflow", "x", spec, 0.5, Map.of());
            String json = ModelDescriptorJson.toJson(d);
            assertThat(json).contains("\"normalizeEmbeddings\" : true");
            ModelDescriptor back = ModelDescriptorJson.read(write(dir.resolve(spec.architecture().label() + ".json"), json));
            assertThat(back).isEqualTo(d);
            assertThat(back.spec().architecture().label()).endsWith("-l2");
            assertThat(ModelDescriptorJson.toJson(back)).as("written again, byte for byte").isEqualTo(json);
        }
        String soft = ModelDescriptorJson.toJson(new ModelDescriptor(1, "tensorflow", "x", specs.get(0), 0.5, Map.of()));
        assertThat(soft).contains("\"softMargin\" : true");
        assertThat(new ArchitectureSpec.Mlp(List.of(64), 8, true).label()).isEqualTo("mlp-64-8-l2");
        assertThat(new ArchitectureSpec.ConvNet(3, 16, 3, 3, 32, true, true).label()).isEqualTo("conv-3x16-k3-p3-32-std-l2");
        assertProblem(dir, soft.replace("\"softMargin\" : true", "\"softMargin\" : 1"), "field 'softMargin' must be true or false");
    }

    @Test
    void descriptorsWithoutTheNewFlagsReadAsUnnormalisedHingeModels(@TempDir Path dir) throws Exception {
        ModelSpec plainMlp = new ModelSpec(ImageShape.digits(), new ArchitectureSpec.Mlp(List.of(64), 8),
                new LossSpec.Triplet(0.2), OptimizerSpec.Adam.paper(), 7L);
        for (ModelDescriptor d : List.of(whitenedConv(), new ModelDescriptor(1, "tensorflow", "x", plainMlp, 0.5, Map.of()))) {
            String json = ModelDescriptorJson.toJson(d);
            assertThat(json).as("the layout of models without the options is unchanged")
                    .doesNotContain("normalizeEmbeddings").doesNotContain("softMargin");
            ModelDescriptor back = ModelDescriptorJson.read(write(dir.resolve("old.json"), json));
            assertThat(back.spec().architecture().normalizeEmbeddings()).isFalse();
            assertThat(back).isEqualTo(d);
        }
        assertThat(ModelDescriptorJson.read(write(dir.resolve("t.json"), ModelDescriptorJson.toJson(
                new ModelDescriptor(1, "tensorflow", "x", plainMlp, 0.5, Map.of())))).spec().loss())
                .isEqualTo(new LossSpec.Triplet(0.2, false));
    }

    @Test
    void residualStagesNeedOneBlockCountPerWidth() {
        assertThatThrownBy(() -> ArchitectureSpec.ResNet.stages(List.of(16, 32), List.of(2)))
                .hasMessageContaining("one block count per stage width");
        assertThatThrownBy(() -> new ArchitectureSpec.ResNet(8, List.of(), ArchitectureSpec.ResNet.Downsampling.STRIDE, 2,
                false, 0.9)).hasMessageContaining("at least one stage");
        assertThatThrownBy(() -> new ArchitectureSpec.ResNet(8, List.of(new ArchitectureSpec.ResNet.Stage(8, 1)),
                ArchitectureSpec.ResNet.Downsampling.STRIDE, 2, false, 1.0)).hasMessageContaining("momentum");
    }

    @Test
    void roundTripsWeightDecayAndClippingAndLeavesThemOutOfPlainAdam(@TempDir Path dir) throws Exception {
        ModelSpec spec = ModelSpec.paperMlp(3L);
        ModelDescriptor adamW = new ModelDescriptor(1, "tensorflow", "x", new ModelSpec(spec.input(), spec.architecture(),
                spec.loss(), new OptimizerSpec.Adam(1e-3, 0.9, 0.99, 1e-8, 5e-4, 2.0), 3L), 0.5, Map.of());
        String json = ModelDescriptorJson.toJson(adamW);
        assertThat(json).contains("\"weightDecay\" : 5.0E-4").contains("\"clipNorm\" : 2.0");
        assertThat(ModelDescriptorJson.read(write(dir.resolve("adamw.json"), json))).isEqualTo(adamW);
        String plain = ModelDescriptorJson.toJson(new ModelDescriptor(1, "tensorflow", "x", spec, 0.5, Map.of()));
        assertThat(plain).doesNotContain("weightDecay").doesNotContain("clipNorm");
        assertProblem(dir, json.replace("5.0E-4", "-1"), "weight decay");
    }

    @Test
    void writesTheLayoutDescriptorsHaveAlwaysHad() {
        String json = ModelDescriptorJson.toJson(whitenedConv());
        assertThat(json).startsWith("{\n  \"formatVersion\" : 1,\n  \"backend\" : \"tensorflow\",\n")
                .contains("    \"views\" : {\n      \"crops\" : [ 1.0, 0.8 ]\n    }\n")
                .contains("\"mean\" : [ -0.1830492, 0.06798941 ]")
                .contains("\"epsilon\" : 1.0E-8")
                .contains("\"dataset\" : \"line\\nbreak \\\"quoted\\\" caf\u00e9 \\u0001\"")
                .endsWith("\n  }\n}");
    }

    @Test
    void readsOlderDescriptorsWithoutViewsOrWhitening(@TempDir Path dir) throws Exception {
        String older = ModelDescriptorJson.toJson(new ModelDescriptor(1, "tensorflow", "x", ModelSpec.paperMlp(1), 0.3,
                Map.of())).replaceAll(",\\s*\"views\" : \\{[^}]*\\}", "");
        assertThat(older).doesNotContain("views");
        ModelDescriptor d = ModelDescriptorJson.read(write(dir.resolve("old.json"), older));
        assertThat(d.spec().views().isSingle()).isTrue();
        assertThat(d.whitened()).isFalse();
    }

    @Test
    void namesTheFileAndFieldOfEveryProblem(@TempDir Path dir) throws Exception {
        String good = ModelDescriptorJson.toJson(whitenedConv());
        assertProblem(dir, good.replace("\"seed\" : 42", "\"seed\" : 4.5"), "field 'seed' must be an integer");
        assertProblem(dir, good.replace("\"layers\" : 3", "\"layers\" : 3000000000"), "field 'layers' must be an integer");
        assertProblem(dir, good.replace("\"kind\" : \"contrastive\"", "\"kind\" : \"arcface\""), "unknown loss kind 'arcface'");
        assertProblem(dir, good.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"), "format version 2");
        assertProblem(dir, good.replace("\"threshold\" : 3.5407823320330567,", ""), "missing the field 'threshold'");
        assertProblem(dir, good.replace("\"threshold\" : 3.5407823320330567", "\"threshold\" : -1.0"), "invalid model description");
        assertProblem(dir, good.substring(0, good.length() / 2), "not a readable model descriptor");
        assertProblem(dir, "[1, 2]", "expected a JSON object");
        assertProblem(dir, good + " x", "unexpected text after the value");
        assertProblem(dir, "[".repeat(100_000), "nested deeper");
        assertProblem(dir, good.replace("\"seed\" : 42", "\"seed\" : 042"), "leading zero");
    }

    private static void assertProblem(Path dir, String text, String expected) throws Exception {
        Path file = write(dir.resolve("bad.json"), text);
        assertThatThrownBy(() -> ModelDescriptorJson.read(file)).isInstanceOf(ModelException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(expected);
    }

    private static Path write(Path file, String text) throws Exception {
        Files.writeString(file, text);
        return file;
    }
}
