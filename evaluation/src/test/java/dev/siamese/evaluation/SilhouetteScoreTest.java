package dev.siamese.evaluation;

import dev.siamese.api.model.Embeddings;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SilhouetteScoreTest {

    @Test
    void matchesAHandComputedTinyCase() {
        // Points on a line: class 0 at 0 and 1, class 1 at 4.
        // x=0: a = 1, b = 4 -> s = 3/4. x=1: a = 1, b = 3 -> s = 2/3. x=4 alone in its class -> s = 0.
        // Mean = (3/4 + 2/3 + 0) / 3 = 17/36.
        Embeddings points = new Embeddings(3, 1, new float[] {0, 1, 4});

        SilhouetteScore score = SilhouetteScore.of(points, new int[] {0, 0, 1}, 100, 1);

        assertThat(score.score()).isCloseTo(17.0 / 36, within(1e-12));
        assertThat(score.sampled()).isFalse();
        assertThat(score.classes()).isEqualTo(2);
    }

    @Test
    void matchesADirectComputationOnRandomData() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 300;
        int d = 3;
        float[] values = new float[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(4);
            for (int k = 0; k < d; k++) {
                values[i * d + k] = (float) (labels[i] * 0.7 + random.nextGaussian());
            }
        }
        Embeddings embeddings = new Embeddings(n, d, values);

        double direct = 0;
        for (int i = 0; i < n; i++) {
            double[] sum = new double[4];
            int[] count = new int[4];
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sum[labels[j]] += embeddings.distance(i, embeddings, j);
                    count[labels[j]]++;
                }
            }
            double a = sum[labels[i]] / count[labels[i]];
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < 4; c++) {
                if (c != labels[i]) {
                    b = Math.min(b, sum[c] / count[c]);
                }
            }
            direct += (b - a) / Math.max(a, b);
        }
        direct /= n;

        assertThat(SilhouetteScore.of(embeddings, labels, 1000, 0).score()).isCloseTo(direct, within(1e-12));
    }

    @Test
    void subsamplesDeterministicallyAboveMaxPointsAndSaysSo() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 500;
        float[] values = new float[n * 2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            values[2 * i] = (float) (labels[i] + 0.3 * random.nextGaussian());
            values[2 * i + 1] = (float) random.nextGaussian();
        }
        Embeddings embeddings = new Embeddings(n, 2, values);

        SilhouetteScore first = SilhouetteScore.of(embeddings, labels, 100, 11);
        SilhouetteScore again = SilhouetteScore.of(embeddings, labels, 100, 11);
        SilhouetteScore exact = SilhouetteScore.of(embeddings, labels, 1000, 11);

        assertThat(first).isEqualTo(again);
        assertThat(first.sampled()).isTrue();
        assertThat(first.points()).isEqualTo(100);
        assertThat(first.population()).isEqualTo(500);
        assertThat(first.score()).isCloseTo(exact.score(), within(0.1));
    }

    @Test
    void needsTwoClasses() {
        assertThatThrownBy(() -> SilhouetteScore.of(new Embeddings(2, 1, new float[] {0, 1}), new int[] {0, 0}, 10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 classes");
    }
}
