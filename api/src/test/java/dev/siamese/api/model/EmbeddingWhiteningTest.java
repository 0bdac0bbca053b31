package dev.siamese.api.model;

import dev.siamese.api.ModelException;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EmbeddingWhiteningTest {

    /** {@code n} correlated 3-D points: x = (u, 2u + v, 3w + 5) for standard normal u, v, w. */
    private static Embeddings correlated(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n * 3];
        for (int i = 0; i < n; i++) {
            double u = random.nextGaussian();
            double v = random.nextGaussian();
            double w = random.nextGaussian();
            values[i * 3] = (float) u;
            values[i * 3 + 1] = (float) (2 * u + v);
            values[i * 3 + 2] = (float) (3 * w + 5);
        }
        return Embeddings.adopt(n, 3, values);
    }

    private static double[][] covariance(Embeddings e) {
        int d = e.dimension();
        double[] mean = new double[d];
        for (int i = 0; i < e.count(); i++) {
            for (int k = 0; k < d; k++) {
                mean[k] += e.get(i, k) / e.count();
            }
        }
        double[][] c = new double[d][d];
        for (int i = 0; i < e.count(); i++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    c[a][b] += (e.get(i, a) - mean[a]) * (e.get(i, b) - mean[b]) / (e.count() - 1);
                }
            }
        }
        return c;
    }

    @Test
    void theFittedSampleComesOutWithIdentityCovarianceWhenShrinkageIsTiny() {
        Embeddings sample = correlated(4000, 1);
        EmbeddingWhitening w = EmbeddingWhitening.fit(sample, 1e-9);
        double[][] c = covariance(w.apply(sample));
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertThat(c[a][b]).as("(%d, %d)", a, b).isCloseTo(a == b ? 1 : 0, within(1e-3));
            }
        }
        // T is lower triangular
        float[] t = w.transform();
        assertThat(new float[]{t[1], t[2], t[5]}).containsOnly(0f);
    }

    @Test
    void whitenedDistancesAreMahalanobisDistancesUnderTheShrunkCovariance() {
        Embeddings sample = correlated(500, 2);
        double shrinkage = 0.5;
        EmbeddingWhitening w = EmbeddingWhitening.fit(sample, shrinkage);
        double[][] c = covariance(sample);
        double ridge = shrinkage * (c[0][0] + c[1][1] + c[2][2]) / 3;
        for (int k = 0; k < 3; k++) {
            c[k][k] += ridge;
        }
        double[][] inverse = invert3(c);
        Embeddings pair = Embeddings.adopt(2, 3, new float[]{0.5f, -1f, 4f, -0.25f, 2f, 7f});
        Embeddings whitened = w.apply(pair);
        double[] diff = {0.75, -3, -3};
        double squared = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                squared += diff[a] * inverse[a][b] * diff[b];
            }
        }
        assertThat(whitened.distance(0, whitened, 1)).isCloseTo(Math.sqrt(squared), within(1e-4));
    }

    private static double[][] invert3(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double[][] inv = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int r0 = (j + 1) % 3;
                int r1 = (j + 2) % 3;
                int c0 = (i + 1) % 3;
                int c1 = (i + 2) % 3;
                inv[i][j] = (m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0]) / det;
            }
        }
        return inv;
    }

    @Test
    void refusesTooFewOrEqualEmbeddingsWrongSizesAndBadValues() {
        assertThatThrownBy(() -> EmbeddingWhitening.fit(Embeddings.adopt(1, 2, new float[]{1, 2}), 0.1))
                .isInstanceOf(ModelException.class).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> EmbeddingWhitening.fit(Embeddings.adopt(3, 1, new float[]{4, 4, 4}), 0.1))
                .isInstanceOf(ModelException.class).hasMessageContaining("all equal");
        EmbeddingWhitening w = EmbeddingWhitening.fit(correlated(50, 3), 0.1);
        assertThatThrownBy(() -> w.apply(Embeddings.adopt(1, 2, new float[]{1, 2})))
                .isInstanceOf(ModelException.class).hasMessageContaining("3-D").hasMessageContaining("2-D");
        assertThatThrownBy(() -> new EmbeddingWhitening(0, new float[]{0}, new float[]{1})).hasMessageContaining("shrinkage");
        assertThatThrownBy(() -> new EmbeddingWhitening(0.1, new float[]{0, 0}, new float[]{1})).hasMessageContaining("4 transform values");
        assertThatThrownBy(() -> new EmbeddingWhitening(0.1, new float[]{Float.NaN}, new float[]{1})).hasMessageContaining("finite");
        assertThat(new EmbeddingWhitening(0.1, w.mean(), w.transform())).isEqualTo(w).hasSameHashCodeAs(w);
    }
}
