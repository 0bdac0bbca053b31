package dev.siamese.search.dedup;

import dev.siamese.api.model.Embeddings;
import dev.siamese.search.index.EmbeddingIndex;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every duplicate search stops at its cap on pairs kept in memory, and below the cap finds what it found without one. */
class PairLimitTest {

    private static final int N = 600;

    @TempDir
    Path folder;

    private static List<String> paths(int n) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paths.add("p" + i);
        }
        return paths;
    }

    /** {@code n} points in a unit cube of 8 dimensions. */
    private static Embeddings points(int n, int seed) {
        Random random = new Random(seed);
        float[] values = new float[n * 8];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return new Embeddings(n, 8, values);
    }

    private static long[] hashes(int n) {
        Random random = new Random(3);
        long[] hashes = new long[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = random.nextLong();
        }
        return hashes;
    }

    private static long pairs(DuplicateGroups groups) {
        return groups.groups().stream().mapToLong(g -> g.pairs().size()).sum();
    }

    @Test
    void anExactScanWhereEveryPairIsUnderTheThresholdStopsAtTheCapNamingThresholdAndPairs() {
        // every pair of the N points is closer than 100: N (N - 1) / 2 = 179,700 pairs, over a cap of 50
        assertThatThrownBy(() -> DuplicateFinder.exact(paths(N), points(N, 1), 100, 2, DuplicateFinder.Progress.NONE, 50))
                .isInstanceOfSatisfying(TooManyPairsException.class, e -> {
                    assertThat(e.maxPairs()).isEqualTo(50);
                    assertThat(e.pairsFound()).isGreaterThan(50).isLessThanOrEqualTo((long) N * (N - 1) / 2);
                    assertThat(e.threshold()).isEqualTo("distance 100.0000");
                    assertThat(e.getMessage()).contains("more than 50 pairs").contains("distance 100.0000")
                            .contains("lower the threshold").contains("siamese.search.dedup.max-pairs").doesNotContain("\n");
                });
    }

    @Test
    void underTheCapEveryFinderReturnsWhatItReturnsWithoutOne() {
        Embeddings points = points(N, 2);
        long[] hashes = hashes(N);
        double threshold = 0.45;
        DuplicateGroups exact = DuplicateFinder.exact(paths(N), points, threshold, 2, DuplicateFinder.Progress.NONE);
        long found = pairs(exact);
        assertThat(found).isBetween(20L, 2000L);
        assertThat(DuplicateFinder.exact(paths(N), points, threshold, 2, DuplicateFinder.Progress.NONE, found))
                .isEqualTo(exact);
        assertThatThrownBy(() -> DuplicateFinder.exact(paths(N), points, threshold, 2, DuplicateFinder.Progress.NONE,
                found - 1)).isInstanceOf(TooManyPairsException.class);

        DuplicateGroups combined = DuplicateFinder.combined(paths(N), points, hashes, threshold + 1, 0.02, 2,
                DuplicateFinder.Progress.NONE);
        assertThat(DuplicateFinder.combined(paths(N), points, hashes, threshold + 1, 0.02, 2,
                DuplicateFinder.Progress.NONE, pairs(combined))).isEqualTo(combined);

        DuplicateGroups cells = DuplicateFinder.cells(paths(N), points, null, threshold, 0, 100, 3, 2,
                DuplicateFinder.Progress.NONE);
        assertThat(DuplicateFinder.cells(paths(N), points, null, threshold, 0, 100, 3, 2,
                DuplicateFinder.Progress.NONE, 1_000_000)).isEqualTo(cells);
        assertThatThrownBy(() -> DuplicateFinder.cells(paths(N), points, null, 100, 0, 100, 3, 2,
                DuplicateFinder.Progress.NONE, 50)).isInstanceOf(TooManyPairsException.class);
    }

    @Test
    void theHashScanStopsAtTheCapAndBelowItIsUnchanged() {
        long[] hashes = hashes(N);
        // 64 bits: every pair
        assertThatThrownBy(() -> DuplicateFinder.hashes(paths(N), hashes, 64, 50))
                .isInstanceOfSatisfying(TooManyPairsException.class, e -> {
                    assertThat(e.threshold()).isEqualTo("64 bits");
                    assertThat(e.pairsFound()).isGreaterThan(50);
                });
        DuplicateGroups some = DuplicateFinder.hashes(paths(N), hashes, 20);
        assertThat(pairs(some)).isPositive();
        assertThat(DuplicateFinder.hashes(paths(N), hashes, 20, pairs(some))).isEqualTo(some);
        assertThatThrownBy(() -> DuplicateFinder.hashes(paths(N), hashes, 20, pairs(some) - 1))
                .isInstanceOf(TooManyPairsException.class);
    }

    @Test
    void theApproximateSearchStopsAtTheCap() {
        Embeddings points = points(200, 4);
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:8", 8, EmbeddingIndex.Options.defaults())) {
            for (int i = 0; i < 200; i++) {
                index.put("p" + i, points.row(i), 0, 0, 0);
            }
            DuplicateGroups all = DuplicateFinder.approximate(index, 100, 5);
            assertThat(DuplicateFinder.approximate(index, 100, 5, pairs(all))).isEqualTo(all);
            assertThatThrownBy(() -> DuplicateFinder.approximate(index, 100, 5, 50))
                    .isInstanceOf(TooManyPairsException.class).hasMessageContaining("more than 50 pairs");
        }
    }
}
