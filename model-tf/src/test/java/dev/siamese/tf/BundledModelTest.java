package dev.siamese.tf;

import dev.siamese.api.ModelException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.tf.internal.TfBundledModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped near-duplicate twin: its files match their recorded digests, it unpacks once and loads. */
class BundledModelTest {

    private static final String NAME = "near-duplicates";

    @Test
    void everyShippedFileMatchesTheDigestItsManifestRecords() {
        TfBundledModels.Manifest manifest = TfBundledModels.manifest(NAME);
        assertThat(manifest.files()).containsKeys("siamese-model.json", "saved_model/saved_model.pb",
                "saved_model/variables/variables.index", "saved_model/variables/variables.data-00000-of-00001");
        long total = 0;
        for (Map.Entry<String, String> file : manifest.files().entrySet()) {
            byte[] bytes = TfBundledModels.resource(NAME, file.getKey());
            assertThat(TfBundledModels.sha256(bytes)).as(file.getKey()).isEqualTo(file.getValue());
            total += bytes.length;
        }
        assertThat(total).as("a small model, well under 1 MB").isBetween(10_000L, 1_000_000L);
        // how it was made: the experiment, the data, the weights digest and the command that makes it again
        assertThat(manifest.provenance()).containsKeys("experiment", "data", "weightsSha256", "thresholdChosenOn", "reproduce");
        assertThat(manifest.provenance().get("experiment")).isEqualTo("near-duplicate-photos");
        assertThat(manifest.provenance().get("weightsSha256")).matches("[0-9a-f]{64}");
    }

    @Test
    void theShippedDescriptorIsReadAndWrittenAgainByteForByte() {
        String shipped = new String(TfBundledModels.resource(NAME, "siamese-model.json"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(dev.siamese.api.model.ModelDescriptorJson.toJson(readString(shipped))).isEqualTo(shipped);
    }

    private static dev.siamese.api.model.ModelDescriptor readString(String json) {
        try {
            Path tmp = Files.createTempFile("descriptor", ".json");
            try {
                Files.writeString(tmp, json);
                return dev.siamese.api.model.ModelDescriptorJson.read(tmp);
            } finally {
                Files.delete(tmp);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theIdentityDigestsTheDescriptorThenTheGraphAndLoadingFollowsTheDescriptor(@TempDir Path cache) throws Exception {
        Path dir = new TfBackend().bundledModel(NAME, cache);
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update(Files.readAllBytes(dir.resolve("siamese-model.json")));
        sha.update(Files.readAllBytes(dir.resolve("saved_model").resolve("saved_model.pb")));
        String expected = java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16) + ":64";
        assertThat(dev.siamese.api.model.Models.identity(java.util.List.of(dir), 64)).isEqualTo(expected);
        try (EmbeddingModel m = dev.siamese.api.model.Models.load(dir)) {
            assertThat(m.descriptor().backend()).isEqualTo("tensorflow");
        }
        Path other = cache.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("siamese-model.json"),
                Files.readString(dir.resolve("siamese-model.json")).replace("\"backend\" : \"tensorflow\"", "\"backend\" : \"onnx\""));
        assertThatThrownBy(() -> dev.siamese.api.model.Models.load(other)).isInstanceOf(ModelException.class)
                .hasMessageContaining("no backend called 'onnx'");
    }

    @Test
    void unpacksOnceLoadsAndRepairsADamagedCopy(@TempDir Path cache) throws IOException {
        TfBackend backend = new TfBackend();
        assertThat(backend.bundledModels()).containsExactly(NAME);
        Path dir = backend.bundledModel(NAME, cache);
        assertThat(dir.getParent()).isEqualTo(cache);
        float[] first;
        try (EmbeddingModel model = backend.load(dir)) {
            assertThat(model.inputShape()).isEqualTo(new ImageShape(64, 64, 3));
            assertThat(model.embeddingDimension()).isEqualTo(64);
            assertThat(model.descriptor().provenance()).containsKey("threshold.chosenOn");
            assertThat(model.descriptor().provenance()).containsKey("threshold.trainingCalibrated");
            // its decision weighs in the DCT hash: embedding distance + w x hash bits < threshold
            assertThat(model.descriptor().hashBitWeight()).isPresent();
            assertThat(model.descriptor().hashBitWeight().getAsDouble()).isPositive();
            float[] pixels = new float[64 * 64 * 3];
            Random random = new Random(3);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextFloat();
            }
            first = model.embed(pixels, 1).row(0);
            assertThat(model.embed(pixels, 1).row(0)).containsExactly(first);
        }
        Path weights = dir.resolve("saved_model/variables/variables.data-00000-of-00001");
        long stamp = Files.getLastModifiedTime(weights).toMillis();
        assertThat(backend.bundledModel(NAME, cache)).isEqualTo(dir);
        assertThat(Files.getLastModifiedTime(weights).toMillis()).as("reused, not written again").isEqualTo(stamp);

        byte[] damaged = Files.readAllBytes(weights);
        damaged[damaged.length / 2] ^= 0x55;
        Files.write(weights, damaged);
        assertThat(backend.bundledModel(NAME, cache)).isEqualTo(dir);
        assertThat(TfBundledModels.sha256(Files.readAllBytes(weights)))
                .isEqualTo(TfBundledModels.manifest(NAME).files().get("saved_model/variables/variables.data-00000-of-00001"));
        try (var leftovers = Files.list(cache)) {
            assertThat(leftovers.filter(p -> p.getFileName().toString().startsWith("."))).isEmpty();
        }
    }

    @Test
    void anUnknownNameOrAnUnwritableCacheIsNamed(@TempDir Path dir) throws IOException {
        TfBackend backend = new TfBackend();
        assertThatThrownBy(() -> backend.bundledModel("faces", dir)).isInstanceOf(ModelException.class)
                .hasMessageContaining("no model called 'faces'").hasMessageContaining(NAME);
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        assertThatThrownBy(() -> backend.bundledModel(NAME, file)).isInstanceOf(ModelException.class)
                .hasMessageContaining("cannot unpack the shipped model").hasMessageContaining("siamese.cache.dir");
    }
}
