package dev.siamese.search.dedup;

import dev.siamese.api.model.Embeddings;
import dev.siamese.search.index.EmbeddingIndex;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DuplicateFinderTest {

    @TempDir
    Path folder;

    // on a line: a-b 0.5 apart, b-c 0.5 apart (a-c 1.0), d alone, e-f 0.1 apart
    private static final List<String> PATHS = List.of("a", "b", "c", "d", "e", "f");
    private static final Embeddings POINTS = new Embeddings(6, 2, new float[] {0, 0, 0.5f, 0, 1, 0, 5, 5, 9, 0, 9, 0.1f});

    @Test
    void aChainOfClosePairsFormsOneGroupAndSingletonsAreLeftOut() {
        DuplicateGroups groups = DuplicateFinder.exact(PATHS, POINTS, 0.6, 2);
        assertThat(groups.groups()).hasSize(2);
        assertThat(groups.groups().get(0).paths()).containsExactly("a", "b", "c");
        assertThat(groups.groups().get(0).pairs()).extracting(DuplicatePair::first, DuplicatePair::second)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "b"), org.assertj.core.groups.Tuple.tuple("b", "c"));
        assertThat(groups.groups().get(1).paths()).containsExactly("e", "f");
        assertThat(groups.groups().get(1).pairs().get(0).distance()).isCloseTo(0.1, within(1e-6));
        assertThat(groups.duplicatePictures()).isEqualTo(5);
        assertThat(groups.compared()).isEqualTo(6);
        assertThat(groups.exact()).isTrue();
    }

    @Test
    void theHashTermDropsPairsWhoseHashesDifferAndKeepsTheRestExactly() {
        // a-b and b-c are 0.5 apart by embedding; b's hash differs from c's in 4 bits, from a's in none; e-f 0.1 apart
        long[] hashes = {0L, 0L, 0xFL, 0L, 0xFFL, 0xFFL};
        DuplicateGroups groups = DuplicateFinder.combined(PATHS, POINTS, hashes, 0.6, 0.05, 2);
        assertThat(groups.metric()).isEqualTo("euclidean+hash");
        assertThat(groups.groups()).extracting(DuplicateGroup::paths).containsExactly(List.of("a", "b"), List.of("e", "f"));
        assertThat(groups.groups().get(0).pairs().get(0).distance()).isCloseTo(0.5, within(1e-6));
        // weight 0: the embedding alone; a heavy weight leaves only pairs with equal hashes
        assertThat(DuplicateFinder.combined(PATHS, POINTS, hashes, 0.6, 0, 1).groups().get(0).paths()).containsExactly("a", "b", "c");
        assertThat(DuplicateFinder.combined(PATHS, POINTS, new long[] {0, 1, 0, 0, 0, 3}, 0.6, 1, 1).groups()).isEmpty();
    }

    @Test
    void combinedPairsMatchABruteForceScanAcrossTiles() {
        Random random = new Random(5);
        int n = 1200;
        float[] values = new float[n * 4];
        long[] hashes = new long[n];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 4; d++) {
                values[i * 4 + d] = random.nextFloat() * 6;
            }
            hashes[i] = random.nextLong() & 0xFFL;
        }
        Embeddings data = new Embeddings(n, 4, values);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paths.add("p" + i);
        }
        double threshold = 0.9;
        double weight = 0.1;
        DuplicateGroups groups = DuplicateFinder.combined(paths, data, hashes, threshold, weight, 3);
        long found = groups.groups().stream().mapToLong(g -> g.pairs().size()).sum();
        long expected = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (data.distance(i, data, j) + weight * Long.bitCount(hashes[i] ^ hashes[j]) < threshold) {
                    expected++;
                }
            }
        }
        assertThat(expected).isGreaterThan(100);
        assertThat(found).isEqualTo(expected);
        assertThat(groups.groups()).allSatisfy(g -> assertThat(g.pairs()).allSatisfy(p ->
                assertThat(p.distance()).isLessThan(threshold)));
    }

    @Test
    void anExactScanReportsItsProgressUpToTheWhole() {
        Random random = new Random(9);
        int n = 700;
        float[] values = new float[n * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paths.add("p" + i);
        }
        java.util.concurrent.atomic.AtomicLong most = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong whole = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        DuplicateGroups withProgress = DuplicateFinder.exact(paths, new Embeddings(n, 3, values), 0.05, 2, (done, total) -> {
            calls.incrementAndGet();
            most.accumulateAndGet(done, Math::max);
            whole.set(total);
        });
        assertThat(calls.get()).isGreaterThan(1);
        assertThat(whole.get()).isPositive();
        assertThat(most.get()).isEqualTo(whole.get());
        // the same pairs as without progress
        assertThat(withProgress.groups()).isEqualTo(DuplicateFinder.exact(paths, new Embeddings(n, 3, values), 0.05, 2).groups());
    }

    @Test
    void theThresholdIsStrict() {
        DuplicateGroups groups = DuplicateFinder.exact(PATHS, POINTS, 0.5, 1);
        assertThat(groups.groups()).singleElement().satisfies(g -> assertThat(g.paths()).containsExactly("e", "f"));
    }

    @Test
    void exactPairsMatchABruteForceScanAcrossTiles() {
        Random random = new Random(3);
        int n = 1500;
        float[] values = new float[n * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() * 10;
        }
        Embeddings data = new Embeddings(n, 4, values);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paths.add("p" + i);
        }
        DuplicateGroups groups = DuplicateFinder.exact(paths, data, 0.7, 3);
        long pairs = groups.groups().stream().mapToLong(g -> g.pairs().size()).sum();
        long expected = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (data.distance(i, data, j) < 0.7) {
                    expected++;
                }
            }
        }
        assertThat(expected).isGreaterThan(50);
        assertThat(pairs).isEqualTo(expected);
    }

    @Test
    void hashesAreGroupedByHammingDistance() {
        long[] hashes = {0b0000L, 0b0011L, 0b1111L, -1L, 0x00FF_0000_0000_0000L};
        DuplicateGroups groups = DuplicateFinder.hashes(List.of("a", "b", "c", "d", "e"), hashes, 2);
        assertThat(groups.metric()).isEqualTo("hamming");
        assertThat(groups.groups()).singleElement().satisfies(g -> {
            assertThat(g.paths()).containsExactly("a", "b", "c");
            assertThat(g.pairs()).extracting(DuplicatePair::distance).containsExactly(2.0, 2.0);
        });
    }

    @Test
    void anIndexFindsTheSameGroupsApproximately() {
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:2", 2, EmbeddingIndex.Options.defaults())) {
            for (int i = 0; i < PATHS.size(); i++) {
                index.put(PATHS.get(i), POINTS.row(i), 0, 0, 0);
            }
            DuplicateGroups groups = DuplicateFinder.approximate(index, 0.6, 5);
            assertThat(groups.exact()).isFalse();
            assertThat(groups.groups()).extracting(g -> List.copyOf(new java.util.TreeSet<>(g.paths())))
                    .containsExactlyInAnyOrder(List.of("a", "b", "c"), List.of("e", "f"));
        }
    }

    @Test
    void reportsListEveryMemberWithItsNearestFellow() throws Exception {
        DuplicateGroups groups = DuplicateFinder.hashes(List.of("x,1.png", "y.png", "z\".png"), new long[] {0, 1, 7}, 1);
        StringWriter csv = new StringWriter();
        DuplicateReports.writeCsv(groups, csv);
        assertThat(csv.toString()).isEqualTo("group,size,path,nearest,distance\n"
                + "1,2,\"x,1.png\",y.png,1\n1,2,y.png,\"x,1.png\",1\n");
        StringWriter json = new StringWriter();
        DuplicateReports.writeJson(groups, json);
        assertThat(json.toString()).contains("\"metric\": \"hamming\"", "\"threshold\": 1",
                "{\"id\": 1, \"paths\": [\"x,1.png\", \"y.png\"], \"pairs\": [{\"first\": \"x,1.png\", \"second\": \"y.png\", \"distance\": 1}]}");
        DuplicateReports.writeJson(DuplicateFinder.hashes(List.of("q"), new long[] {0}, 0), json = new StringWriter());
        assertThat(json.toString()).contains("\"groups\": []");
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> DuplicateFinder.exact(List.of("a"), POINTS, 1, 1)).hasMessageContaining("1 paths for 6");
        assertThatThrownBy(() -> DuplicateFinder.exact(PATHS, POINTS, 0, 1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> DuplicateFinder.hashes(List.of("a"), new long[1], 65)).hasMessageContaining("0 to 64");
    }
}
