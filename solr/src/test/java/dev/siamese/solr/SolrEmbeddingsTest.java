package dev.siamese.solr;

import dev.siamese.search.RemoteIndex;
import dev.siamese.search.RemoteIndexes;
import dev.siamese.search.SearchException;
import dev.siamese.search.SearchHit;
import dev.siamese.search.index.IndexEntry;

import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.SolrDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A collection of 3,000 clustered 64-D vectors in two shards on a two-node SolrCloud, searched like the local index. */
class SolrEmbeddingsTest {

    private static final int DIMENSION = 64;
    private static final int COUNT = 3_000;
    private static final String MODEL = "0123456789abcdef:64";
    private static final String COLLECTION = "vectors";

    @TempDir
    static Path tmp;

    private static MiniSolrCloudCluster cluster;
    private static String url;
    private static float[][] vectors;

    @BeforeAll
    static void loadCluster() throws Exception {
        cluster = new MiniSolrCloudCluster.Builder(2, tmp.resolve("solr")).build();
        url = cluster.getJettySolrRunners().get(0).getBaseUrl().toString();
        vectors = clustered(COUNT, DIMENSION, 30, 42);
        assertThat(SolrEmbeddings.createCollection(url, COLLECTION, DIMENSION, 2, 1)).isTrue();
        try (SolrEmbeddings index = SolrEmbeddings.open(url, COLLECTION)) {
            for (int from = 0; from < COUNT; from += 1_000) {
                List<IndexEntry> batch = new ArrayList<>();
                for (int i = from; i < from + 1_000; i++) {
                    batch.add(new IndexEntry(path(i), vectors[i], 1000L * i - 7, i, 1_700_000_000_000L + i));
                }
                index.add(batch, MODEL);
            }
            index.commit();
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @Test
    void holdsWhatWasLoaded() {
        try (SolrEmbeddings index = SolrEmbeddings.open(url, COLLECTION, MODEL, DIMENSION)) {
            assertThat(index.size()).isEqualTo(COUNT);
            assertThat(index.dimension()).isEqualTo(DIMENSION);
            assertThat(index.location()).isEqualTo("solr " + url + " collection " + COLLECTION);
        }
    }

    @Test
    void everyVectorFindsItselfFirstAndTheExactNearestDistances() {
        try (SolrEmbeddings index = SolrEmbeddings.open(url, COLLECTION, MODEL, DIMENSION)) {
            for (int q = 0; q < COUNT; q += 5) {
                List<SearchHit> hits = index.search(vectors[q], 10);
                double[] exact = exactNearest(vectors[q], 10);
                assertThat(hits).hasSize(10);
                assertThat(hits.get(0).path()).as("top-1 of %d", q).isEqualTo(path(q));
                for (int r = 0; r < 10; r++) {
                    SearchHit hit = hits.get(r);
                    assertThat(hit.distance()).as("distance to %s", hit.path())
                            .isCloseTo(distance(vectors[q], vectors[index(hit.path())]), within(1e-4));
                    assertThat(hit.distance()).as("rank %d of query %d", r, q).isCloseTo(exact[r], within(1e-4));
                }
            }
        }
    }

    @Test
    void moreNeighboursThanCandidatesStillComeNearestFirst() {
        try (SolrEmbeddings index = SolrEmbeddings.open(url, COLLECTION)) {
            List<SearchHit> hits = index.search(vectors[7], 150, 10);
            assertThat(hits).hasSize(150);
            assertThat(hits).isSortedAccordingTo(java.util.Comparator.comparingDouble(SearchHit::distance));
            assertThat(hits.get(0)).isEqualTo(new SearchHit(path(7), 0.0));
        }
    }

    @Test
    void hashesComeBackForThePathsItHolds() {
        try (SolrEmbeddings index = SolrEmbeddings.open(url, COLLECTION)) {
            assertThat(index.hashes(List.of(path(3), path(2_999), "/missing, with a comma.png")))
                    .isEqualTo(Map.of(path(3), 2_993L, path(2_999), 2_998_993L));
            assertThat(index.hashes(List.of(path(0)))).isEqualTo(Map.of(path(0), -7L));
            assertThat(index.hashes(List.of())).isEmpty();
        }
    }

    @Test
    void storedVectorsReadBackUnchanged() throws Exception {
        try (SolrClient client = new Http2SolrClient.Builder(url).build()) {
            SolrDocument doc = client.getById(COLLECTION, path(11));
            List<?> stored = (List<?>) doc.getFieldValue("vector");
            float[] back = new float[stored.size()];
            for (int i = 0; i < back.length; i++) {
                back[i] = ((Number) stored.get(i)).floatValue();
            }
            assertThat(back).isEqualTo(vectors[11]);
            assertThat(doc.getFieldValue("model")).isEqualTo(MODEL);
            assertThat(doc.getFieldValue("size")).isEqualTo(11L);
        }
    }

    @Test
    void openingWithAnotherDimensionNamesBoth() {
        assertThatThrownBy(() -> SolrEmbeddings.open(url, COLLECTION, MODEL, 128))
                .isInstanceOf(SearchException.class)
                .hasMessageContaining(COLLECTION).hasMessageContaining("64").hasMessageContaining("128")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> SolrEmbeddings.createCollection(url, COLLECTION, 32, 1, 1))
                .isInstanceOf(SearchException.class).hasMessageContaining("64").hasMessageContaining("32");
    }

    @Test
    void openingWithAnotherModelSaysSo() {
        assertThatThrownBy(() -> SolrEmbeddings.open(url, COLLECTION, "fedcba9876543210:64", DIMENSION))
                .isInstanceOf(SearchException.class)
                .hasMessageContaining("another model").hasMessageContaining(MODEL).hasMessageContaining("fedcba9876543210:64");
    }

    @Test
    void creatingAnExistingCollectionOfTheSameDimensionLeavesIt() {
        assertThat(SolrEmbeddings.createCollection(url + "/", COLLECTION, DIMENSION, 2, 1)).isFalse();
    }

    @Test
    void aQueryOfAnotherLengthIsRefused() {
        try (SolrEmbeddings index = SolrEmbeddings.open(url, COLLECTION)) {
            assertThatThrownBy(() -> index.search(new float[10], 5))
                    .isInstanceOf(SearchException.class).hasMessageContaining("10").hasMessageContaining("64");
        }
    }

    @Test
    void aMissingCollectionOrNodeIsOneClearLine() {
        assertThatThrownBy(() -> SolrEmbeddings.open(url, "nothing-here"))
                .isInstanceOf(SearchException.class).hasMessageContaining("no collection nothing-here");
        assertThatThrownBy(() -> SolrEmbeddings.open("http://127.0.0.1:1/solr", COLLECTION))
                .isInstanceOf(SearchException.class)
                .hasMessageContaining("http://127.0.0.1:1/solr").hasMessageContaining("is Solr running")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> SolrEmbeddings.open("localhost:8983", COLLECTION))
                .isInstanceOf(SearchException.class).hasMessageContaining("not a Solr URL");
    }

    @Test
    void theSearchModuleFindsTheSolrEngine() {
        assertThat(RemoteIndexes.engines()).contains("solr");
        try (RemoteIndex index = RemoteIndexes.open("solr", url, COLLECTION, MODEL, DIMENSION)) {
            assertThat(index).isInstanceOf(SolrEmbeddings.class);
            assertThat(index.search(vectors[5], 1).get(0).path()).isEqualTo(path(5));
        }
    }

    @Test
    void aClosedIndexRefusesWork() {
        SolrEmbeddings index = SolrEmbeddings.open(url, COLLECTION);
        index.close();
        index.close();
        assertThatThrownBy(index::size).isInstanceOf(SearchException.class).hasMessageContaining("closed");
    }

    private static String path(int i) {
        return "/pictures/p" + i + ".png";
    }

    private static int index(String path) {
        return Integer.parseInt(path.substring("/pictures/p".length(), path.length() - ".png".length()));
    }

    /** {@code count} vectors around {@code clusters} Gaussian centres (spread 0.15 around unit-variance centres). */
    private static float[][] clustered(int count, int dimension, int clusters, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[clusters][dimension];
        for (float[] c : centres) {
            for (int d = 0; d < dimension; d++) {
                c[d] = (float) random.nextGaussian();
            }
        }
        float[][] v = new float[count][dimension];
        for (int i = 0; i < count; i++) {
            float[] c = centres[random.nextInt(clusters)];
            for (int d = 0; d < dimension; d++) {
                v[i][d] = c[d] + 0.15f * (float) random.nextGaussian();
            }
        }
        return v;
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            double diff = (double) a[d] - b[d];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }

    private static double[] exactNearest(float[] query, int k) {
        double[] all = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            all[i] = distance(query, vectors[i]);
        }
        Arrays.sort(all);
        return Arrays.copyOf(all, k);
    }
}
