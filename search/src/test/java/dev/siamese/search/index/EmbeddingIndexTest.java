package dev.siamese.search.index;

import dev.siamese.api.model.Embeddings;
import dev.siamese.search.SearchException;
import dev.siamese.search.SearchHit;
import dev.siamese.search.knn.ExactKnn;
import dev.siamese.search.knn.Neighbours;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EmbeddingIndexTest {
    private static final EmbeddingIndex.Options OPTIONS = EmbeddingIndex.Options.defaults();

    @TempDir
    Path folder;

    static float[] gaussian(Random random, int count, int dimension) {
        float[] values = new float[count * dimension];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    @Test
    void recallAtTenAgreesWithExactSearch() {
        int n = 20_000;
        int dim = 32;
        Random random = new Random(11);
        Embeddings gallery = new Embeddings(n, dim, gaussian(random, n, dim));
        Embeddings queries = new Embeddings(200, dim, gaussian(random, 200, dim));
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "random:32", dim, OPTIONS)) {
            for (int i = 0; i < n; i++) {
                index.put("p" + i, gallery.row(i), i, 100 + i, 1_000 + i);
            }
            assertThat(index.size()).isEqualTo(n);
            Neighbours truth = new ExactKnn(2).search(queries, gallery, 10);
            int found = 0;
            for (int q = 0; q < queries.count(); q++) {
                List<SearchHit> hits = index.search(queries.row(q), 10);
                assertThat(hits).hasSize(10);
                Set<String> exact = new HashSet<>();
                for (int i : truth.indices(q)) {
                    exact.add("p" + i);
                }
                found += (int) hits.stream().filter(h -> exact.contains(h.path())).count();
                // a hit's distance is the true Euclidean distance to that picture
                int first = Integer.parseInt(hits.get(0).path().substring(1));
                assertThat(hits.get(0).distance()).isCloseTo(queries.distance(q, gallery, first), within(1e-3));
            }
            assertThat(found / (10.0 * queries.count())).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void putsFromSeveralThreadsAndAParallelMergeKeepEveryEntrySearchable() throws Exception {
        int threads = 4;
        int perThread = 750;
        int dim = 16;
        Random random = new Random(5);
        float[] values = gaussian(random, threads * perThread, dim);
        Embeddings all = new Embeddings(threads * perThread, dim, values);
        EmbeddingIndex.Options options = OPTIONS.withMergeThreads(2);
        assertThat(options.mergeThreads()).isEqualTo(2);
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:16", dim, options)) {
            List<Thread> writers = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                int first = t * perThread;
                Thread writer = new Thread(() -> {
                    for (int i = first; i < first + perThread; i++) {
                        index.put("p" + i, all.row(i), i, i, i);
                    }
                });
                writer.setUncaughtExceptionHandler((th, e) -> failures.add(e));
                writers.add(writer);
                writer.start();
            }
            for (Thread writer : writers) {
                writer.join();
            }
            assertThat(failures).isEmpty();
            assertThat(index.size()).isEqualTo(threads * perThread);
            // with our graph the threads fill one segment (with Lucene's, one each); a search covers them all, before and
            // after the merge
            assertNearestIsItself(index, all, -1);
            index.remove("p7");
            index.optimize();
            assertThat(index.size()).isEqualTo(threads * perThread - 1);
            assertThat(index.contains("p8", 8, 8)).isTrue();
            assertThat(index.contains("p7", 7, 7)).isFalse();
            Set<String> paths = new HashSet<>();
            index.forEach(e -> paths.add(e.path()));
            assertThat(paths).hasSize(threads * perThread - 1).doesNotContain("p7");
            List<String> pathsOnly = new ArrayList<>();
            index.forEachPath(pathsOnly::add);
            assertThat(pathsOnly).hasSize(threads * perThread - 1).containsExactlyInAnyOrderElementsOf(paths);
            assertNearestIsItself(index, all, 7);
        }
    }

    /**
     * Nearly every probed entry is its own nearest hit. Not every one: the graph is built in the order the writer
     * threads happened to interleave, and HNSW leaves a few nodes that no search reaches (measured here: 15 of 72,000
     * self-searches over 24 such indexes, the same with one writer thread, before and after a merge, and the same with
     * 1,000 candidates), so an exact check fails about once in a hundred runs.
     */
    private static void assertNearestIsItself(EmbeddingIndex index, Embeddings all, int removed) {
        int probes = 0;
        int found = 0;
        for (int i = 0; i < all.count(); i += 37) {
            if (i == removed) {
                continue;
            }
            List<SearchHit> hits = index.search(all.row(i), 3);
            assertThat(hits).hasSize(3);
            assertThat(hits.get(1).distance()).isGreaterThanOrEqualTo(hits.get(0).distance());
            probes++;
            if (hits.get(0).path().equals("p" + i)) {
                assertThat(hits.get(0).distance()).isCloseTo(0.0, within(1e-3));
                found++;
            } else {
                assertThat(hits.get(0).distance()).as("a hit other than the entry itself").isGreaterThan(0.1);
            }
        }
        assertThat(found).as("entries found as their own nearest of %d probed", probes).isGreaterThanOrEqualTo(probes - 1);
    }

    @Test
    void deletedPicturesAreNeverFoundWhileTheirSegmentStillHoldsThem() {
        int n = 2_000;
        int dim = 8;
        Random random = new Random(3);
        Embeddings all = new Embeddings(n, dim, gaussian(random, n, dim));
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:8", dim, OPTIONS)) {
            for (int i = 0; i < n; i++) {
                index.put("p" + i, all.row(i), 0, 0, 0);
            }
            index.commit();
            for (int i = 0; i < n; i += 2) {
                index.remove("p" + i);
            }
            // the segment keeps the removed documents (marked deleted) until a merge: the graph still walks them
            for (int i = 1; i < n; i += 49) {
                List<SearchHit> hits = index.search(all.row(i), 10);
                assertThat(hits).hasSize(10);
                assertThat(hits).allSatisfy(h -> assertThat(Integer.parseInt(h.path().substring(1)) % 2).isEqualTo(1));
                if (i % 2 == 1) {
                    assertThat(hits.get(0).path()).isEqualTo("p" + i);
                }
            }
        }
    }

    @Test
    void searchesAgreeWhetherLevelZeroIsReadFromLuceneOrCopiedToTheHeap() {
        int n = 3_000;
        int dim = 8;
        Random random = new Random(9);
        Embeddings all = new Embeddings(n, dim, gaussian(random, n, dim));
        Embeddings queries = new Embeddings(50, dim, gaussian(random, 50, dim));
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:8", dim, OPTIONS)) {
            for (int i = 0; i < n; i++) {
                index.put("p" + i, all.row(i), 0, 0, 0);
            }
            index.remove("p1");
            index.commit();
            List<List<SearchHit>> fromLucene = new ArrayList<>();
            for (int q = 0; q < queries.count(); q++) {
                fromLucene.add(index.search(queries.row(q), 10, 40));
            }
            int minNodes = GraphSearch.heapMinNodes;
            int after = GraphSearch.heapAfterSearches;
            GraphSearch.heapMinNodes = 0;
            GraphSearch.heapAfterSearches = 0;
            try {
                for (int q = 0; q < queries.count(); q++) {
                    assertThat(index.search(queries.row(q), 10, 40)).isEqualTo(fromLucene.get(q));
                }
                assertThat(index.search(all.row(1), 1).get(0).path()).isNotEqualTo("p1");
            } finally {
                GraphSearch.heapMinNodes = minNodes;
                GraphSearch.heapAfterSearches = after;
            }
        }
    }

    @Test
    void optionsKeepTheirFiveArgumentConstructor() {
        EmbeddingIndex.Options five = new EmbeddingIndex.Options(16, 100, 100, 100_000, 256);
        assertThat(five).isEqualTo(EmbeddingIndex.Options.defaults());
        assertThat(five.mergeThreads()).isBetween(1, 8);
        assertThat(five.withMergeThreads(1).mergeThreads()).isEqualTo(1);
        assertThatThrownBy(() -> five.withMergeThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIndexSurvivesClosingAndReopening() {
        float[] a = {0, 0, 0, 1};
        float[] b = {3, 4, 0, 1};
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "model-x:4", 4, OPTIONS)) {
            index.put("/pics/a.png", a, 0xABCDL, 10, 111);
            index.put("/pics/b.png", b, 0x1234L, 20, 222);
        }
        try (EmbeddingIndex index = EmbeddingIndex.open(folder, "model-x:4", OPTIONS)) {
            assertThat(index.size()).isEqualTo(2);
            assertThat(index.dimension()).isEqualTo(4);
            List<SearchHit> hits = index.search(new float[] {3, 4, 0, 1}, 2);
            assertThat(hits).extracting(SearchHit::path).containsExactly("/pics/b.png", "/pics/a.png");
            assertThat(hits.get(1).distance()).isCloseTo(5.0, within(1e-4));
            List<IndexEntry> entries = new ArrayList<>();
            index.forEach(entries::add);
            assertThat(entries).extracting(IndexEntry::path).containsExactlyInAnyOrder("/pics/a.png", "/pics/b.png");
            assertThat(entries).filteredOn(e -> e.path().equals("/pics/a.png")).singleElement()
                    .satisfies(e -> {
                        assertThat(e.hash()).isEqualTo(0xABCDL);
                        assertThat(e.embedding()).containsExactly(a);
                    });
        }
    }

    @Test
    void containsTellsUnchangedFilesFromChangedOnesBeforeAndAfterACommit() {
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:2", 2, OPTIONS.withCommitEvery(2))) {
            index.put("a", new float[] {1, 2}, 0, 10, 111);
            assertThat(index.contains("a", 10, 111)).isTrue();
            assertThat(index.contains("a", 10, 112)).isFalse();
            assertThat(index.contains("b", 10, 111)).isFalse();
            index.put("b", new float[] {1, 3}, 0, 20, 222);
            index.search(new float[] {0, 0}, 1); // refreshes the searchers: answers now come from Lucene
            assertThat(index.contains("a", 10, 111)).isTrue();
            index.put("a", new float[] {5, 5}, 0, 11, 333); // the file changed: replaced, not added
            assertThat(index.contains("a", 10, 111)).isFalse();
            assertThat(index.contains("a", 11, 333)).isTrue();
            assertThat(index.size()).isEqualTo(2);
            index.remove("b");
            assertThat(index.contains("b", 20, 222)).isFalse();
            assertThat(index.size()).isEqualTo(1);
        }
    }

    @Test
    void periodicCommitsKeepWritesOfAnIndexThatWasNeverClosed() throws Exception {
        Path live = folder.resolve("live");
        Path leftOver = folder.resolve("left-over");
        try (EmbeddingIndex running = EmbeddingIndex.openOrCreate(live, "m:2", 2, OPTIONS.withCommitEvery(3))) {
            for (int i = 0; i < 7; i++) {
                running.put("p" + i, new float[] {i, 0}, 0, i, i);
            }
            // what a killed process leaves behind: the files on disk now, without the lock
            copy(live, leftOver);
        }
        try (EmbeddingIndex reopened = EmbeddingIndex.open(leftOver, "m:2", OPTIONS)) {
            assertThat(reopened.size()).isEqualTo(6);
            assertThat(reopened.contains("p5", 5, 5)).isTrue();
            assertThat(reopened.contains("p6", 6, 6)).isFalse();
        }
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals("write.lock")) {
                    Files.copy(file, target);
                }
            }
        }
    }

    @Test
    void anIndexBuiltByAnotherModelIsRefused() {
        EmbeddingIndex.openOrCreate(folder, "model-a:64", 64, OPTIONS).close();
        assertThatThrownBy(() -> EmbeddingIndex.open(folder, "model-b:64", OPTIONS))
                .isInstanceOf(SearchException.class)
                .hasMessageContaining("model-a:64").hasMessageContaining("model-b:64").hasMessageContaining(folder.toString());
        assertThatThrownBy(() -> EmbeddingIndex.openOrCreate(folder, "model-a:64", 32, OPTIONS))
                .isInstanceOf(SearchException.class).hasMessageContaining("64-D").hasMessageContaining("(32-D)");
    }

    @Test
    void aMissingIndexIsReportedWithItsFolder() {
        Path missing = folder.resolve("nothing-here");
        assertThatThrownBy(() -> EmbeddingIndex.open(missing, "m:2", OPTIONS))
                .isInstanceOf(SearchException.class)
                .hasMessageContaining("no embedding index in folder " + missing);
    }

    @Test
    void embeddingsOfTheWrongDimensionAreRefused() {
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:3", 3, OPTIONS)) {
            assertThatThrownBy(() -> index.put("x", new float[2], 0, 0, 0)).hasMessageContaining("3-D");
            assertThatThrownBy(() -> index.search(new float[4], 1)).hasMessageContaining("3-D");
        }
    }

    @Test
    void aClosedIndexRefusesUse() {
        EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:2", 2, OPTIONS);
        index.close();
        index.close();
        assertThatThrownBy(() -> index.search(new float[2], 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
