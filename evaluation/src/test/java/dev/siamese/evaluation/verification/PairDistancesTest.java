package dev.siamese.evaluation.verification;

import dev.siamese.api.model.Embeddings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PairDistancesTest {
    private final Embeddings points = new Embeddings(3, 2, new float[] {0, 0, 3, 4, 6, 8});

    @Test
    void measuresEuclideanDistancesBetweenRowsOfOneMatrix() {
        EvaluationPairs pairs = new EvaluationPairs(new int[] {0, 1, 2}, new int[] {1, 2, 2}, new boolean[3]);

        assertThat(PairDistances.of(points, pairs)).containsExactly(5, 5, 0);
    }

    @Test
    void measuresBetweenTwoMatrices() {
        Embeddings other = new Embeddings(1, 2, new float[] {0, 4});
        EvaluationPairs pairs = new EvaluationPairs(new int[] {0, 1}, new int[] {0, 0}, new boolean[2]);

        assertThat(PairDistances.of(points, other, pairs)).containsExactly(4, 3);
    }

    @Test
    void saysWhichPairPointsOutside() {
        EvaluationPairs pairs = new EvaluationPairs(new int[] {0, 3}, new int[] {0, 0}, new boolean[2]);

        assertThatThrownBy(() -> PairDistances.of(points, pairs))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pair 1 refers to row 3").hasMessageContaining("3 rows");
    }

    @Test
    void refusesDifferentDimensions() {
        assertThatThrownBy(() -> PairDistances.of(points, new Embeddings(1, 3, new float[3]),
                new EvaluationPairs(new int[] {0}, new int[] {0}, new boolean[1])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension 2").hasMessageContaining("dimension 3");
    }
}
