package dev.siamese.search.dedup;

import dev.siamese.api.model.Embeddings;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Pairing inside k-means cells against the exact all-pairs scan. */
class CellPairsTest {

    /** Clustered vectors with planted near-copies (groups of 2-4), shuffled. */
    private static Embeddings planted(int n, int dimension, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[40][dimension];
        for (float[] c : centres) {
            for (int d = 0; d < dimension; d++) {
                c[d] = (float) random.nextGaussian() * 3;
            }
        }
        float[] values = new float[n * dimension];
        for (int i = 0; i < n; i++) {
            float[] c = centres[random.nextInt(centres.length)];
            for (int d = 0; d < dimension; d++) {
                values[i * dimension + d] = c[d] + (float) random.nextGaussian();
            }
        }
        for (int planted = 0; planted < n / 10; planted++) {
            int base = random.nextInt(n);
            int copy = random.nextInt(n);
            for (int d = 0; d < dimension; d++) {
                values[copy * dimension + d] = values[base * dimension + d] + (float) random.nextGaussian() * 0.05f;
            }
        }
        return new Embeddings(n, dimension, values);
    }

    private static List<String> paths(int n) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paths.add(String.format("p%05d.jpg", i));
        }
        return paths;
    }

    @Test
    void findsTheExactGroupsOfNearCopiesWithFewerComparisons() {
        int n = 6_000;
        Embeddings e = planted(n, 32, 7);
        DuplicateGroups exact = DuplicateFinder.exact(paths(n), e, 1.0, 2);
        long[] done = new long[2];
        DuplicateGroups cells = DuplicateFinder.cells(paths(n), e, null, 1.0, 0, 300, 3, 2, (d, t) -> {
            done[0] = d;
            done[1] = t;
        });
        assertThat(exact.groups()).hasSizeGreaterThan(300);
        assertThat(cells.groups()).isEqualTo(exact.groups());
        assertThat(cells.exact()).isFalse();
        assertThat(done[1]).as("cells joined").isGreaterThan(10);
        assertThat(done[0]).isEqualTo(done[1]);
    }

    @Test
    void withTheHashTermItGivesTheCombinedGroups() {
        int n = 3_000;
        Embeddings e = planted(n, 16, 3);
        // hashes a few bits apart, so the hash term (0.1 a bit) moves pairs across the threshold but keeps some
        Random random = new Random(5);
        long[] hashes = new long[n];
        for (int i = 0; i < n; i++) {
            for (int b = random.nextInt(8); b > 0; b--) {
                hashes[i] ^= 1L << random.nextInt(64);
            }
        }
        DuplicateGroups exact = DuplicateFinder.combined(paths(n), e, hashes, 2.0, 0.1, 2);
        DuplicateGroups cells = DuplicateFinder.cells(paths(n), e, hashes, 2.0, 0.1, 200, 3, 2, DuplicateFinder.Progress.NONE);
        assertThat(exact.groups()).isNotEmpty();
        assertThat(cells.groups()).isEqualTo(exact.groups());
        assertThat(cells.metric()).isEqualTo("euclidean+hash");
    }

    @Test
    void aCollectionSmallerThanOneCellIsPairedExactly() {
        Embeddings e = planted(500, 8, 1);
        DuplicateGroups cells = DuplicateFinder.cells(paths(500), e, null, 1.5, 0, 1_000, 3, 1, DuplicateFinder.Progress.NONE);
        assertThat(cells.exact()).isTrue();
        assertThat(cells.groups()).isEqualTo(DuplicateFinder.exact(paths(500), e, 1.5, 1).groups());
    }
}
