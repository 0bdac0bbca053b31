package dev.siamese.search.internal.hnsw;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** A graph that nobody references is collected, even after this thread searched it (the index drops merged segments). */
class HnswGraphMemoryTest {
    @Test
    void aSearchingThreadDoesNotKeepTheGraphAlive() throws InterruptedException {
        WeakReference<HnswGraph> dropped = searchedGraph();
        for (int i = 0; i < 50 && dropped.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(dropped.get()).as("the graph after this thread searched it and dropped it").isNull();
    }

    private static WeakReference<HnswGraph> searchedGraph() {
        float[] rows = HnswGraphTest.clustered(500, 8, 3);
        HnswGraph graph = HnswGraph.build(rows, 8, new HnswGraph.Settings(8, 40, 1), 1);
        assertThat(graph.search(Arrays.copyOf(rows, 8), 3, 10, null).size()).isEqualTo(3);
        return new WeakReference<>(graph);
    }
}
