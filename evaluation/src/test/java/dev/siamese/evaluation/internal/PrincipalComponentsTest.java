package dev.siamese.evaluation.internal;

import dev.siamese.api.model.Embeddings;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PrincipalComponentsTest {

    @Test
    void findsTheAxesOfLargestVarianceInOrder() {
        // Independent coordinates with standard deviations 1, 5, 0.1, 3: components are axes 1 then 3.
        SplittableRandom random = new SplittableRandom(1);
        double[] sd = {1, 5, 0.1, 3};
        int n = 20_000;
        float[] values = new float[n * 4];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                values[i * 4 + k] = (float) (10 + sd[k] * random.nextGaussian());
            }
        }
        PrincipalComponents pca = PrincipalComponents.of(new Embeddings(n, 4, values));

        assertThat(Math.abs(pca.first()[1])).isCloseTo(1, within(1e-3));
        assertThat(Math.abs(pca.second()[3])).isCloseTo(1, within(1e-3));
        assertThat(pca.variances()[0]).isCloseTo(25, within(1.0));
        assertThat(pca.variances()[1]).isCloseTo(9, within(0.5));
        assertThat(pca.explainedVariance()).isCloseTo(34 / 35.01, within(0.01));
        assertThat(pca.mean()[0]).isCloseTo(10, within(0.05));
    }

    @Test
    void projectsARotatedPlaneOntoItself() {
        // Points on the plane spanned by (1,1,0)/sqrt2 and (0,0,1): projection keeps every pairwise distance.
        SplittableRandom random = new SplittableRandom(2);
        int n = 200;
        float[] values = new float[n * 3];
        for (int i = 0; i < n; i++) {
            double a = 4 * random.nextGaussian();
            double b = random.nextGaussian();
            values[3 * i] = (float) (a / Math.sqrt(2));
            values[3 * i + 1] = (float) (a / Math.sqrt(2));
            values[3 * i + 2] = (float) b;
        }
        Embeddings embeddings = new Embeddings(n, 3, values);
        double[][] p = PrincipalComponents.of(embeddings).project(embeddings);

        for (int i = 1; i < n; i++) {
            double projected = Math.hypot(p[0][i] - p[0][0], p[1][i] - p[1][0]);
            assertThat(projected).isCloseTo(embeddings.distance(i, embeddings, 0), within(1e-4));
        }
    }
}
