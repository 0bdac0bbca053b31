package dev.siamese.search;

import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SquaredDistanceTest {

    @Test
    void theTestsRunOnTheVectorApiAsTheLauncherDoes() {
        // search/pom.xml adds jdk.incubator.vector to the test JVM; without it every other test here would only
        // check Lucene's scalar loop against itself
        assertThat(SquaredDistance.VECTORISED).as(SquaredDistance.describe()).isTrue();
        assertThat(EmbeddingIndex.distanceKernel()).startsWith("Vector API");
    }

    @Test
    void vectorDistancesEqualTheScalarLoopForEveryLengthAndTail() {
        Random random = new Random(3);
        for (int length = 1; length <= 150; length++) {
            for (int trial = 0; trial < 20; trial++) {
                float[] a = gaussian(random, length);
                float[] b = gaussian(random, length);
                double exact = 0;
                for (int i = 0; i < length; i++) {
                    double d = (double) a[i] - b[i];
                    exact += d * d;
                }
                float scalar = VectorUtil.squareDistance(a, b);
                float vector = VectorKernels.between(a, b);
                assertThat((double) vector).as("length %d", length).isCloseTo(exact, within(exact * 1e-5 + 1e-6));
                assertThat(vector).as("length %d", length).isCloseTo(scalar, within(scalar * 1e-5f + 1e-6f));
                assertThat(SquaredDistance.between(a, b)).isEqualTo(vector);
            }
        }
        float[] same = gaussian(random, 64);
        assertThat(SquaredDistance.between(same, same.clone())).isZero();
    }

    @Test
    void theVectorDotProductsOfTheExactSearchEqualTheScalarKernelBitForBit() {
        Random random = new Random(9);
        int tile = BlockKernel.TILE;
        assertThat(VectorKernels.fitsTiles(tile)).isTrue();
        for (int dim : new int[] {1, 2, 3, 16, 63, 64, 65, 128}) {
            float[][] gallery = new float[dim][tile];
            for (float[] row : gallery) {
                for (int j = 0; j < tile; j++) {
                    row[j] = (float) random.nextGaussian();
                }
            }
            float[] q = gaussian(random, 5 * dim);
            for (int cols : new int[] {1, 15, 16, 17, 33, 100, tile - 1, tile}) {
                float[][] scalar = new float[4][tile];
                float[][] vector = new float[4][tile];
                BlockKernel.scalarDots4(q, dim, 0, dim, 3 * dim, 4 * dim, gallery, cols,
                        scalar[0], scalar[1], scalar[2], scalar[3]);
                VectorKernels.dots4(q, dim, 0, dim, 3 * dim, 4 * dim, gallery, cols,
                        vector[0], vector[1], vector[2], vector[3]);
                for (int r = 0; r < 4; r++) {
                    assertThat(java.util.Arrays.copyOf(vector[r], cols)).as("dim %d, cols %d, row %d", dim, cols, r)
                            .containsExactly(java.util.Arrays.copyOf(scalar[r], cols));
                }
            }
        }
    }

    @Test
    void theScorerGivesLucenesEuclideanScores() throws Exception {
        Random random = new Random(5);
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(gaussian(random, 48));
        }
        RandomAccessVectorValues.Floats values = RandomAccessVectorValues.fromFloats(rows, 48);
        float[] query = gaussian(random, 48);
        RandomVectorScorer scorer = FastVectorsScorer.INSTANCE.getRandomVectorScorer(
                VectorSimilarityFunction.EUCLIDEAN, values, query);
        RandomVectorScorerSupplier supplier = FastVectorsScorer.INSTANCE.getRandomVectorScorerSupplier(
                VectorSimilarityFunction.EUCLIDEAN, values);
        RandomVectorScorer fromRow7 = supplier.scorer(7);
        RandomVectorScorer fromRow7Copy = supplier.copy().scorer(7);
        assertThat(scorer.maxOrd()).isEqualTo(200);
        for (int node = 0; node < rows.size(); node++) {
            float lucene = VectorSimilarityFunction.EUCLIDEAN.compare(query, rows.get(node));
            assertThat(scorer.score(node)).isCloseTo(lucene, within(lucene * 1e-5f));
            float row7 = VectorSimilarityFunction.EUCLIDEAN.compare(rows.get(7), rows.get(node));
            assertThat(fromRow7.score(node)).isCloseTo(row7, within(row7 * 1e-5f));
            assertThat(fromRow7Copy.score(node)).isEqualTo(fromRow7.score(node));
        }
        assertThat(fromRow7.score(7)).isEqualTo(1f);
        // other similarities are Lucene's own
        RandomVectorScorer dot = FastVectorsScorer.INSTANCE.getRandomVectorScorer(
                VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT, values, query);
        assertThat(dot.score(3)).isEqualTo(VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT.compare(query, rows.get(3)));
    }

    private static float[] gaussian(Random random, int length) {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
