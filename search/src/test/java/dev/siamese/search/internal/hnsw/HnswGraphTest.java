package dev.siamese.search.internal.hnsw;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HnswGraphTest {
    private static final int DIMENSION = 24;
    private static final HnswGraph.Settings SETTINGS = new HnswGraph.Settings(12, 80, 42);

    /** {@code count} rows around 40 Gaussian centres (spread 0.5), like real embeddings. */
    static float[] clustered(int count, int dimension, long seed) {
        Random random = new Random(seed);
        float[] centres = new float[40 * dimension];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) random.nextGaussian();
        }
        float[] rows = new float[count * dimension];
        for (int i = 0; i < count; i++) {
            int c = random.nextInt(40);
            for (int d = 0; d < dimension; d++) {
                rows[i * dimension + d] = centres[c * dimension + d] + 0.5f * (float) random.nextGaussian();
            }
        }
        return rows;
    }

    /** The k nearest accepted rows by squared distance in double precision, ties by index. */
    static int[] exact(float[] rows, int dimension, float[] query, int k, IntPredicate accept) {
        int n = rows.length / dimension;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < dimension; j++) {
                double diff = (double) query[j] - rows[i * dimension + j];
                sum += diff * diff;
            }
            d[i] = sum;
        }
        return IntStream.range(0, n).filter(accept::test).boxed()
                .sorted((a, b) -> d[a] != d[b] ? Double.compare(d[a], d[b]) : Integer.compare(a, b))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    static double recall(HnswGraph graph, float[] rows, float[] queries, int k, int ef, IntPredicate accept) {
        int dimension = graph.dimension();
        int q = queries.length / dimension;
        long found = 0;
        for (int i = 0; i < q; i++) {
            float[] query = Arrays.copyOfRange(queries, i * dimension, (i + 1) * dimension);
            int[] truth = exact(rows, dimension, query, k, accept == null ? n -> true : accept);
            int[] hits = graph.search(query, k, ef, accept).nodes();
            for (int h : hits) {
                if (Arrays.stream(truth).anyMatch(t -> t == h)) {
                    found++;
                }
            }
        }
        return found / (double) (q * k);
    }

    @Test
    void findsTheExactNeighboursOfMostQueries() {
        float[] rows = clustered(3_000, DIMENSION, 1);
        float[] queries = clustered(100, DIMENSION, 2);
        HnswGraph graph = HnswGraph.build(rows, DIMENSION, SETTINGS, 1);

        assertThat(recall(graph, rows, queries, 10, 60, null)).isGreaterThan(0.95);
        assertThat(graph.firstProblem()).isEmpty();
    }

    @Test
    void hitsComeNearestFirstWithTheirSquaredDistances() {
        float[] rows = clustered(500, DIMENSION, 3);
        HnswGraph graph = HnswGraph.build(rows, DIMENSION, SETTINGS, 1);
        float[] query = graph.vector(17);

        HnswGraph.Hits hits = graph.search(query, 5, 40, null);

        assertThat(hits.nodes()[0]).isEqualTo(17);
        assertThat(hits.distances()[0]).isZero();
        for (int i = 1; i < hits.size(); i++) {
            assertThat(hits.distances()[i]).isGreaterThanOrEqualTo(hits.distances()[i - 1]);
            int[] bits = new int[DIMENSION];
            for (int d = 0; d < DIMENSION; d++) {
                bits[d] = Float.floatToRawIntBits(rows[hits.nodes()[i] * DIMENSION + d]);
            }
            assertThat(hits.distances()[i]).isEqualTo(SquaredDistance.plain(query, bits, 0, DIMENSION));
        }
    }

    @Test
    void oneThreadBuildsTheSameGraphForTheSameSeed() {
        float[] rows = clustered(1_500, DIMENSION, 4);
        HnswGraph first = HnswGraph.build(rows, DIMENSION, SETTINGS, 1);
        HnswGraph second = HnswGraph.build(rows, DIMENSION, SETTINGS, 1);

        assertThat(second.entryNode()).isEqualTo(first.entryNode());
        assertThat(second.nodes).isEqualTo(first.nodes);
        assertThat(second.levels).isEqualTo(first.levels);
        for (int node = 0; node < 1_500; node++) {
            assertThat(second.upper[node]).isEqualTo(first.upper[node]);
        }
    }

    @Test
    void levelsThinOutByTheFactorM() {
        HnswGraph graph = new HnswGraph(4, 100_000, new HnswGraph.Settings(16, 10, 7));
        long aboveZero = IntStream.range(0, 100_000).filter(n -> graph.drawLevel(n) > 0).count();
        long aboveOne = IntStream.range(0, 100_000).filter(n -> graph.drawLevel(n) > 1).count();

        // P(level >= 1) = 1/16, P(level >= 2) = 1/256
        assertThat(aboveZero).isBetween(5_900L, 6_600L);
        assertThat(aboveOne).isBetween(300L, 490L);
    }

    @Test
    void twoThreadsBuildASoundGraph() {
        float[] rows = clustered(4_000, DIMENSION, 5);
        float[] queries = clustered(100, DIMENSION, 6);
        HnswGraph graph = HnswGraph.build(rows, DIMENSION, SETTINGS, 2);

        assertThat(graph.firstProblem()).isEmpty();
        assertThat(graph.size()).isEqualTo(4_000);
        assertThat(graph.level(graph.entryNode())).isEqualTo(graph.maxLevel());
        assertThat(recall(graph, rows, queries, 10, 60, null)).isGreaterThan(0.95);
    }

    /**
     * Points on a line make a chain-like graph where a node has few links, so one lost link leaves a node out of reach
     * (a beam as wide as the graph then misses it): concurrent insertion once overwrote the link a thread had just
     * added to a node still writing its own links.
     */
    @Test
    void severalThreadsKeepEveryNodeOfAChainReachable() throws InterruptedException {
        int n = 3_000;
        int threads = 4;
        for (int round = 0; round < 8; round++) {
            HnswGraph graph = new HnswGraph(2, n, new HnswGraph.Settings(16, 100, round));
            Thread[] adders = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int first = t;
                adders[t] = new Thread(() -> {
                    for (int i = first; i < n; i += threads) {
                        graph.add(new float[] {i, 0});
                    }
                });
                adders[t].start();
            }
            for (Thread adder : adders) {
                adder.join();
            }
            assertThat(graph.size()).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                HnswGraph.Hits hits = graph.search(new float[] {i, 0}, 1, n, null); // a beam as wide as the graph
                assertThat(hits.distances()).as("round %d, point %d", round, i).containsExactly(0f);
            }
        }
    }

    @Test
    void addFromSeveralThreadsKeepsEveryVector() throws InterruptedException {
        float[] rows = clustered(2_000, DIMENSION, 7);
        HnswGraph graph = new HnswGraph(DIMENSION, 2_000, SETTINGS);
        int[] nodeOfRow = new int[2_000];
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int first = t;
            threads[t] = new Thread(() -> {
                for (int i = first; i < 2_000; i += 2) {
                    nodeOfRow[i] = graph.add(Arrays.copyOfRange(rows, i * DIMENSION, (i + 1) * DIMENSION));
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(graph.firstProblem()).isEmpty();
        for (int i = 0; i < 2_000; i += 97) {
            float[] row = Arrays.copyOfRange(rows, i * DIMENSION, (i + 1) * DIMENSION);
            assertThat(graph.vector(nodeOfRow[i])).isEqualTo(row);
            // every node is reachable: a beam as wide as the graph finds it (a narrow beam may miss a node now and
            // then in a graph built from several threads, as in hnswlib: that is recall, tested elsewhere)
            assertThat(graph.search(row, 1, 2_000, null).nodes()).containsExactly(nodeOfRow[i]);
        }
        assertThatThrownBy(() -> graph.add(new float[DIMENSION])).hasMessageContaining("full");
    }

    @Test
    void filteredSearchReturnsOnlyAcceptedNodes() {
        float[] rows = clustered(3_000, DIMENSION, 8);
        float[] queries = clustered(50, DIMENSION, 9);
        HnswGraph graph = HnswGraph.build(rows, DIMENSION, SETTINGS, 1);
        IntPredicate everyThird = n -> n % 3 == 0;

        for (int i = 0; i < 50; i++) {
            float[] query = Arrays.copyOfRange(queries, i * DIMENSION, (i + 1) * DIMENSION);
            HnswGraph.Hits hits = graph.search(query, 10, 60, everyThird);
            assertThat(hits.size()).isEqualTo(10);
            assertThat(Arrays.stream(hits.nodes()).boxed()).allMatch(n -> n % 3 == 0);
        }
        assertThat(recall(graph, rows, queries, 10, 60, everyThird)).isGreaterThan(0.9);
        assertThat(graph.search(Arrays.copyOf(queries, DIMENSION), 5, 20, n -> false).size()).isZero();
    }

    @Test
    void aGraphReadBackSearchesAlike(@TempDir Path dir) throws IOException {
        float[] rows = clustered(2_000, DIMENSION, 10);
        float[] queries = clustered(20, DIMENSION, 11);
        HnswGraph graph = HnswGraph.build(rows, DIMENSION, SETTINGS, 2);
        Path file = dir.resolve("graph.hnsw");

        HnswGraphFile.write(graph, file);
        HnswGraph read = HnswGraphFile.read(file);

        assertThat(read.size()).isEqualTo(graph.size());
        assertThat(read.settings()).isEqualTo(graph.settings());
        assertThat(read.entryNode()).isEqualTo(graph.entryNode());
        assertThat(read.maxLevel()).isEqualTo(graph.maxLevel());
        for (int i = 0; i < 20; i++) {
            float[] query = Arrays.copyOfRange(queries, i * DIMENSION, (i + 1) * DIMENSION);
            HnswGraph.Hits before = graph.search(query, 10, 50, null);
            HnswGraph.Hits after = read.search(query, 10, 50, null);
            assertThat(after.nodes()).isEqualTo(before.nodes());
            assertThat(after.distances()).isEqualTo(before.distances());
        }
    }

    @Test
    void aDamagedOrTruncatedFileIsRefused(@TempDir Path dir) throws IOException {
        HnswGraph graph = HnswGraph.build(clustered(500, DIMENSION, 12), DIMENSION, SETTINGS, 1);
        Path file = dir.resolve("graph.hnsw");
        HnswGraphFile.write(graph, file);
        byte[] bytes = Files.readAllBytes(file);

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        Path damaged = Files.write(dir.resolve("damaged.hnsw"), flipped);
        Path truncated = Files.write(dir.resolve("truncated.hnsw"), Arrays.copyOf(bytes, bytes.length - 9));
        Path foreign = Files.write(dir.resolve("foreign.hnsw"), "not a graph at all".getBytes());

        assertThatThrownBy(() -> HnswGraphFile.read(damaged)).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged");
        assertThatThrownBy(() -> HnswGraphFile.read(truncated)).isInstanceOf(IOException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> HnswGraphFile.read(foreign)).isInstanceOf(IOException.class)
                .hasMessageContaining("not an HNSW graph file");
    }

    @Test
    void anEmptyGraphFindsNothing() {
        HnswGraph graph = new HnswGraph(DIMENSION, 10, SETTINGS);
        assertThat(graph.search(new float[DIMENSION], 3, 10, null).size()).isZero();
        assertThat(graph.maxLevel()).isEqualTo(-1);
    }
}
