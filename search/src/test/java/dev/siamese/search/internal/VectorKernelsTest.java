package dev.siamese.search.internal;

import dev.siamese.search.knn.ExactKnn;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class VectorKernelsTest {

    @Test
    void theTestsRunOnTheVectorApiAsTheLauncherDoes() {
        // search/pom.xml adds jdk.incubator.vector to the test JVM, so that the search tests run the kernels the
        // launcher runs
        assertThat(VectorApi.VECTORISED).as(VectorApi.describe()).isTrue();
        assertThat(ExactKnn.kernel()).startsWith("Vector API");
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

    private static float[] gaussian(Random random, int length) {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
