package dev.siamese.search.knn;

import dev.siamese.api.model.Embeddings;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExactKnnTest {

    /** Small integer coordinates: every float operation is exact and equal distances (ties) are common. */
    static Embeddings integerPoints(int count, int dimension, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count * dimension];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(5) - 2;
        }
        return new Embeddings(count, dimension, values);
    }

    /** The k nearest by exact integer squared distance, ties by smaller index, excluding {@code self}. */
    static int[] bruteForce(Embeddings queries, int q, Embeddings gallery, int k, int self) {
        long[] d2 = new long[gallery.count()];
        for (int j = 0; j < gallery.count(); j++) {
            long sum = 0;
            for (int c = 0; c < gallery.dimension(); c++) {
                long diff = (long) (queries.get(q, c) - gallery.get(j, c));
                sum += diff * diff;
            }
            d2[j] = sum;
        }
        return IntStream.range(0, gallery.count()).filter(j -> j != self).boxed()
                .sorted(Comparator.<Integer>comparingLong(j -> d2[j]).thenComparing(j -> j))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void allVsAllEqualsBruteForceIncludingTies() {
        // 1,300 rows span three tiles, so off-diagonal, diagonal and short tiles are all exercised; dimension 7 is odd
        Embeddings data = integerPoints(1300, 7, 1);
        Neighbours result = new ExactKnn(3).allVsAll(data, 10);
        for (int row = 0; row < data.count(); row++) {
            assertThat(result.indices(row)).as("row %d", row).containsExactly(bruteForce(data, row, data, 10, row));
            for (int r = 0; r < 10; r++) {
                assertThat((double) result.distance(row, r)).isCloseTo(data.distance(row, data, result.index(row, r)), within(1e-6));
            }
        }
    }

    @Test
    void queriesAgainstAGalleryEqualBruteForce() {
        Embeddings gallery = integerPoints(1100, 8, 2);
        Embeddings queries = integerPoints(37, 8, 3);
        Neighbours result = new ExactKnn(2).search(queries, gallery, 5);
        assertThat(result.count()).isEqualTo(37);
        for (int q = 0; q < queries.count(); q++) {
            assertThat(result.indices(q)).containsExactly(bruteForce(queries, q, gallery, 5, -1));
        }
    }

    @Test
    void theResultDoesNotDependOnTheNumberOfThreads() {
        Random random = new Random(4);
        float[] values = new float[2000 * 16];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        Embeddings data = new Embeddings(2000, 16, values);
        Neighbours one = new ExactKnn(1).allVsAll(data, 7);
        Neighbours four = new ExactKnn(4).allVsAll(data, 7);
        for (int row = 0; row < 2000; row++) {
            assertThat(four.indices(row)).isEqualTo(one.indices(row));
            assertThat(four.distances(row)).isEqualTo(one.distances(row));
            assertThat(one.distances(row)).isSorted();
        }
    }

    @Test
    void duplicateRowsAreEachOthersNearestAtDistanceZero() {
        float[] values = {0, 0, 3, 4, 0, 0, 10, 10};
        Neighbours result = new ExactKnn(1).allVsAll(new Embeddings(4, 2, values), 2);
        assertThat(result.indices(0)).containsExactly(2, 1);
        assertThat(result.distances(0)).containsExactly(0f, 5f);
        assertThat(result.indices(2)).containsExactly(0, 1);
    }

    @Test
    void kLargerThanTheOtherRowsIsRejected() {
        Embeddings data = integerPoints(5, 3, 5);
        assertThatThrownBy(() -> new ExactKnn(1).allVsAll(data, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 4").hasMessageContaining("got 5");
        assertThatThrownBy(() -> new ExactKnn(1).search(data, data, 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gallery size 5");
        assertThatThrownBy(() -> new ExactKnn(1).allVsAll(data, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mismatchedDimensionsAreRejected() {
        assertThatThrownBy(() -> new ExactKnn(1).search(integerPoints(3, 2, 1), integerPoints(3, 4, 1), 1))
                .hasMessageContaining("dimension 2").hasMessageContaining("4");
    }

    @Test
    void heapsKeepTheSmallestEntriesWithTiesBySmallerIndex() {
        ExactKnn.Heaps heaps = new ExactKnn.Heaps(1, 3);
        float[] d = {5, 1, 3, 1, 1, 0, 9};
        for (int i = 0; i < d.length; i++) {
            heaps.offer(0, d[i], 10 - i);
        }
        int[] kept = Arrays.copyOf(heaps.idx, 3);
        Arrays.sort(kept);
        assertThat(kept).containsExactly(5, 6, 7); // 0 at index 5, then the 1s at indices 6 and 7 (not 9)
    }
}
