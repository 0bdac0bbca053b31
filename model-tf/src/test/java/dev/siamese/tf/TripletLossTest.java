package dev.siamese.tf;

import dev.siamese.api.ModelException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.OptimizerSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.siamese.tf.LabelledBatchFixtures.LABELS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The graph's batch-hard triplet loss against a plain-Java reference computed from the model's own embeddings. */
class TripletLossTest {

    private static final ImageShape SHAPE = new ImageShape(2, 3, 1);
    private static final double MARGIN = 0.5;

    private static TrainableModel model(long seed) {
        return new TfBackend().create(new ModelSpec(SHAPE, new ArchitectureSpec.Mlp(List.of(8), 4),
                new LossSpec.Triplet(MARGIN), OptimizerSpec.Adam.paper(), seed));
    }

    private static float[] randomPictures(int count, long seed) {
        return Pictures.random(SHAPE, count, seed);
    }

    /** Mean over anchors of max(farthest same-class distance - nearest other-class distance + margin, 0). */
    static double batchHardReference(Embeddings e, int[] labels, double margin) {
        return batchHardReference(e, labels, margin, false);
    }

    /** As above; with {@code soft}, the mean over anchors of log(1 + exp(farthest same - nearest other)) instead. */
    static double batchHardReference(Embeddings e, int[] labels, double margin, boolean soft) {
        double sum = 0;
        for (int a = 0; a < labels.length; a++) {
            double hardestPositive = 0;
            double hardestNegative = Double.POSITIVE_INFINITY;
            for (int j = 0; j < labels.length; j++) {
                double d = e.distance(a, e, j);
                if (j != a && labels[j] == labels[a]) {
                    hardestPositive = Math.max(hardestPositive, d);
                } else if (labels[j] != labels[a]) {
                    hardestNegative = Math.min(hardestNegative, d);
                }
            }
            double gap = hardestPositive - hardestNegative;
            sum += soft ? Math.log1p(Math.exp(gap)) : Math.max(gap + margin, 0);
        }
        return sum / labels.length;
    }

    @Test
    void lossIsTheMeanOverAnchorsOfHardestPositiveMinusHardestNegativePlusMargin() {
        try (TrainableModel model = model(3)) {
            float[] pictures = randomPictures(LABELS.length, 11);
            Embeddings e = model.embed(pictures, LABELS.length);
            double expected = batchHardReference(e, LABELS, MARGIN);
            assertThat(expected).isGreaterThan(0);
            PairBatch batch = PairBatch.labelled(SHAPE, pictures, LABELS.clone());
            assertThat((double) model.loss(batch)).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void softMarginLossIsTheMeanOverAnchorsOfLogOnePlusExpOfTheGapAndIgnoresTheMargin() {
        float[] pictures = randomPictures(LABELS.length, 11);
        PairBatch batch = PairBatch.labelled(SHAPE, pictures, LABELS.clone());
        float[] losses = new float[2];
        for (int m = 0; m < 2; m++) {
            double margin = m == 0 ? MARGIN : 7.0;
            try (TrainableModel model = new TfBackend().create(new ModelSpec(SHAPE, new ArchitectureSpec.Mlp(List.of(8), 4),
                    new LossSpec.Triplet(margin, true), OptimizerSpec.Adam.paper(), 3))) {
                Embeddings e = model.embed(pictures, LABELS.length);
                double expected = batchHardReference(e, LABELS, margin, true);
                assertThat(expected).isNotCloseTo(batchHardReference(e, LABELS, MARGIN, false), within(1e-3));
                losses[m] = model.loss(batch);
                assertThat((double) losses[m]).isCloseTo(expected, within(1e-5));
                float before = losses[m];
                for (int i = 0; i < 20; i++) {
                    assertThat(model.step(batch)).isFinite();
                }
                assertThat(model.loss(batch)).as("20 steps lower the soft-margin loss").isLessThan(before);
            }
        }
        assertThat(losses[1]).as("the margin is unused").isEqualTo(losses[0]);
    }

    @Test
    void softMarginLossOfFarApartClassesIsSmallButNotZero() {
        try (TrainableModel model = new TfBackend().create(new ModelSpec(SHAPE, new ArchitectureSpec.Mlp(List.of(8), 4),
                new LossSpec.Triplet(MARGIN, true), OptimizerSpec.Adam.paper(), 3))) {
            float[] pictures = randomPictures(4, 5);
            for (int i = 2 * SHAPE.length(); i < pictures.length; i++) {
                pictures[i] = pictures[i] * 0.01f + 10f;
            }
            int[] labels = {0, 0, 1, 1};
            Embeddings e = model.embed(pictures, 4);
            double expected = batchHardReference(e, labels, MARGIN, true);
            assertThat(expected).isPositive().isLessThan(0.1);
            assertThat((double) model.loss(PairBatch.labelled(SHAPE, pictures, labels))).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void anchorsFarFromEveryNegativeCostNothing() {
        try (TrainableModel model = model(3)) {
            // two classes: pictures of class 1 far out along every pixel, so every negative is beyond the margin
            float[] pictures = randomPictures(4, 5);
            for (int i = 2 * SHAPE.length(); i < pictures.length; i++) {
                pictures[i] = pictures[i] * 0.01f + 1000f;
            }
            int[] labels = {0, 0, 1, 1};
            Embeddings e = model.embed(pictures, 4);
            assertThat(batchHardReference(e, labels, MARGIN)).isEqualTo(0.0);
            assertThat(model.loss(PairBatch.labelled(SHAPE, pictures, labels))).isEqualTo(0f);
        }
    }

    @Test
    void identicalEmbeddingsGiveTheMarginAndFiniteGradients() {
        try (TrainableModel model = model(3)) {
            float[] one = randomPictures(1, 2);
            float[] pictures = new float[LABELS.length * SHAPE.length()];
            for (int i = 0; i < LABELS.length; i++) {
                System.arraycopy(one, 0, pictures, i * SHAPE.length(), SHAPE.length());
            }
            PairBatch batch = PairBatch.labelled(SHAPE, pictures, LABELS.clone());
            assertThat((double) model.step(batch)).isCloseTo(MARGIN, within(1e-4));
            model.weights().forEach((name, values) -> {
                for (float v : values) {
                    assertThat(Float.isFinite(v)).as("weight %s after a step on identical pictures", name).isTrue();
                }
            });
            assertThat((double) model.loss(batch)).isCloseTo(MARGIN, within(1e-4));
        }
    }

    @Test
    void aStepLowersTheLossOfItsBatch() {
        try (TrainableModel model = model(3)) {
            PairBatch batch = PairBatch.labelled(SHAPE, randomPictures(LABELS.length, 11), LABELS.clone());
            float before = model.loss(batch);
            for (int i = 0; i < 20; i++) {
                model.step(batch);
            }
            assertThat(model.loss(batch)).isLessThan(before);
        }
    }

    @Test
    void pairsWithoutLabelsReportTheContrastiveLossWithTheSameMargin() {
        try (TrainableModel model = model(3)) {
            float[] left = randomPictures(3, 1);
            float[] right = randomPictures(3, 2);
            float[] similar = {1, 0, 0};
            Embeddings a = model.embed(left, 3);
            Embeddings b = model.embed(right, 3);
            double expected = 0;
            for (int i = 0; i < 3; i++) {
                double d = a.distance(i, b, i);
                expected += similar[i] == 1 ? 0.5 * d * d : 0.5 * Math.pow(Math.max(MARGIN - d, 0), 2);
            }
            assertThat((double) model.loss(new PairBatch(SHAPE, left, right, similar))).isCloseTo(expected / 3,
                    within(1e-5));
        }
    }

    @Test
    void trainingOnPairsWithoutLabelsIsRefused() {
        try (TrainableModel model = model(3)) {
            PairBatch pairs = new PairBatch(SHAPE, randomPictures(2, 1), randomPictures(2, 2), new float[] {1, 0});
            assertThatThrownBy(() -> model.step(pairs)).isInstanceOf(ModelException.class)
                    .hasMessageContaining("triplet loss").hasMessageContaining("batch-classes");
        }
    }

    @Test
    void sameSeedAndBatchesGiveBitIdenticalWeights() {
        List<Map<String, float[]>> runs = new java.util.ArrayList<>();
        for (int r = 0; r < 2; r++) {
            try (TrainableModel model = model(9)) {
                for (int i = 0; i < 5; i++) {
                    model.step(PairBatch.labelled(SHAPE, randomPictures(LABELS.length, i), LABELS.clone()));
                }
                runs.add(model.weights());
            }
        }
        assertThat(runs.get(1).keySet()).isEqualTo(runs.get(0).keySet());
        runs.get(0).forEach((name, values) -> assertThat(runs.get(1).get(name)).as(name).isEqualTo(values));
    }

    @Test
    void aResidualTwinTrainsWithBatchStatisticsAndReportsTheLossWithItsMovingAverages() {
        LabelledBatchFixtures.residualTwinTrainsAndReportsItsLossWithMovingAverages(new LossSpec.Triplet(0.3),
                (e, labels) -> batchHardReference(e, labels, 0.3));
    }
}
