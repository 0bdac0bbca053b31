package dev.siamese.tf;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.OptimizerSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The residual twin with batch norm: it trains, uses batch statistics while training and its moving averages
 * everywhere else, saves and reloads with those averages, and resumes from a snapshot bit for bit.
 */
class ResNetTwinTest {

    private static final ImageShape SHAPE = new ImageShape(16, 16, 3);

    @TempDir
    Path temp;

    private static ModelSpec spec(ArchitectureSpec.ResNet.Downsampling downsampling, boolean normalize, long seed) {
        ArchitectureSpec.ResNet res = new ArchitectureSpec.ResNet(8,
                ArchitectureSpec.ResNet.stages(List.of(8, 16), List.of(1, 1)), downsampling, 8, normalize, 0.9);
        return new ModelSpec(SHAPE, res, new LossSpec.Contrastive(normalize ? 1.0 : 2.0),
                new OptimizerSpec.Adam(1e-3, 0.9, 0.99, 1e-8), seed);
    }

    private static ModelSpec spec() {
        return spec(ArchitectureSpec.ResNet.Downsampling.STRIDE, false, 3);
    }

    private static TrainableModel trained(ModelSpec spec, int steps) {
        TrainableModel model = new TfBackend().create(spec);
        for (int i = 0; i < steps; i++) {
            model.step(Pictures.easyPairs(spec.input(), 16, i));
        }
        return model;
    }

    @Test
    void trainingLowersTheHeldOutLossInInferenceMode() {
        for (ModelSpec spec : List.of(spec(), spec(ArchitectureSpec.ResNet.Downsampling.POOL, true, 4))) {
            PairBatch held = Pictures.easyPairs(SHAPE, 64, 999);
            try (TrainableModel model = new TfBackend().create(spec)) {
                float before = model.loss(held);
                for (int i = 0; i < 40; i++) {
                    assertThat(model.step(Pictures.easyPairs(SHAPE, 16, i))).isFinite();
                }
                float after = model.loss(held);
                assertThat(after).as("%s: held-out loss before %s, after %s", spec.architecture().label(), before, after)
                        .isLessThan(before * 0.6f);
                if (spec.architecture() instanceof ArchitectureSpec.ResNet res && res.normalizeEmbeddings()) {
                    float[] e = model.embed(Pictures.random(SHAPE, 3, 1), 3).row(0);
                    double norm = 0;
                    for (float v : e) {
                        norm += v * v;
                    }
                    assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-4));
                }
            }
        }
    }

    @Test
    void theMovingAveragesAreWeightsThatTrainingUpdatesAndAdamDoesNot() {
        try (TrainableModel fresh = new TfBackend().create(spec()); TrainableModel model = trained(spec(), 5)) {
            Map<String, float[]> before = fresh.weights();
            Map<String, float[]> after = model.weights();
            assertThat(after).containsKeys("stem/bn/moving_mean", "stem/bn/moving_variance", "stem/bn/gamma",
                    "stage_1/block_0/shortcut/bn/moving_mean", "adam/stem/bn/gamma/m");
            assertThat(after).doesNotContainKeys("adam/stem/bn/moving_mean/m", "stem/conv/bias");
            assertThat(before.get("stem/bn/moving_mean")).containsOnly(0f);
            assertThat(before.get("stem/bn/moving_variance")).containsOnly(1f);
            assertThat(Arrays.equals(before.get("stem/bn/moving_mean"), after.get("stem/bn/moving_mean"))).isFalse();
            assertThat(Arrays.equals(before.get("stem/bn/moving_variance"), after.get("stem/bn/moving_variance"))).isFalse();
        }
    }

    @Test
    void trainingUsesBatchStatisticsAndInferenceTheMovingAverages() {
        try (TrainableModel model = trained(spec(), 3)) {
            PairBatch batch = Pictures.easyPairs(SHAPE, 16, 50);
            float inference = model.loss(batch);
            Map<String, float[]> snapshot = model.weights();
            float training = model.step(batch);
            assertThat(training).as("the step's loss (batch statistics) differs from the inference loss")
                    .isNotEqualTo(inference);
            model.restore(snapshot);

            // In inference mode a picture's embedding does not depend on the pictures embedded with it.
            float[] pixels = Pictures.random(SHAPE, 20, 7);
            float[] all = model.embed(pixels, 20).toArray();
            float[] alone = model.embed(Arrays.copyOf(pixels, SHAPE.length()), 1).toArray();
            assertThat(alone).containsExactly(Arrays.copyOf(all, alone.length), within(1e-5f));

            // ... and it follows the moving averages: shifting the stem's moving mean changes it.
            Map<String, float[]> shifted = new HashMap<>(snapshot);
            float[] mean = snapshot.get("stem/bn/moving_mean").clone();
            Arrays.fill(mean, 5f);
            shifted.put("stem/bn/moving_mean", mean);
            model.restore(shifted);
            assertThat(model.embed(Arrays.copyOf(pixels, SHAPE.length()), 1).toArray()).isNotEqualTo(alone);
            assertThat(model.loss(batch)).isNotEqualTo(inference);
            model.restore(snapshot);
            assertThat(model.loss(batch)).isEqualTo(inference);
        }
    }

    @Test
    void aSavedResNetReloadsWithTheMovingAveragesAndTheSameEmbeddings() {
        ModelSpec spec = spec(ArchitectureSpec.ResNet.Downsampling.POOL, true, 8);
        Path dir = temp.resolve("resnet");
        float[] pixels = Pictures.random(SHAPE, 40, 3);
        float[] expected;
        try (TrainableModel model = trained(spec, 6)) {
            expected = model.embed(pixels, 40).toArray();
            model.save(dir, 0.4, Map.of());
        }
        try (EmbeddingModel loaded = new TfBackend().load(dir)) {
            assertThat(loaded.descriptor().spec()).isEqualTo(spec);
            assertThat(loaded.embed(pixels, 40).toArray()).containsExactly(expected, within(1e-6f));
        }
    }

    @Test
    void restoringASnapshotContinuesTrainingBitForBitMovingAveragesIncluded() {
        try (TrainableModel straight = new TfBackend().create(spec());
             TrainableModel resumed = new TfBackend().create(spec().withSeed(99))) {
            for (int i = 0; i < 4; i++) {
                straight.step(Pictures.easyPairs(SHAPE, 16, i));
            }
            resumed.restore(straight.weights());
            for (int i = 4; i < 8; i++) {
                PairBatch batch = Pictures.easyPairs(SHAPE, 16, i);
                assertThat(resumed.step(batch)).isEqualTo(straight.step(batch));
            }
            assertBitIdentical(straight.weights(), resumed.weights());
        }
        try (TrainableModel again = trained(spec(), 8); TrainableModel once = trained(spec(), 8)) {
            assertBitIdentical(again.weights(), once.weights());
        }
    }

    private static void assertBitIdentical(Map<String, float[]> a, Map<String, float[]> b) {
        assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
        for (String name : a.keySet()) {
            assertThat(Arrays.equals(a.get(name), b.get(name))).as(name).isTrue();
        }
    }
}
