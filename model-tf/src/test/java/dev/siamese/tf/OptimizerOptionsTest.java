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
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The optimizer's options beyond the paper's Adam: a per-step learning-rate factor (what a schedule feeds), decoupled
 * weight decay (AdamW) and gradient clipping by global norm, each checked against one step worked out in Java on the
 * one-layer model of {@link AdamUpdateTest} ({@code e = w . x + b} on 1x2x1 pictures, similar pairs only, so the
 * kernel's gradient is {@code mean((e1 - e2)(x1 - x2))} and the bias's is zero).
 */
class OptimizerOptionsTest {

    private static final ImageShape TINY = new ImageShape(1, 2, 1);
    private static final double LR = 0.01;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.99;
    private static final double EPSILON = 0.05;
    private static final double TOLERANCE = 1e-6;
    private static final float[] LEFT = {1.0f, 0.5f, 0.25f, 0.75f};
    private static final float[] RIGHT = {0.0f, 0.25f, 0.5f, 0.0f};
    private static final float[] START = {0.5f, -0.25f};

    private static TrainableModel tiny(OptimizerSpec.Adam adam) {
        TrainableModel model = new TfBackend().create(new ModelSpec(TINY, new ArchitectureSpec.Mlp(List.of(), 1),
                new LossSpec.Contrastive(1.0), adam, 1));
        Map<String, float[]> start = model.weights();
        start.put("dense_0/kernel", START.clone());
        start.put("dense_0/bias", new float[] {0.125f});
        model.restore(start);
        return model;
    }

    private static PairBatch batch(float scale) {
        float[] left = LEFT.clone();
        float[] right = RIGHT.clone();
        for (int i = 0; i < left.length; i++) {
            left[i] *= scale;
            right[i] *= scale;
        }
        return new PairBatch(TINY, left, right, new float[] {1f, 1f});
    }

    /** The kernel's gradient at {@link #START} for pictures scaled by {@code scale}. */
    private static double[] gradient(double scale) {
        double[] g = new double[2];
        for (int i = 0; i < 2; i++) {
            double diff = 0;
            for (int j = 0; j < 2; j++) {
                diff += START[j] * (LEFT[i * 2 + j] - RIGHT[i * 2 + j]) * scale;
            }
            for (int j = 0; j < 2; j++) {
                g[j] += diff * (LEFT[i * 2 + j] - RIGHT[i * 2 + j]) * scale / 2;
            }
        }
        return g;
    }

    /** The first Adam step's change of a weight of gradient {@code g} at rate {@code lr}. */
    private static double firstAdamStep(double lr, double g) {
        double m = (1 - BETA1) * g;
        double v = (1 - BETA2) * g * g;
        return lr * Math.sqrt(1 - BETA2) / (1 - BETA1) * m / (Math.sqrt(v) + EPSILON);
    }

    @Test
    void aFactorOfOneIsThePlainStepBitForBit() {
        OptimizerSpec.Adam adam = new OptimizerSpec.Adam(LR, BETA1, BETA2, EPSILON);
        try (TrainableModel plain = tiny(adam); TrainableModel scheduled = tiny(adam)) {
            for (int i = 0; i < 3; i++) {
                assertThat(scheduled.step(batch(1), 1.0)).isEqualTo(plain.step(batch(1)));
            }
            assertThat(scheduled.weights().get("dense_0/kernel")).containsExactly(plain.weights().get("dense_0/kernel"));
        }
    }

    @Test
    void aFactorScalesTheRateOfThatStepOnly() {
        try (TrainableModel scheduled = tiny(new OptimizerSpec.Adam(LR, BETA1, BETA2, EPSILON));
             TrainableModel half = tiny(new OptimizerSpec.Adam(LR / 2, BETA1, BETA2, EPSILON))) {
            scheduled.step(batch(1), 0.5);
            half.step(batch(1));
            // halving is exact in floating point, so the two rates are the same float
            assertThat(scheduled.weights().get("dense_0/kernel")).containsExactly(half.weights().get("dense_0/kernel"));
            double[] g = gradient(1);
            for (int j = 0; j < 2; j++) {
                assertThat((double) scheduled.weights().get("dense_0/kernel")[j])
                        .isCloseTo(START[j] - firstAdamStep(LR / 2, g[j]), within(TOLERANCE));
            }
        }
    }

    @Test
    void weightDecayShrinksWeightsByTheScheduledRateTimesTheDecayButNotBiases() {
        double decay = 4.0;
        double factor = 0.75;
        try (TrainableModel model = tiny(new OptimizerSpec.Adam(LR, BETA1, BETA2, EPSILON, decay, 0))) {
            model.step(batch(1), factor);
            Map<String, float[]> after = model.weights();
            double[] g = gradient(1);
            double lr = LR * factor;
            for (int j = 0; j < 2; j++) {
                double expected = START[j] - lr * decay * START[j] - firstAdamStep(lr, g[j]);
                assertThat((double) after.get("dense_0/kernel")[j]).as("kernel [%d]", j)
                        .isCloseTo(expected, within(TOLERANCE));
                // the decay term (3% of the weight) is far beyond the tolerance: the check has teeth
                assertThat(Math.abs(lr * decay * START[j])).isGreaterThan(1000 * TOLERANCE);
            }
            assertThat(after.get("dense_0/bias")).as("biases do not decay").containsExactly(0.125f);
        }
    }

    @Test
    void weightDecayLeavesBatchNormAndBiasesAloneInTheResidualTwin() {
        ImageShape shape = new ImageShape(8, 8, 3);
        ArchitectureSpec.ResNet res = new ArchitectureSpec.ResNet(4, ArchitectureSpec.ResNet.stages(List.of(4, 8),
                List.of(1, 1)), ArchitectureSpec.ResNet.Downsampling.STRIDE, 4, false, 0.9);
        PairBatch batch = Pictures.easyPairs(shape, 8, 5);
        try (TrainableModel plain = new TfBackend().create(new ModelSpec(shape, res, new LossSpec.Contrastive(1.0),
                new OptimizerSpec.Adam(1e-3, 0.9, 0.99, 1e-8), 3));
             TrainableModel decayed = new TfBackend().create(new ModelSpec(shape, res, new LossSpec.Contrastive(1.0),
                     new OptimizerSpec.Adam(1e-3, 0.9, 0.99, 1e-8, 0.5, 0), 3))) {
            plain.step(batch);
            decayed.step(batch);
            Map<String, float[]> a = plain.weights();
            Map<String, float[]> b = decayed.weights();
            TreeSet<String> changed = new TreeSet<>();
            for (String name : a.keySet()) {
                if (!java.util.Arrays.equals(a.get(name), b.get(name))) {
                    changed.add(name);
                }
            }
            TreeSet<String> kernels = new TreeSet<>();
            for (String name : a.keySet()) {
                if (name.endsWith("/kernel") && !name.startsWith("adam/")) {
                    kernels.add(name);
                }
            }
            // the first step's gradients come before the decay, so everything but the weights is bit-identical
            assertThat(changed).isEqualTo(kernels).isNotEmpty();
        }
    }

    @Test
    void clippingBoundsTheGlobalNormOfAHugeGradient() {
        double clip = 0.5;
        double scale = 1000;
        try (TrainableModel model = tiny(new OptimizerSpec.Adam(LR, BETA1, BETA2, EPSILON, 0, clip))) {
            model.step(batch((float) scale));
            float[] m = model.weights().get("adam/dense_0/kernel/m");
            double[] g = gradient(scale);
            double norm = Math.hypot(g[0], g[1]);
            assertThat(norm).as("the test's gradient is huge").isGreaterThan(1000);
            for (int j = 0; j < 2; j++) {
                // the first moment is (1 - beta1) times the clipped gradient, g * clip / norm
                assertThat(m[j] / (1 - BETA1)).as("clipped gradient [%d]", j)
                        .isCloseTo(g[j] * clip / norm, within(1e-5));
            }
        }
    }

    @Test
    void clippingLeavesASmallGradientBitForBit() {
        try (TrainableModel clipped = tiny(new OptimizerSpec.Adam(LR, BETA1, BETA2, EPSILON, 0, 1000));
             TrainableModel plain = tiny(new OptimizerSpec.Adam(LR, BETA1, BETA2, EPSILON))) {
            clipped.step(batch(1));
            plain.step(batch(1));
            assertThat(clipped.weights().get("dense_0/kernel")).containsExactly(plain.weights().get("dense_0/kernel"));
        }
    }
}
