package dev.siamese.tf;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.OptimizerSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The graph's contrastive loss against values worked out by hand. The subnet is a single linear layer on 1x2x1
 * pictures with zero bias, so the all-zero picture embeds to the origin and {@code t * (1, 0)} embeds to
 * {@code t * e}, at distance {@code t * |e|}: the tests choose {@code t} to place a pair where they want it.
 */
class ContrastiveLossTest {

    private static final ImageShape TINY = new ImageShape(1, 2, 1);
    private static final double MARGIN = 1.0;
    private static TrainableModel model;
    private static double unitDistance;

    @BeforeAll
    static void build() {
        model = new TfBackend().create(new ModelSpec(TINY, new ArchitectureSpec.Mlp(List.of(), 2),
                new LossSpec.Contrastive(MARGIN), OptimizerSpec.Adam.paper(), 7));
        Embeddings e = model.embed(new float[] {0, 0, 1, 0}, 2);
        assertThat(e.row(0)).containsExactly(0f, 0f);
        unitDistance = e.distance(0, e, 1);
        assertThat(unitDistance).isGreaterThan(1e-3);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** One pair: the origin picture and {@code (t, 0)}, with {@code t} chosen so their distance is {@code d}. */
    private static PairBatch pairAtDistance(double d, boolean similar) {
        float t = (float) (d / unitDistance);
        return new PairBatch(TINY, new float[] {0, 0}, new float[] {t, 0}, new float[] {similar ? 1 : 0});
    }

    /** The distance the model itself sees for a one-pair batch, from its embeddings. */
    private static double distanceOf(PairBatch batch) {
        float[] left = new float[2];
        float[] right = new float[2];
        batch.left().get(left);
        batch.right().get(right);
        Embeddings a = model.embed(left, 1);
        Embeddings b = model.embed(right, 1);
        return a.distance(0, b, 0);
    }

    @Test
    void similarPairCostsHalfTheSquaredDistance() {
        PairBatch batch = pairAtDistance(0.6, true);
        double d = distanceOf(batch);
        assertThat(d).isCloseTo(0.6, within(1e-5));
        assertThat((double) model.loss(batch)).isCloseTo(0.5 * d * d, within(1e-6));
        assertThat((double) model.loss(batch)).isCloseTo(0.18, within(1e-5));
    }

    @Test
    void dissimilarPairInsideTheMarginCostsHalfTheSquaredShortfall() {
        PairBatch batch = pairAtDistance(0.4, false);
        double d = distanceOf(batch);
        assertThat((double) model.loss(batch)).isCloseTo(0.5 * (MARGIN - d) * (MARGIN - d), within(1e-6));
        assertThat((double) model.loss(batch)).isCloseTo(0.18, within(1e-5));
    }

    @Test
    void dissimilarPairOutsideTheMarginCostsNothing() {
        PairBatch batch = pairAtDistance(1.7, false);
        assertThat(distanceOf(batch)).isGreaterThan(MARGIN);
        assertThat(model.loss(batch)).isEqualTo(0f);
    }

    @Test
    void batchLossIsTheMeanOfThePairLosses() {
        float t1 = (float) (0.6 / unitDistance);
        float t2 = (float) (0.4 / unitDistance);
        float t3 = (float) (1.7 / unitDistance);
        PairBatch batch = new PairBatch(TINY, new float[6], new float[] {t1, 0, t2, 0, t3, 0}, new float[] {1, 0, 0});
        assertThat((double) model.loss(batch)).isCloseTo((0.18 + 0.18 + 0.0) / 3, within(1e-5));
    }

    @Test
    void lossDoesNotChangeTheWeights() {
        PairBatch batch = pairAtDistance(0.6, true);
        float before = model.loss(batch);
        model.loss(batch);
        assertThat(model.loss(batch)).isEqualTo(before);
    }
}
