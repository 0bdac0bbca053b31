package dev.siamese.search.index;

import dev.siamese.api.model.Embeddings;
import dev.siamese.search.SearchException;
import dev.siamese.search.SearchHit;
import dev.siamese.search.internal.hnsw.SiameseHnswVectorsFormat;
import dev.siamese.search.knn.ExactKnn;
import dev.siamese.search.knn.Neighbours;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The index on our own HNSW graph ({@link EmbeddingIndex.Graph#OWN}, the default) and beside Lucene's. */
class OwnGraphIndexTest {
    private static final EmbeddingIndex.Options OWN = EmbeddingIndex.Options.defaults();
    private static final EmbeddingIndex.Options LUCENE = OWN.withGraph(EmbeddingIndex.Graph.LUCENE);
    private static final String FORMAT_ATTRIBUTE = "PerFieldKnnVectorsFormat.format";
    private static final int DIM = 16;

    @TempDir
    Path folder;

    private static Embeddings gaussian(long seed, int count) {
        return new Embeddings(count, DIM, EmbeddingIndexTest.gaussian(new Random(seed), count, DIM));
    }

    private static void putAll(EmbeddingIndex index, Embeddings all, int from, int to) {
        for (int i = from; i < to; i++) {
            index.put("p" + i, all.row(i), i, i, i);
        }
    }

    /** Recall@10 of the index against exact search over {@code gallery}'s rows whose number {@code live} accepts. */
    private static double recall(EmbeddingIndex index, Embeddings gallery, Embeddings queries,
                                 java.util.function.IntPredicate live) {
        float[] kept = new float[gallery.count() * DIM];
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < gallery.count(); i++) {
            if (live.test(i)) {
                System.arraycopy(gallery.row(i), 0, kept, rows.size() * DIM, DIM);
                rows.add(i);
            }
        }
        Embeddings exactGallery = new Embeddings(rows.size(), DIM, java.util.Arrays.copyOf(kept, rows.size() * DIM));
        Neighbours truth = new ExactKnn(2).search(queries, exactGallery, 10);
        int found = 0;
        for (int q = 0; q < queries.count(); q++) {
            List<SearchHit> hits = index.search(queries.row(q), 10);
            assertThat(hits).hasSize(10);
            Set<String> exact = new HashSet<>();
            for (int i : truth.indices(q)) {
                exact.add("p" + rows.get(i));
            }
            for (SearchHit hit : hits) {
                assertThat(live.test(Integer.parseInt(hit.path().substring(1)))).as("%s is live", hit.path()).isTrue();
                if (exact.contains(hit.path())) {
                    found++;
                }
            }
            int first = Integer.parseInt(hits.get(0).path().substring(1));
            assertThat(hits.get(0).distance()).isCloseTo(queries.distance(q, gallery, first), within(1e-3));
        }
        return found / (10.0 * queries.count());
    }

    /** The vector format of each segment of the last commit, by segment name. */
    private Set<String> segmentFormats() throws IOException {
        Set<String> formats = new TreeSet<>();
        try (Directory directory = FSDirectory.open(folder.resolve("lucene"));
             DirectoryReader reader = DirectoryReader.open(directory)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                formats.add(leaf.reader().getFieldInfos().fieldInfo("embedding").getAttribute(FORMAT_ATTRIBUTE));
            }
        }
        return formats;
    }

    private List<Path> graphFiles() throws IOException {
        try (Stream<Path> files = Files.list(folder.resolve("lucene"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("." + SiameseHnswVectorsFormat.GRAPH_EXTENSION))
                    .toList();
        }
    }

    @Test
    void recallAtTenAgreesWithExactSearchOnOurGraph() throws IOException {
        Embeddings gallery = gaussian(1, 5_000);
        Embeddings queries = gaussian(2, 100);
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:16", DIM, OWN)) {
            putAll(index, gallery, 0, gallery.count());
            index.commit();
            assertThat(recall(index, gallery, queries, i -> true)).isGreaterThanOrEqualTo(0.95);
        }
        assertThat(segmentFormats()).containsExactly(SiameseHnswVectorsFormat.NAME);
    }

    @Test
    void writesFromSeveralThreadsFillOneSegmentWhoseGraphIsBuiltOnce() throws Exception {
        Embeddings gallery = gaussian(11, 8_000);
        Embeddings queries = gaussian(12, 50);
        int threads = 4;
        int perThread = gallery.count() / threads;
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:16", DIM, OWN)) {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
            List<Thread> writers = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                int first = t * perThread;
                Thread writer = new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    putAll(index, gallery, first, first + perThread);
                });
                writer.setUncaughtExceptionHandler((th, e) -> failures.add(e));
                writers.add(writer);
                writer.start();
            }
            for (Thread writer : writers) {
                writer.join();
            }
            assertThat(failures).isEmpty();
            index.commit();
            assertThat(recall(index, gallery, queries, i -> true)).isGreaterThanOrEqualTo(0.95);
        }
        // one segment, so no merge is needed (Lucene gives each writing thread a segment of its own)
        try (Directory directory = FSDirectory.open(folder.resolve("lucene"));
             DirectoryReader reader = DirectoryReader.open(directory)) {
            assertThat(reader.leaves()).hasSize(1);
            assertThat(reader.numDocs()).isEqualTo(gallery.count());
        }
        assertThat(segmentFormats()).containsExactly(SiameseHnswVectorsFormat.NAME);
    }

    @Test
    void updatesAndDeletionsAreNeverReturnedBeforeOrAfterAMerge() {
        Embeddings gallery = gaussian(3, 3_000);
        Embeddings queries = gaussian(4, 50);
        Embeddings moved = gaussian(5, 3_000);
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:16", DIM, OWN.withCommitEvery(1_000))) {
            putAll(index, gallery, 0, gallery.count());
            index.commit();
            for (int i = 0; i < gallery.count(); i += 3) {
                index.remove("p" + i);
            }
            // an update by path: the old vector's document is deleted, the new one lives in a new segment
            for (int i = 1; i < gallery.count(); i += 30) {
                index.put("p" + i, moved.row(i), 0, 0, 0);
            }
            for (int i = 1; i < gallery.count(); i += 30) {
                String path = "p" + i;
                List<SearchHit> hits = index.search(gallery.row(i), 5);
                assertThat(hits).noneMatch(h -> h.distance() < 1e-3 && h.path().equals(path));
                assertThat(index.search(moved.row(i), 1).get(0).path()).isEqualTo("p" + i);
            }
            for (int q = 0; q < queries.count(); q++) {
                assertThat(index.search(queries.row(q), 10))
                        .allSatisfy(h -> assertThat(Integer.parseInt(h.path().substring(1)) % 3).isNotZero());
            }
            index.optimize();
            assertThat(index.size()).isEqualTo(2_000);
            for (int q = 0; q < queries.count(); q++) {
                assertThat(index.search(queries.row(q), 10))
                        .allSatisfy(h -> assertThat(Integer.parseInt(h.path().substring(1)) % 3).isNotZero());
            }
            for (int i = 1; i < gallery.count(); i += 30) {
                assertThat(index.search(moved.row(i), 1).get(0).path()).isEqualTo("p" + i);
            }
        }
    }

    @Test
    void reopeningAndReadOnlyOpeningReturnTheSameResults() throws IOException {
        Embeddings gallery = gaussian(6, 2_000);
        Embeddings queries = gaussian(7, 30);
        List<List<SearchHit>> before = new ArrayList<>();
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:16", DIM, OWN)) {
            putAll(index, gallery, 0, 1_000);
            index.commit();
            putAll(index, gallery, 1_000, 2_000);
            index.commit();
            for (int q = 0; q < queries.count(); q++) {
                before.add(index.search(queries.row(q), 10));
            }
        }
        try (EmbeddingIndex index = EmbeddingIndex.open(folder, "m:16", OWN);
             EmbeddingIndex readOnly = EmbeddingIndex.openReadOnly(folder, "m:16", OWN)) {
            for (int q = 0; q < queries.count(); q++) {
                assertThat(index.search(queries.row(q), 10)).isEqualTo(before.get(q));
                assertThat(readOnly.search(queries.row(q), 10)).isEqualTo(before.get(q));
            }
        }
        assertThat(segmentFormats()).containsExactly(SiameseHnswVectorsFormat.NAME);
        assertThat(EmbeddingIndex.verify(folder).problems()).isEmpty();
    }

    @Test
    void luceneFindsTheFormatByNameAndItsQueriesSearchOurGraph() throws IOException {
        Embeddings gallery = gaussian(8, 1_500);
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:16", DIM, OWN)) {
            putAll(index, gallery, 0, gallery.count());
            index.remove("p7");
        }
        // a plain Lucene reader with the default codec: the segment names its vector format, found by the service loader
        try (Directory directory = FSDirectory.open(folder.resolve("lucene"));
             DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            TopDocs top = searcher.search(new KnnFloatVectorQuery("embedding", gallery.row(9), 5), 5);
            assertThat(top.scoreDocs).hasSize(5);
            ScoreDoc best = top.scoreDocs[0];
            assertThat(searcher.storedFields().document(best.doc).get("path")).isEqualTo("p9");
            assertThat(best.score).isCloseTo(1f, within(1e-4f));
            TopDocs deleted = searcher.search(new KnnFloatVectorQuery("embedding", gallery.row(7), 3), 3);
            for (ScoreDoc hit : deleted.scoreDocs) {
                assertThat(searcher.storedFields().document(hit.doc).get("path")).isNotEqualTo("p7");
            }
        }
    }

    @Test
    void aDamagedGraphFileIsNamedByTheCheckAndStopsSearches() throws IOException {
        Embeddings gallery = gaussian(9, 2_000);
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:16", DIM, OWN)) {
            putAll(index, gallery, 0, 1_000);
            index.commit();
            putAll(index, gallery, 1_000, gallery.count());
            // merged segments of some size stand alone (flushed ones are packed into a compound file)
            index.optimize();
        }
        List<Path> graphs = graphFiles();
        assertThat(graphs).hasSize(1);
        Path graph = graphs.get(0);
        try (FileChannel channel = FileChannel.open(graph, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), channel.size() / 2);
        }
        IndexCheck check = EmbeddingIndex.verify(folder);
        assertThat(check.healthy()).isFalse();
        assertThat(check.problems()).singleElement().asString().contains(graph.getFileName().toString())
                .contains("the HNSW graph").contains("checksum failed");
        try (EmbeddingIndex index = EmbeddingIndex.openReadOnly(folder, "m:16", OWN)) {
            assertThatThrownBy(() -> index.search(gallery.row(0), 10)).isInstanceOf(SearchException.class)
                    .hasMessageContaining("is damaged").hasMessageContaining(graph.getFileName().toString())
                    .hasMessageContaining("siamese index --check " + folder);
        }
    }

    @Test
    void anIndexOfLuceneGraphsAppendedWithOursSearchesCorrectlyThroughout() throws IOException {
        Embeddings gallery = gaussian(10, 4_000);
        Embeddings queries = gaussian(11, 60);
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:16", DIM, LUCENE)) {
            putAll(index, gallery, 0, 2_000);
        }
        assertThat(segmentFormats()).containsExactly("Lucene99HnswVectorsFormat");
        try (EmbeddingIndex index = EmbeddingIndex.open(folder, "m:16", OWN)) {
            assertThat(recall(index, gallery, queries, i -> i < 2_000)).isGreaterThanOrEqualTo(0.95);
            putAll(index, gallery, 2_000, 4_000);
            index.remove("p5");
            index.remove("p2005");
            index.commit();
            assertThat(segmentFormats()).containsExactlyInAnyOrder("Lucene99HnswVectorsFormat",
                    SiameseHnswVectorsFormat.NAME);
            assertThat(recall(index, gallery, queries, i -> i != 5 && i != 2_005)).isGreaterThanOrEqualTo(0.95);
            index.optimize();
            assertThat(recall(index, gallery, queries, i -> i != 5 && i != 2_005)).isGreaterThanOrEqualTo(0.95);
        }
        // the merge wrote the configured graph
        assertThat(segmentFormats()).containsExactly(SiameseHnswVectorsFormat.NAME);
        try (EmbeddingIndex readOnly = EmbeddingIndex.openReadOnly(folder, "m:16", LUCENE)) {
            assertThat(recall(readOnly, gallery, queries, i -> i != 5 && i != 2_005)).isGreaterThanOrEqualTo(0.95);
        }
        assertThat(EmbeddingIndex.verify(folder).problems()).isEmpty();
    }

    @Test
    void luceneGraphSearchesStillAgreeWhetherLevelZeroIsOnTheHeap() {
        // GraphSearch serves segments of Lucene's graph, which indexes written before our graph hold
        Embeddings all = gaussian(12, 3_000);
        Embeddings queries = gaussian(13, 30);
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:16", DIM, LUCENE)) {
            putAll(index, all, 0, all.count());
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
    void graphsAreNamedInOptionsAndSettings() {
        assertThat(OWN.graph()).isEqualTo(EmbeddingIndex.Graph.OWN);
        assertThat(EmbeddingIndex.Graph.of("Lucene")).isEqualTo(EmbeddingIndex.Graph.LUCENE);
        assertThatThrownBy(() -> EmbeddingIndex.Graph.of("faiss")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("own or lucene");
        assertThat(LUCENE.withCandidates(7).graph()).isEqualTo(EmbeddingIndex.Graph.LUCENE);
    }
}
