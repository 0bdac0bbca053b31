package dev.siamese.tf;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.OptimizerSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Two training steps of the backend's Adam against the update worked out by hand (Kingma and Ba, in the form
 * {@code ApplyAdam} computes it: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 * {@code w -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)}).
 *
 * <p>The subnet is one linear layer {@code e = w . x + b} on 1x2x1 pictures, trained on similar pairs only, so the
 * contrastive loss is {@code mean(0.5 (e1 - e2)^2)} (plus a constant from the distance epsilon) and its gradient is
 * {@code dw = mean((e1 - e2)(x1 - x2))}, {@code db = 0}. Epsilon is as large as the gradients, so the first step
 * already depends on both betas and the learning rate, not only on the gradient's sign.
 *
 * <p>Verified to fail: with {@code beta1} and {@code beta2} swapped in {@code TfSiameseModel.adam} the moments of
 * step 1 differ (0.1 g against 0.01 g), and with the learning rate doubled there the weights after step 1 differ by
 * about 0.01, far beyond the float-rounding tolerance of 1e-6 used here.
 */
class AdamUpdateTest {

    private static final ImageShape TINY = new ImageShape(1, 2, 1);
    private static final double LR = 0.01;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.99;
    private static final double EPSILON = 0.05;
    private static final double TOLERANCE = 1e-6;

    /** Two similar pairs; left and right pictures differ, so the pairs pull the weights. */
    private static final float[] LEFT = {1.0f, 0.5f, 0.25f, 0.75f};
    private static final float[] RIGHT = {0.0f, 0.25f, 0.5f, 0.0f};
    private static final float[] SIMILAR = {1f, 1f};

    @Test
    void twoStepsMatchAnAdamUpdateWorkedOutByHand() {
        ModelSpec spec = new ModelSpec(TINY, new ArchitectureSpec.Mlp(List.of(), 1), new LossSpec.Contrastive(1.0),
                new OptimizerSpec.Adam(LR, BETA1, BETA2, EPSILON), 1);
        try (TrainableModel model = new TfBackend().create(spec)) {
            Map<String, float[]> start = model.weights();
            start.put("dense_0/kernel", new float[] {0.5f, -0.25f});
            start.put("dense_0/bias", new float[] {0.125f});
            model.restore(start);

            double[] w = {0.5, -0.25};
            double[] m = new double[2];
            double[] v = new double[2];
            PairBatch batch = new PairBatch(TINY, LEFT, RIGHT, SIMILAR);
            for (int t = 1; t <= 2; t++) {
                double[] g = gradient(w);
                double expectedLoss = loss(w);

                float reportedLoss = model.step(batch);

                double lrT = LR * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
                for (int j = 0; j < 2; j++) {
                    m[j] = BETA1 * m[j] + (1 - BETA1) * g[j];
                    v[j] = BETA2 * v[j] + (1 - BETA2) * g[j] * g[j];
                    w[j] -= lrT * m[j] / (Math.sqrt(v[j]) + EPSILON);
                }
                Map<String, float[]> after = model.weights();
                String step = "after step " + t;
                assertThat((double) reportedLoss).as("loss of step %d, before its update", t)
                        .isCloseTo(expectedLoss, within(TOLERANCE));
                assertClose(after.get("adam/dense_0/kernel/m"), m, "first moment " + step);
                assertClose(after.get("adam/dense_0/kernel/v"), v, "second moment " + step);
                assertClose(after.get("dense_0/kernel"), w, "kernel " + step);
                // the bias's gradient is zero (it cancels in e1 - e2), so Adam leaves it where it was
                assertThat(after.get("dense_0/bias")).as("bias " + step).containsExactly(0.125f);
                assertThat((double) after.get("adam/beta1_power")[0]).as("beta1 power " + step)
                        .isCloseTo(Math.pow(BETA1, t + 1), within(TOLERANCE));
                assertThat((double) after.get("adam/beta2_power")[0]).as("beta2 power " + step)
                        .isCloseTo(Math.pow(BETA2, t + 1), within(TOLERANCE));
            }
            // a sanity check on the test itself: two steps moved the kernel by much more than the tolerance
            assertThat(Math.abs(w[0] - 0.5)).isGreaterThan(1000 * TOLERANCE);
        }
    }

    /** {@code mean over pairs of (e1 - e2)(x1 - x2)} for the kernel. */
    private static double[] gradient(double[] w) {
        double[] g = new double[2];
        int pairs = SIMILAR.length;
        for (int i = 0; i < pairs; i++) {
            double diff = embeddingDifference(w, i);
            for (int j = 0; j < 2; j++) {
                g[j] += diff * (LEFT[i * 2 + j] - RIGHT[i * 2 + j]) / pairs;
            }
        }
        return g;
    }

    /** {@code mean over pairs of 0.5 d^2}, the contrastive loss of similar pairs (distance epsilon left out). */
    private static double loss(double[] w) {
        double sum = 0;
        for (int i = 0; i < SIMILAR.length; i++) {
            double diff = embeddingDifference(w, i);
            sum += 0.5 * diff * diff;
        }
        return sum / SIMILAR.length;
    }

    private static double embeddingDifference(double[] w, int pair) {
        return w[0] * (LEFT[pair * 2] - RIGHT[pair * 2]) + w[1] * (LEFT[pair * 2 + 1] - RIGHT[pair * 2 + 1]);
    }

    private static void assertClose(float[] actual, double[] expected, String what) {
        assertThat(actual).as(what).hasSize(expected.length);
        for (int j = 0; j < expected.length; j++) {
            assertThat((double) actual[j]).as("%s [%d]", what, j).isCloseTo(expected[j], within(TOLERANCE));
        }
    }
}
