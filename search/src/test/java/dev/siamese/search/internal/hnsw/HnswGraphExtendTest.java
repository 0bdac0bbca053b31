package dev.siamese.search.internal.hnsw;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link HnswGraph#extend}: a merge keeps its largest segment's graph and inserts the other vectors. */
class HnswGraphExtendTest {
    private static final int DIMENSION = 24;
    private static final HnswGraph.Settings SETTINGS = new HnswGraph.Settings(12, 80, 42);

    @Test
    void anExtendedGraphKeepsTheBaseLinksRenumberedAndFindsEveryRow() {
        int n = 4_000;
        int offset = 1_000;
        int kept = 2_000;
        float[] rows = HnswGraphTest.clustered(n, DIMENSION, 7);
        HnswGraph base = HnswGraph.build(Arrays.copyOfRange(rows, offset * DIMENSION, (offset + kept) * DIMENSION),
                DIMENSION, SETTINGS, 2);
        HnswGraph graph = HnswGraph.extend(base, offset, rows, DIMENSION, 2);

        assertThat(graph.size()).isEqualTo(n);
        assertThat(graph.firstProblem()).isEmpty();
        assertThat(graph.settings()).isEqualTo(base.settings());
        // links among kept nodes stay (a neighbour list may have gained new nodes, or been shrunk by the heuristic)
        int unchanged = 0;
        for (int node = 0; node < kept; node++) {
            assertThat(graph.level(offset + node)).isEqualTo(base.level(node));
            int[] before = Arrays.stream(base.neighbours(node, 0)).map(l -> l + offset).toArray();
            if (Arrays.equals(before, graph.neighbours(offset + node, 0))) {
                unchanged++;
            }
            assertThat(graph.vector(offset + node)).containsExactly(base.vector(node));
        }
        assertThat(unchanged).isPositive();
        float[] queries = HnswGraphTest.clustered(100, DIMENSION, 8);
        assertThat(HnswGraphTest.recall(graph, rows, queries, 10, 80, node -> true)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aBaseThatDoesNotFitIsRefused() {
        float[] rows = HnswGraphTest.clustered(100, DIMENSION, 9);
        HnswGraph base = HnswGraph.build(Arrays.copyOf(rows, 60 * DIMENSION), DIMENSION, SETTINGS, 1);
        assertThatThrownBy(() -> HnswGraph.extend(base, 50, rows, DIMENSION, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }
}
