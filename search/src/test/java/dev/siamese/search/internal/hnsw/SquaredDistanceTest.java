package dev.siamese.search.internal.hnsw;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SquaredDistanceTest {

    @Test
    void theTestsRunOnTheVectorApi() {
        // the search module's surefire argLine adds jdk.incubator.vector, so the graph tests cover the SIMD path
        assertThat(SquaredDistance.VECTORISED).as("jdk.incubator.vector readable in the tests").isTrue();
    }

    @Test
    void vectorApiAndPlainJavaGiveTheSameBits() {
        Random random = new Random(3);
        for (int dimension = 1; dimension <= 80; dimension++) {
            float[] a = new float[dimension];
            int[] b = new int[dimension + 3];
            for (int trial = 0; trial < 20; trial++) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = Float.floatToRawIntBits((float) random.nextGaussian());
                }
                float plain = SquaredDistance.plain(a, b, 3, dimension);
                float vector = VectorDistance.between(a, b, 3, dimension);
                assertThat(Float.floatToRawIntBits(vector)).as("dimension %d", dimension)
                        .isEqualTo(Float.floatToRawIntBits(plain));
                // two stored vectors: the same float as the query path on a copy of the first
                int[] both = new int[2 * dimension];
                for (int i = 0; i < dimension; i++) {
                    both[i] = Float.floatToRawIntBits(a[i]);
                    both[dimension + i] = b[3 + i];
                }
                assertThat(Float.floatToRawIntBits(SquaredDistance.plainStored(both, 0, dimension, dimension)))
                        .isEqualTo(Float.floatToRawIntBits(plain));
                assertThat(Float.floatToRawIntBits(VectorDistance.betweenStored(both, 0, dimension, dimension)))
                        .isEqualTo(Float.floatToRawIntBits(plain));
            }
        }
    }

    @Test
    void isTheSquaredEuclideanDistance() {
        float[] a = new float[37];
        int[] b = new int[37];
        double expected = 0;
        for (int i = 0; i < 37; i++) {
            a[i] = i * 0.25f;
            b[i] = Float.floatToRawIntBits((36 - i) * 0.5f);
            double d = a[i] - (36 - i) * 0.5;
            expected += d * d;
        }
        assertThat((double) SquaredDistance.between(a, b, 0, 37)).isCloseTo(expected, within(expected * 1e-6));
    }
}
