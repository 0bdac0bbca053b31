package dev.siamese.evaluation.retrieval;

import dev.siamese.api.model.Embeddings;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NearestNeighbourClassifierTest {
    // References on a line: x = 0 and 1 (label 0), 5.4 (label 2), 10 and 11 (label 1).
    private final Embeddings references = new Embeddings(5, 2, new float[] {0, 0, 1, 0, 5.4f, 0, 10, 0, 11, 0});
    private final int[] labels = {0, 0, 2, 1, 1};

    private static Embeddings line(float... xs) {
        float[] values = new float[xs.length * 2];
        for (int i = 0; i < xs.length; i++) {
            values[2 * i] = xs[i];
        }
        return new Embeddings(xs.length, 2, values);
    }

    @Test
    void oneNearestNeighbourTakesTheLabelOfTheClosestReference() {
        int[] predicted = new NearestNeighbourClassifier().predict(references, labels, line(0.4f, 6, 9.4f, 4));

        assertThat(predicted).containsExactly(0, 2, 1, 2);
    }

    @Test
    void threeNearestNeighboursVoteByMajority() {
        // x = 4: neighbours 5.4 (2), 1 (0), 0 (0) -> 0 outvotes the nearest. x = 9: 10 (1), 11 (1), 5.4 (2) -> 1.
        int[] predicted = new NearestNeighbourClassifier(3).predict(references, labels, line(4, 9));

        assertThat(predicted).containsExactly(0, 1);
    }

    @Test
    void aVoteTieGoesToTheClassWithTheNearestMember() {
        // x = 5.2: neighbours 5.4 (2), 1 (0), 10 (1): one vote each, 2 is nearest.
        // x = 6 with k = 4: 5.4 (2), 10 (1), 11 (1), 1 (0) -> 1 wins 2 votes to 1.
        // x = 7.6 with k = 2: 5.4 (2, distance 2.2), 10 (1, distance 2.4) -> tie, 2 is nearer.
        assertThat(new NearestNeighbourClassifier(3).predict(references, labels, line(5.2f))).containsExactly(2);
        assertThat(new NearestNeighbourClassifier(4).predict(references, labels, line(6))).containsExactly(1);
        assertThat(new NearestNeighbourClassifier(2).predict(references, labels, line(7.6f))).containsExactly(2);
    }

    @Test
    void equidistantReferencesAreOrderedByIndex() {
        Embeddings twins = line(1, 1, 3);
        assertThat(new NearestNeighbourClassifier(1).predict(twins, new int[] {7, 8, 9}, line(1))).containsExactly(7);
        assertThat(new NearestNeighbourClassifier(1).predict(twins, new int[] {7, 8, 9}, line(2))).containsExactly(7);
    }

    @Test
    void accuracyIsTheShareOfCorrectPredictions() {
        double accuracy = new NearestNeighbourClassifier().accuracy(references, labels, line(0.4f, 6, 9.4f, 4), new int[] {0, 2, 0, 0});

        assertThat(accuracy).isEqualTo(0.5);
    }

    @Test
    void matchesBruteForceWithOneNeighbour() {
        assertMatchesBruteForce(1, 3, 1.0f, 11);
        assertMatchesBruteForce(1, 17, 1.0f, 12);
    }

    @Test
    void matchesBruteForceWithFiveNeighbours() {
        assertMatchesBruteForce(5, 2, 1.0f, 13);
        assertMatchesBruteForce(5, 64, 1.0f, 14);
    }

    @Test
    void matchesBruteForceOnEmbeddingsTooLargeForTheFloatPreFilter() {
        assertMatchesBruteForce(3, 4, 1e20f, 15);
    }

    @Test
    void matchesBruteForceOnTinyEmbeddings() {
        assertMatchesBruteForce(3, 4, 1e-22f, 16);
    }

    /** Random references (some duplicated, to force exact ties) and queries, compared with a plain sort. */
    private static void assertMatchesBruteForce(int k, int dimension, float scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int m = 2500;
        int n = 300;
        float[] refs = new float[m * dimension];
        for (int i = 0; i < refs.length; i++) {
            refs[i] = (float) random.nextGaussian() * scale;
        }
        for (int r = 1; r < m; r += 7) {
            System.arraycopy(refs, (r - 1) * dimension, refs, r * dimension, dimension);
        }
        float[] queries = new float[n * dimension];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = (float) random.nextGaussian() * scale;
        }
        // A few queries sit exactly on references.
        for (int q = 0; q < n; q += 10) {
            System.arraycopy(refs, random.nextInt(m) * dimension, queries, q * dimension, dimension);
        }
        int[] labels = IntStream.range(0, m).map(i -> random.nextInt(4)).toArray();
        Embeddings references = new Embeddings(m, dimension, refs);
        Embeddings query = new Embeddings(n, dimension, queries);

        NearestNeighbourClassifier classifier = new NearestNeighbourClassifier(k);
        int[][] nearest = classifier.nearest(references, query);
        int[] predicted = classifier.predict(references, labels, query);

        for (int q = 0; q < n; q++) {
            int row = q;
            Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.<Integer>comparingDouble(r -> query.distance(row, references, r)).thenComparingInt(r -> r));
            int[] expectedNeighbours = Arrays.stream(order, 0, k).mapToInt(Integer::intValue).toArray();
            assertThat(nearest[q]).as("neighbours of query %d", q).containsExactly(expectedNeighbours);
            assertThat(predicted[q]).as("label of query %d", q).isEqualTo(bruteForceVote(expectedNeighbours, labels));
        }
    }

    private static int bruteForceVote(int[] neighbours, int[] labels) {
        int[] votes = new int[4];
        for (int r : neighbours) {
            votes[labels[r]]++;
        }
        int max = Arrays.stream(votes).max().orElseThrow();
        for (int r : neighbours) {
            if (votes[labels[r]] == max) {
                return labels[r];
            }
        }
        throw new AssertionError();
    }

    @Test
    void refusesMoreNeighboursThanReferences() {
        assertThatThrownBy(() -> new NearestNeighbourClassifier(6).predict(references, labels, line(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k = 6").hasMessageContaining("got 5");
    }

    @Test
    void refusesMismatchedDimensionsAndLabels() {
        NearestNeighbourClassifier classifier = new NearestNeighbourClassifier();
        assertThatThrownBy(() -> classifier.predict(references, labels, new Embeddings(1, 3, new float[3])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension 2").hasMessageContaining("dimension 3");
        assertThatThrownBy(() -> classifier.predict(references, new int[4], line(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 reference embeddings but 4 labels");
        assertThatThrownBy(() -> new NearestNeighbourClassifier(0)).hasMessageContaining("got 0");
    }
}
