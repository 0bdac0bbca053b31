package dev.siamese.tf;

import dev.siamese.api.ModelException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.EmbeddingViews;
import dev.siamese.api.model.EmbeddingWhitening;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.ModelDescriptor;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.OptimizerSpec;
import dev.siamese.api.model.TrainableModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Saving writes an inference-only SavedModel plus descriptor; loading it, here or in a fresh JVM, gives the same embeddings. */
class SavedModelTest {

    static final int PROBE_COUNT = 300;
    static final long PROBE_SEED = 77;

    @TempDir
    Path temp;

    private static ModelSpec conv() {
        return new ModelSpec(new ImageShape(12, 10, 3), new ArchitectureSpec.ConvNet(2, 4, 3, 1, 3),
                new LossSpec.Contrastive(0.5), new OptimizerSpec.Adam(1e-3, 0.9, 0.99, 1e-8), 9);
    }

    private static TrainableModel trained(ModelSpec spec) {
        TrainableModel model = new TfBackend().create(spec);
        for (int i = 0; i < 5; i++) {
            model.step(Pictures.easyPairs(spec.input(), 16, i));
        }
        return model;
    }

    @Test
    void aSavedMlpLoadsWithItsDescriptorAndIdenticalEmbeddings() throws Exception {
        ModelSpec spec = new ModelSpec(ImageShape.digits(), new ArchitectureSpec.Mlp(List.of(64, 32), 4),
                LossSpec.Contrastive.paper(), OptimizerSpec.Adam.paper(), 21);
        Path dir = temp.resolve("mlp");
        float[] pixels = Pictures.random(spec.input(), PROBE_COUNT, PROBE_SEED);
        float[] expected;
        ModelDescriptor saved;
        try (TrainableModel model = trained(spec)) {
            expected = model.embed(pixels, PROBE_COUNT).toArray();
            saved = model.save(dir, 0.25, Map.of("dataset", "generated", "seed", "21"));
        }
        assertThat(saved.formatVersion()).isEqualTo(ModelDescriptor.FORMAT_VERSION);
        assertThat(saved.backend()).isEqualTo("tensorflow");
        assertThat(dir.resolve("siamese-model.json")).isRegularFile();
        assertThat(dir.resolve("saved_model/saved_model.pb")).isRegularFile();
        try (Stream<Path> siblings = Files.list(temp)) {
            assertThat(siblings).containsExactly(dir); // no temporary folder left behind
        }

        try (EmbeddingModel loaded = new TfBackend().load(dir)) {
            assertThat(loaded.descriptor()).isEqualTo(saved);
            assertThat(loaded.descriptor().spec()).isEqualTo(spec);
            assertThat(loaded.threshold()).isEqualTo(0.25);
            assertThat(loaded.embeddingDimension()).isEqualTo(4);
            assertThat(loaded.embed(pixels, PROBE_COUNT).toArray()).isEqualTo(expected);
        }
        assertThat(embedInFreshJvm(dir)).isEqualTo(expected);
    }

    @Test
    void aSavedConvNetGivesIdenticalEmbeddingsInThisJvm() {
        ModelSpec spec = conv();
        Path dir = temp.resolve("conv");
        float[] pixels = Pictures.random(spec.input(), 40, 3);
        float[] expected;
        try (TrainableModel model = trained(spec)) {
            expected = model.embed(pixels, 40).toArray();
            model.save(dir, 0.4, Map.of());
        }
        try (EmbeddingModel loaded = new TfBackend().load(dir)) {
            assertThat(loaded.descriptor().spec()).isEqualTo(spec);
            assertThat(loaded.embed(pixels, 40).toArray()).isEqualTo(expected);
        }
    }

    @Test
    void aStandardisingConvNetIgnoresBrightnessAndContrastAndKeepsItsSettingWhenSavedAndLoaded() throws IOException {
        ModelSpec spec = new ModelSpec(new ImageShape(12, 10, 3), new ArchitectureSpec.ConvNet(2, 4, 3, 1, 3, true),
                new LossSpec.Contrastive(0.5), new OptimizerSpec.Adam(1e-3, 0.9, 0.99, 1e-8), 9);
        assertThat(spec.architecture().label()).endsWith("-std");
        int n = 20;
        float[] pixels = Pictures.random(spec.input(), n, 5);
        // the same pictures with less contrast and more light (values stay in [0, 1])
        float[] altered = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            altered[i] = 0.2f + 0.6f * pixels[i];
        }
        Path dir = temp.resolve("std");
        float[] expected;
        try (TrainableModel model = trained(spec)) {
            expected = model.embed(pixels, n).toArray();
            float[] same = model.embed(altered, n).toArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(same[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4f));
            }
            model.save(dir, 0.4, Map.of());
        }
        try (EmbeddingModel loaded = new TfBackend().load(dir)) {
            assertThat(loaded.descriptor().spec()).isEqualTo(spec);
            assertThat(loaded.embed(pixels, n).toArray()).isEqualTo(expected);
        }
        // without standardisation the altered pictures embed elsewhere
        try (TrainableModel plain = trained(conv())) {
            float[] a = plain.embed(pixels, n).toArray();
            float[] b = plain.embed(altered, n).toArray();
            assertThat(a).isNotEqualTo(b);
        }
        // a descriptor written before the setting existed loads as not standardising
        Path json = dir.resolve("siamese-model.json");
        String text = Files.readString(json);
        assertThat(text).contains("\"standardizeInput\" : true");
        Files.writeString(json, text.replaceFirst(",\\s*\"standardizeInput\" : true", ""));
        ModelDescriptor older = dev.siamese.api.model.ModelDescriptorJson.read(json);
        assertThat(((ArchitectureSpec.ConvNet) older.spec().architecture()).standardizeInput()).isFalse();
        Files.writeString(json, text.replace("\"standardizeInput\" : true", "\"standardizeInput\" : \"yes\""));
        assertThatThrownBy(() -> new TfBackend().load(dir)).isInstanceOf(ModelException.class)
                .hasMessageContaining("standardizeInput").hasMessageContaining("true or false");
    }

    @Test
    void aModelWithViewsEmbedsTheMeanOfItsCropsBeforeAndAfterSavingAndOlderDescriptorsHaveNone() throws IOException {
        EmbeddingViews views = new EmbeddingViews(List.of(1.0, 0.7));
        ModelSpec spec = conv().withViews(views);
        int n = 20;
        float[] pixels = Pictures.random(spec.input(), n, 6);
        Path dir = temp.resolve("views");
        float[] expected;
        try (TrainableModel model = trained(spec); TrainableModel plain = trained(conv())) {
            // training never sees views: the same seed and batches give the same weights
            assertThat(model.weights().keySet()).isEqualTo(plain.weights().keySet());
            model.weights().forEach((name, w) -> assertThat(w).as(name).isEqualTo(plain.weights().get(name)));
            expected = model.embed(pixels, n).toArray();
            float[] byHand = views.embed(pixels, n, spec.input(), plain::embed).toArray();
            assertThat(expected).isEqualTo(byHand);
            assertThat(expected).isNotEqualTo(plain.embed(pixels, n).toArray());
            model.save(dir, 0.4, Map.of());
        }
        try (EmbeddingModel loaded = new TfBackend().load(dir)) {
            assertThat(loaded.descriptor().spec()).isEqualTo(spec);
            assertEmbedsAsBefore(loaded, pixels, n, expected, 1e-5f);
        }
        Path json = dir.resolve("siamese-model.json");
        String text = Files.readString(json);
        assertThat(text).containsPattern("\"views\" : \\{\\s*\"crops\" : \\[ 1\\.0, 0\\.7 \\]");
        Files.writeString(json, text.replaceFirst(",\\s*\"views\" : \\{[^}]*\\}", ""));
        assertThat(dev.siamese.api.model.ModelDescriptorJson.read(json).spec().views().isSingle()).isTrue();
        Files.writeString(json, text.replace("[ 1.0, 0.7 ]", "[ 1.0, 1.5 ]"));
        assertThatThrownBy(() -> new TfBackend().load(dir)).isInstanceOf(ModelException.class)
                .hasMessageContaining(json.toString()).hasMessageContaining("1.5");
    }

    @Test
    void aWhitenedModelWhitensBeforeAndAfterSavingAndOlderDescriptorsAreNotWhitened() throws IOException {
        ModelSpec spec = conv();
        int n = 40;
        float[] pixels = Pictures.random(spec.input(), n, 8);
        Path dir = temp.resolve("whitened");
        float[] expected;
        EmbeddingWhitening whitening;
        try (TrainableModel model = trained(spec)) {
            Embeddings plain = model.embed(pixels, n);
            whitening = EmbeddingWhitening.fit(plain, 0.1);
            assertThatThrownBy(() -> model.save(temp.resolve("wrong"), 0.7,
                    new EmbeddingWhitening(0.1, new float[2], new float[4]), Map.of()))
                    .isInstanceOf(ModelException.class).hasMessageContaining("3-D").hasMessageContaining("2-D");
            expected = whitening.apply(plain).toArray();
            ModelDescriptor saved = model.save(dir, 0.7, whitening, Map.of());
            assertThat(model.embed(pixels, n).toArray()).as("the trained model itself never whitens").isEqualTo(plain.toArray());
            assertThat(saved.whitening()).isEqualTo(whitening);
        }
        try (EmbeddingModel loaded = new TfBackend().load(dir)) {
            assertThat(loaded.descriptor().whitening()).isEqualTo(whitening);
            assertEmbedsAsBefore(loaded, pixels, n, expected, 1e-4f);
        }
        Path json = dir.resolve("siamese-model.json");
        String text = Files.readString(json);
        Files.writeString(json, text.replaceFirst("\"whitening\" : \\{[^}]*\\},", ""));
        assertThat(dev.siamese.api.model.ModelDescriptorJson.read(json).whitened()).isFalse();
        Files.writeString(json, text.replaceFirst("\"shrinkage\" : 0.1", "\"shrinkage\" : -1"));
        assertThatThrownBy(() -> new TfBackend().load(dir)).isInstanceOf(ModelException.class)
                .hasMessageContaining(json.toString()).hasMessageContaining("shrinkage");
    }

    /** A loaded model embeds {@code pixels} as the model did before it was saved, within {@code tolerance}. */
    private static void assertEmbedsAsBefore(EmbeddingModel loaded, float[] pixels, int n, float[] expected, float tolerance) {
        float[] again = loaded.embed(pixels, n).toArray();
        for (int i = 0; i < expected.length; i++) {
            assertThat(again[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tolerance));
        }
    }

    @Test
    void theExportHoldsNoOptimizerState() throws IOException {
        Path dir = temp.resolve("small");
        try (TrainableModel model = new TfBackend().create(ModelSpec.paperMlp(1))) {
            model.save(dir, 0.3, Map.of());
        }
        long weightsBytes = 4L * (784 * 1024 + 1024 + 1024 * 1024 + 1024 + 1024 * 2 + 2);
        long total;
        try (Stream<Path> files = Files.walk(dir)) {
            total = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        // The training graph's variables with Adam's two moments would be three times the weights.
        assertThat(total).isBetween(weightsBytes, weightsBytes + weightsBytes / 5);
    }

    @Test
    void aLoadedModelCanBeSharedByThreads() throws Exception {
        ModelSpec spec = new ModelSpec(new ImageShape(8, 8, 1), new ArchitectureSpec.Mlp(List.of(16), 2),
                LossSpec.Contrastive.paper(), OptimizerSpec.Adam.paper(), 4);
        Path dir = temp.resolve("shared");
        try (TrainableModel model = new TfBackend().create(spec)) {
            model.save(dir, 0.3, Map.of());
        }
        float[] pixels = Pictures.random(spec.input(), 50, 8);
        try (EmbeddingModel loaded = new TfBackend().load(dir)) {
            float[] expected = loaded.embed(pixels, 50).toArray();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    results.add(pool.submit(() -> loaded.embed(pixels, 50).toArray()));
                }
                for (Future<float[]> r : results) {
                    assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void savingIntoANonEmptyDirectoryFailsAndLeavesItAlone() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("busy"));
        Files.writeString(dir.resolve("notes.txt"), "keep me");
        try (TrainableModel model = new TfBackend().create(conv())) {
            assertThatThrownBy(() -> model.save(dir, 0.3, Map.of())).isInstanceOf(ModelException.class)
                    .hasMessageContaining(dir.toString()).hasMessageContaining("not empty");
            Path empty = Files.createDirectories(temp.resolve("empty"));
            model.save(empty, 0.3, Map.of());
            assertThat(empty.resolve("siamese-model.json")).isRegularFile();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("notes.txt"));
        }
    }

    @Test
    void anInvalidThresholdFailsBeforeAnythingIsWritten() {
        Path dir = temp.resolve("never");
        try (TrainableModel model = new TfBackend().create(conv())) {
            assertThatThrownBy(() -> model.save(dir, -1, Map.of())).isInstanceOf(ModelException.class)
                    .hasMessageContaining("threshold");
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void loadingADirectoryWithoutADescriptorFails() throws IOException {
        Path plain = Files.createDirectories(temp.resolve("plain"));
        assertThatThrownBy(() -> new TfBackend().load(plain)).isInstanceOf(ModelException.class)
                .hasMessageContaining(plain.toString()).hasMessageContaining("is not a saved Siamese model: no siamese-model.json");
        Path missing = temp.resolve("missing");
        assertThatThrownBy(() -> new TfBackend().load(missing)).isInstanceOf(ModelException.class)
                .hasMessageContaining("is not a saved Siamese model: no siamese-model.json");
    }

    @Test
    void aDescriptorOfAnotherFormatVersionOrBackendIsRefused() throws IOException {
        Path dir = temp.resolve("model");
        try (TrainableModel model = new TfBackend().create(conv())) {
            model.save(dir, 0.3, Map.of());
        }
        Path json = dir.resolve("siamese-model.json");
        String original = Files.readString(json);

        Files.writeString(json, original.replaceFirst("\"formatVersion\" : 1", "\"formatVersion\" : 999"));
        assertThatThrownBy(() -> new TfBackend().load(dir)).isInstanceOf(ModelException.class)
                .hasMessageContaining("999").hasMessageContaining("version " + ModelDescriptor.FORMAT_VERSION);

        Files.writeString(json, original.replaceFirst("\"backend\" : \"tensorflow\"", "\"backend\" : \"onnx\""));
        assertThatThrownBy(() -> new TfBackend().load(dir)).isInstanceOf(ModelException.class)
                .hasMessageContaining("'onnx'");

        Files.writeString(json, original.replaceFirst("\"margin\"", "\"marginal\""));
        assertThatThrownBy(() -> new TfBackend().load(dir)).isInstanceOf(ModelException.class)
                .hasMessageContaining("margin");

        Files.writeString(json, original);
        new TfBackend().load(dir).close();
    }

    @Test
    void aClosedLoadedModelAndAClosedTrainableModelRefuseUse() {
        Path dir = temp.resolve("closing");
        TrainableModel model = new TfBackend().create(conv());
        model.save(dir, 0.3, Map.of());
        model.close();
        assertThatThrownBy(() -> model.save(temp.resolve("again"), 0.3, Map.of())).isInstanceOf(ModelException.class)
                .hasMessageContaining("is closed");

        EmbeddingModel loaded = new TfBackend().load(dir);
        loaded.close();
        assertThatThrownBy(() -> loaded.embed(new float[12 * 10 * 3], 1)).isInstanceOf(ModelException.class)
                .hasMessageContaining("is closed");
    }

    /** Loads the model in a new {@code java} process with this JVM's module and class path; returns its embeddings. */
    private float[] embedInFreshJvm(Path dir) throws Exception {
        Path out = temp.resolve("fresh-jvm.bin");
        String classPath = Stream.of(System.getProperty("jdk.module.path"), System.getProperty("java.class.path"),
                        Path.of(EmbedSavedModelMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString())
                .filter(p -> p != null && !p.isBlank())
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", classPath,
                EmbedSavedModelMain.class.getName(), dir.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("fresh-jvm.log").toFile());
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "1");
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("fresh JVM finished").isTrue();
        assertThat(process.exitValue()).as(Files.readString(temp.resolve("fresh-jvm.log"))).isZero();
        float[] values = new float[(int) (Files.size(out) / 4)];
        try (DataInputStream in = new DataInputStream(Files.newInputStream(out))) {
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readFloat();
            }
        }
        return values;
    }
}
