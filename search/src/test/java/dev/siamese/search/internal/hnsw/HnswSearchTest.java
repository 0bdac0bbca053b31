package dev.siamese.search.internal.hnsw;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins {@link HnswGraph#search} to the textbook HNSW search over the same graph, written here as plainly as possible
 * (boxed heaps, a hash set of visited nodes, the graph's public links): the same hits with the same distances, bit
 * for bit, and the same number of nodes scored, whatever the search does to run faster.
 */
class HnswSearchTest {
    private record Scored(float distance, int node) {
    }

    /** Nearest first, ties by node, as the graph's heaps order them. */
    private static final Comparator<Scored> NEAREST = Comparator.comparingDouble(Scored::distance)
            .thenComparingInt(Scored::node);

    /** The textbook search's hits and how many distances it computed. */
    private record Reference(int[] nodes, float[] distances, int scored) {
    }

    private static float distance(HnswGraph graph, float[] query, int node) {
        float[] vector = graph.vector(node);
        int[] bits = new int[vector.length];
        for (int i = 0; i < vector.length; i++) {
            bits[i] = Float.floatToRawIntBits(vector[i]);
        }
        return SquaredDistance.plain(query, bits, 0, vector.length);
    }

    /** Greedy descent through the upper levels, then a beam of {@code max(ef, k)} on level 0 (hnswlib's algorithm). */
    private static Reference reference(HnswGraph graph, float[] query, int k, int ef, IntPredicate accept) {
        int current = graph.entryNode();
        float currentDistance = distance(graph, query, current);
        int scored = 1;
        for (int level = graph.maxLevel(); level >= 1; level--) {
            boolean better = true;
            while (better) {
                better = false;
                for (int friend : graph.neighbours(current, level)) {
                    float d = distance(graph, query, friend);
                    scored++;
                    if (d < currentDistance) {
                        currentDistance = d;
                        current = friend;
                        better = true;
                    }
                }
            }
        }
        int beam = Math.max(ef, k);
        Set<Integer> visited = new HashSet<>();
        PriorityQueue<Scored> candidates = new PriorityQueue<>(NEAREST);
        PriorityQueue<Scored> results = new PriorityQueue<>(NEAREST.reversed());
        visited.add(current);
        candidates.add(new Scored(currentDistance, current));
        if (accept == null || accept.test(current)) {
            results.add(new Scored(currentDistance, current));
        }
        while (!candidates.isEmpty()) {
            Scored c = candidates.peek();
            float worst = results.isEmpty() ? Float.POSITIVE_INFINITY : results.peek().distance();
            if (c.distance() > worst && results.size() >= beam) {
                break;
            }
            candidates.poll();
            for (int friend : graph.neighbours(c.node(), 0)) {
                if (!visited.add(friend)) {
                    continue;
                }
                float d = distance(graph, query, friend);
                scored++;
                worst = results.isEmpty() ? Float.POSITIVE_INFINITY : results.peek().distance();
                if (results.size() < beam || d < worst) {
                    candidates.add(new Scored(d, friend));
                    if (accept == null || accept.test(friend)) {
                        results.add(new Scored(d, friend));
                        if (results.size() > beam) {
                            results.poll();
                        }
                    }
                }
            }
        }
        List<Scored> sorted = new ArrayList<>(results);
        sorted.sort(NEAREST);
        sorted = sorted.subList(0, Math.min(k, sorted.size()));
        int[] nodes = sorted.stream().mapToInt(Scored::node).toArray();
        float[] distances = new float[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            distances[i] = sorted.get(i).distance();
        }
        return new Reference(nodes, distances, scored);
    }

    private static void searchesAsTheTextbook(int dimension, int rows, int threads, long seed) {
        float[] data = HnswGraphTest.clustered(rows, dimension, seed);
        float[] queries = HnswGraphTest.clustered(40, dimension, seed + 1);
        HnswGraph graph = HnswGraph.build(data, dimension, new HnswGraph.Settings(8, 40, seed), threads);
        IntPredicate[] filters = {null, n -> n % 3 != 0};
        int checked = 0;
        for (int i = 0; i < 40; i++) {
            float[] query = Arrays.copyOfRange(queries, i * dimension, (i + 1) * dimension);
            for (int[] kEf : new int[][] {{1, 1}, {10, 5}, {10, 20}, {10, 64}, {30, 100}, {5, 300}}) {
                for (IntPredicate accept : filters) {
                    Reference expected = reference(graph, query, kEf[0], kEf[1], accept);
                    HnswGraph.Hits hits = graph.search(query, kEf[0], kEf[1], accept);
                    assertThat(hits.nodes()).as("query %d, k %d, ef %d", i, kEf[0], kEf[1])
                            .isEqualTo(expected.nodes());
                    assertThat(hits.distances()).isEqualTo(expected.distances());
                    assertThat(graph.lastScored()).as("distances computed").isEqualTo(expected.scored());
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(40 * 6 * 2);
    }

    @Test
    void searchesAsTheTextbookAt64Dimensions() {
        searchesAsTheTextbook(64, 4_000, 1, 31);
    }

    @Test
    void searchesAsTheTextbookOnAGraphBuiltFromTwoThreads() {
        searchesAsTheTextbook(24, 3_000, 2, 32);
    }

    @Test
    void searchesAsTheTextbookWithATailPastTheLastSixteenDimensions() {
        searchesAsTheTextbook(37, 2_000, 1, 33);
    }
}
