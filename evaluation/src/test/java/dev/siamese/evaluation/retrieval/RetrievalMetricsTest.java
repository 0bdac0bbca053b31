package dev.siamese.evaluation.retrieval;

import dev.siamese.api.model.Embeddings;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RetrievalMetricsTest {

    private static Embeddings line(float... xs) {
        float[] values = new float[xs.length * 2];
        for (int i = 0; i < xs.length; i++) {
            values[2 * i] = xs[i];
        }
        return new Embeddings(xs.length, 2, values);
    }

    @Test
    void mapAtRMatchesAHandComputedExample() {
        // Gallery on a line, query at 0. Ranked by distance: x=1 (A), 2 (B), 3 (A), 4 (A), 5 (B).
        // R = 3 items of class A. Top 3: A, B, A -> P(1) = 1, P(3) = 2/3 -> AP@R = (1 + 2/3) / 3 = 5/9.
        Embeddings gallery = line(4, 2, 1, 5, 3);
        int[] galleryLabels = {0, 1, 0, 1, 0};

        RetrievalMetrics metrics = RetrievalMetrics.of(gallery, galleryLabels, line(0), new int[] {0}, 1000);

        assertThat(metrics.mapAtR()).isCloseTo(5.0 / 9, within(1e-12));
        assertThat(metrics.precisionAt1()).isEqualTo(1.0);
    }

    @Test
    void mapAtRCapsRAtMaxR() {
        // Same ranking; with R capped at 2 the top 2 are A, B -> AP = (1) / 2 = 1/2.
        RetrievalMetrics metrics = RetrievalMetrics.of(line(4, 2, 1, 5, 3), new int[] {0, 1, 0, 1, 0}, line(0), new int[] {0}, 2);

        assertThat(metrics.mapAtR()).isCloseTo(0.5, within(1e-12));
        assertThat(metrics.maxR()).isEqualTo(2);
    }

    @Test
    void precisionAt1AndRecallAtKCountQueriesWithASameClassItemAmongTheKNearest() {
        // Gallery: x = 0..11, label = 1 only at x = 6, label 0 elsewhere.
        float[] xs = new float[12];
        int[] labels = new int[12];
        for (int i = 0; i < 12; i++) {
            xs[i] = i;
        }
        labels[6] = 1;
        // Query of class 1 at x = 0.1: rank of x = 6 is 7th -> miss at 1 and 5, hit at 10.
        // Query of class 1 at x = 6.1: nearest is 6 -> hit everywhere.
        // Query of class 0 at x = 6.0: nearest is x = 6 (class 1), then 5 and 7 (class 0) -> miss at 1, hit at 5.
        RetrievalMetrics metrics = RetrievalMetrics.of(line(xs), labels, line(0.1f, 6.1f, 6.0f), new int[] {1, 1, 0}, 1000);

        assertThat(metrics.precisionAt1()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(metrics.recallAt1()).isEqualTo(metrics.precisionAt1());
        assertThat(metrics.recallAt5()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(metrics.recallAt10()).isEqualTo(1.0);
        assertThat(metrics.scoredQueries()).isEqualTo(3);
    }

    @Test
    void tiesRankByGalleryIndex() {
        // Items 0 (class 1) and 1 (class 0) are both at distance 1 from the query; the lower index ranks first.
        RetrievalMetrics first = RetrievalMetrics.of(line(-1, 1), new int[] {1, 0}, line(0), new int[] {1}, 10);
        RetrievalMetrics second = RetrievalMetrics.of(line(-1, 1), new int[] {0, 1}, line(0), new int[] {1}, 10);

        assertThat(first.precisionAt1()).isEqualTo(1.0);
        assertThat(second.precisionAt1()).isEqualTo(0.0);
        assertThat(second.mapAtR()).isEqualTo(0.0);
    }

    @Test
    void leaveOneOutNeverRetrievesTheQueryItself() {
        // Classes: {0, 0.5} class 0 and {10, 10.5} class 1, plus a lone class-2 point that cannot be scored.
        Embeddings points = line(0, 0.5f, 10, 10.5f, 30);
        int[] labels = {0, 0, 1, 1, 2};

        RetrievalMetrics metrics = RetrievalMetrics.leaveOneOut(points, labels, 1000);

        assertThat(metrics.scoredQueries()).isEqualTo(4);
        assertThat(metrics.galleryItems()).isEqualTo(4);
        assertThat(metrics.precisionAt1()).isEqualTo(1.0);
        assertThat(metrics.mapAtR()).isEqualTo(1.0);
    }

    @Test
    void queriesWhoseClassIsAbsentFromTheGalleryAreNotScored() {
        RetrievalMetrics metrics = RetrievalMetrics.of(line(0, 1), new int[] {0, 0}, line(0, 5), new int[] {0, 9}, 10);

        assertThat(metrics.queries()).isEqualTo(2);
        assertThat(metrics.scoredQueries()).isEqualTo(1);
        assertThat(metrics.precisionAt1()).isEqualTo(1.0);
    }

    @Test
    void noScorableQueryGivesNaNRatherThanAMadeUpNumber() {
        RetrievalMetrics metrics = RetrievalMetrics.of(line(0, 1), new int[] {0, 0}, line(0), new int[] {3}, 10);

        assertThat(metrics.scoredQueries()).isZero();
        assertThat(metrics.mapAtR()).isNaN();
    }

    @Test
    void matchesABruteForceRankingOnRandomDataWithTies() {
        SplittableRandom random = new SplittableRandom(42);
        for (int dimension : new int[] {1, 2, 5}) {
            int m = 400;
            int n = 150;
            // Coordinates on a coarse grid so that many distances tie.
            Embeddings gallery = randomGrid(m, dimension, random);
            Embeddings queries = randomGrid(n, dimension, random);
            int[] galleryLabels = random.ints(m, 0, 7).toArray();
            int[] queryLabels = random.ints(n, 0, 8).toArray(); // class 7 never occurs in the gallery
            for (int maxR : new int[] {3, 1000}) {
                RetrievalMetrics fast = RetrievalMetrics.of(gallery, galleryLabels, queries, queryLabels, maxR);
                double[] slow = bruteForce(gallery, galleryLabels, queries, queryLabels, false, maxR);
                assertMatches(fast, slow);

                RetrievalMetrics fastLoo = RetrievalMetrics.leaveOneOut(gallery, galleryLabels, maxR);
                double[] slowLoo = bruteForce(gallery, galleryLabels, gallery, galleryLabels, true, maxR);
                assertMatches(fastLoo, slowLoo);
            }
        }
    }

    @Test
    void rejectsMismatchedInputsWithAMessage() {
        assertThatThrownBy(() -> RetrievalMetrics.of(line(0, 1), new int[] {0}, line(0), new int[] {0}, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 gallery embeddings but 1 gallery labels");
        assertThatThrownBy(() -> RetrievalMetrics.of(line(0, Float.NaN), new int[] {0, 1}, line(0), new int[] {0}, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> RetrievalMetrics.leaveOneOut(line(0), new int[] {0}, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one gallery item");
    }

    private static void assertMatches(RetrievalMetrics fast, double[] slow) {
        assertThat(fast.scoredQueries()).isEqualTo((int) slow[5]);
        assertThat(fast.precisionAt1()).isCloseTo(slow[0], within(1e-12));
        assertThat(fast.recallAt1()).isCloseTo(slow[1], within(1e-12));
        assertThat(fast.recallAt5()).isCloseTo(slow[2], within(1e-12));
        assertThat(fast.recallAt10()).isCloseTo(slow[3], within(1e-12));
        assertThat(fast.mapAtR()).isCloseTo(slow[4], within(1e-12));
    }

    private static Embeddings randomGrid(int count, int dimension, SplittableRandom random) {
        float[] values = new float[count * dimension];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(-4, 5) * 0.25f;
        }
        return new Embeddings(count, dimension, values);
    }

    /** Full sort of every distance by (distance, index), straight from the definitions. */
    private static double[] bruteForce(Embeddings gallery, int[] galleryLabels, Embeddings queries, int[] queryLabels,
                                       boolean leaveOneOut, int maxR) {
        double p1 = 0, r1 = 0, r5 = 0, r10 = 0, map = 0;
        int scored = 0;
        for (int q = 0; q < queries.count(); q++) {
            int query = q;
            Integer[] order = IntStream.range(0, gallery.count()).filter(j -> !leaveOneOut || j != query).boxed().toArray(Integer[]::new);
            double[] d = new double[gallery.count()];
            for (int j = 0; j < d.length; j++) {
                d[j] = queries.distance(q, gallery, j);
            }
            Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> d[j]).thenComparingInt(j -> j));
            int label = queryLabels[q];
            long r = Arrays.stream(order).filter(j -> galleryLabels[j] == label).count();
            if (r == 0) {
                continue;
            }
            scored++;
            boolean[] rel = new boolean[order.length];
            for (int i = 0; i < order.length; i++) {
                rel[i] = galleryLabels[order[i]] == label;
            }
            p1 += rel[0] ? 1 : 0;
            r1 += anyIn(rel, 1);
            r5 += anyIn(rel, 5);
            r10 += anyIn(rel, 10);
            int capped = (int) Math.min(r, maxR);
            double sum = 0;
            int found = 0;
            for (int i = 0; i < capped; i++) {
                if (rel[i]) {
                    found++;
                    sum += (double) found / (i + 1);
                }
            }
            map += sum / capped;
        }
        return new double[] {p1 / scored, r1 / scored, r5 / scored, r10 / scored, map / scored, scored};
    }

    private static int anyIn(boolean[] relevant, int k) {
        for (int i = 0; i < Math.min(k, relevant.length); i++) {
            if (relevant[i]) {
                return 1;
            }
        }
        return 0;
    }
}
