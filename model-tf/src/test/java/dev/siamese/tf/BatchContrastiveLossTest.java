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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.siamese.tf.LabelledBatchFixtures.LABELS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The graph's contrastive loss over every pair of a labelled batch against a plain-Java reference. */
class BatchContrastiveLossTest {

    private static final ImageShape SHAPE = new ImageShape(2, 3, 1);
    private static final double MARGIN = 1.5;

    private static TrainableModel model(long seed) {
        return new TfBackend().create(new ModelSpec(SHAPE, new ArchitectureSpec.Mlp(List.of(8), 4),
                new LossSpec.BatchContrastive(MARGIN), OptimizerSpec.Adam.paper(), seed));
    }

    private static float[] randomPictures(int count, long seed) {
        return Pictures.random(SHAPE, count, seed);
    }

    /** 0.5 mean of d^2 over same-class pairs plus 0.5 mean of max(margin - d, 0)^2 over other-class pairs. */
    static double reference(Embeddings e, int[] labels, double margin) {
        double pull = 0;
        double push = 0;
        int positives = 0;
        int negatives = 0;
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < labels.length; j++) {
                if (i == j) {
                    continue;
                }
                double d = e.distance(i, e, j);
                if (labels[i] == labels[j]) {
                    pull += d * d;
                    positives++;
                } else {
                    push += Math.pow(Math.max(margin - d, 0), 2);
                    negatives++;
                }
            }
        }
        return 0.5 * pull / Math.max(positives, 1) + 0.5 * push / Math.max(negatives, 1);
    }

    @Test
    void lossAveragesSameClassAndOtherClassPairsApart() {
        try (TrainableModel model = model(3)) {
            float[] pictures = randomPictures(LABELS.length, 11);
            Embeddings e = model.embed(pictures, LABELS.length);
            double expected = reference(e, LABELS, MARGIN);
            assertThat(expected).isGreaterThan(0);
            PairBatch batch = PairBatch.labelled(SHAPE, pictures, LABELS.clone());
            assertThat((double) model.loss(batch)).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void aBatchOfOneClassOnlyPullsAndIdenticalPicturesGiveHalfTheSquaredMarginWithFiniteGradients() {
        try (TrainableModel model = model(3)) {
            float[] pictures = randomPictures(4, 5);
            int[] oneClass = {7, 7, 7, 7};
            Embeddings e = model.embed(pictures, 4);
            assertThat((double) model.loss(PairBatch.labelled(SHAPE, pictures, oneClass)))
                    .as("no other-class pair: the push term adds 0").isCloseTo(reference(e, oneClass, MARGIN), within(1e-5));

            float[] one = randomPictures(1, 2);
            float[] same = new float[LABELS.length * SHAPE.length()];
            for (int i = 0; i < LABELS.length; i++) {
                System.arraycopy(one, 0, same, i * SHAPE.length(), SHAPE.length());
            }
            PairBatch identical = PairBatch.labelled(SHAPE, same, LABELS.clone());
            assertThat((double) model.step(identical)).isCloseTo(0.5 * MARGIN * MARGIN, within(1e-3));
            model.weights().forEach((name, values) -> {
                for (float v : values) {
                    assertThat(Float.isFinite(v)).as("weight %s after a step on identical pictures", name).isTrue();
                }
            });
        }
    }

    @Test
    void stepsLowerTheLossAndTheSameSeedGivesBitIdenticalWeights() {
        List<Map<String, float[]>> runs = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            try (TrainableModel model = model(9)) {
                PairBatch batch = PairBatch.labelled(SHAPE, randomPictures(LABELS.length, 11), LABELS.clone());
                float before = model.loss(batch);
                for (int i = 0; i < 20; i++) {
                    model.step(batch);
                }
                assertThat(model.loss(batch)).isLessThan(before);
                runs.add(model.weights());
            }
        }
        runs.get(0).forEach((name, values) -> assertThat(runs.get(1).get(name)).as(name).isEqualTo(values));
    }

    @Test
    void trainingOnPairsWithoutLabelsIsRefusedNamingTheLoss() {
        try (TrainableModel model = model(3)) {
            PairBatch pairs = new PairBatch(SHAPE, randomPictures(2, 1), randomPictures(2, 2), new float[] {1, 0});
            assertThatThrownBy(() -> model.step(pairs)).isInstanceOf(ModelException.class)
                    .hasMessageContaining("batch contrastive loss").hasMessageContaining("batch-classes");
        }
    }

    @Test
    void aResidualTwinTrainsWithBatchStatisticsAndReportsTheLossWithItsMovingAverages() {
        LabelledBatchFixtures.residualTwinTrainsAndReportsItsLossWithMovingAverages(new LossSpec.BatchContrastive(1.0),
                (e, labels) -> reference(e, labels, 1.0));
    }
}
