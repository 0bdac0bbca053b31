package dev.siamese.app;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.OptimizerSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;
import dev.siamese.tf.TfBackend;
import dev.siamese.training.WeightsDigest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The weights fingerprint tells weights apart: other tests compare fingerprints for equality, which proves
 * something only if different weights (another seed, one more step, one bit) give a different fingerprint.
 */
class WeightsDigestOfModelsTest {

    private static final ImageShape SHAPE = new ImageShape(4, 4, 1);

    private static ModelSpec spec(long seed) {
        return new ModelSpec(SHAPE, new ArchitectureSpec.Mlp(List.of(8), 2), new LossSpec.Contrastive(1.0),
                OptimizerSpec.Adam.paper(), seed);
    }

    @Test
    void anotherSeedGivesAnotherFingerprintAndTheSameSeedTheSame() {
        TfBackend backend = new TfBackend();
        try (TrainableModel a = backend.create(spec(1)); TrainableModel again = backend.create(spec(1));
             TrainableModel b = backend.create(spec(2))) {
            String digest = WeightsDigest.of(a.weights());
            assertThat(digest).matches("[0-9a-f]{64}");
            assertThat(WeightsDigest.of(again.weights())).isEqualTo(digest);
            assertThat(WeightsDigest.of(b.weights())).isNotEqualTo(digest);
        }
    }

    @Test
    void oneMoreTrainingStepGivesAnotherFingerprint() {
        try (TrainableModel model = new TfBackend().create(spec(3))) {
            String before = WeightsDigest.of(model.weights());
            model.step(pairs(8, 4));
            String afterOne = WeightsDigest.of(model.weights());
            model.step(pairs(8, 4));
            assertThat(afterOne).isNotEqualTo(before);
            assertThat(WeightsDigest.of(model.weights())).isNotEqualTo(afterOne).isNotEqualTo(before);
        }
    }

    private static PairBatch pairs(int n, long seed) {
        Random random = new Random(seed);
        float[] left = new float[n * SHAPE.length()];
        float[] right = new float[n * SHAPE.length()];
        float[] similar = new float[n];
        for (int i = 0; i < left.length; i++) {
            left[i] = random.nextFloat();
            right[i] = random.nextFloat();
        }
        for (int i = 0; i < n; i++) {
            similar[i] = i % 2;
        }
        return new PairBatch(SHAPE, left, right, similar);
    }
}
