package dev.siamese.evaluation.verification;

import dev.siamese.api.model.Embeddings;
import dev.siamese.evaluation.EvaluationProtocol;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class VerificationEvaluatorTest {

    /** Labelled embeddings: 10 classes with centres {@code spread} apart on a circle, Gaussian noise of sd 1. */
    private record Labelled(Embeddings embeddings, int[] labels) {
        static Labelled clusters(int count, int dimension, double spread, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] values = new float[count * dimension];
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = random.nextInt(10);
                for (int d = 0; d < dimension; d++) {
                    double centre = d == 0 ? spread * Math.cos(labels[i] * 0.628) : d == 1 ? spread * Math.sin(labels[i] * 0.628) : 0;
                    values[i * dimension + d] = (float) (centre + random.nextGaussian());
                }
            }
            return new Labelled(new Embeddings(count, dimension, values), labels);
        }
    }

    @Test
    void wellSeparatedClustersAreRecognisedAlmostPerfectly() {
        Labelled train = Labelled.clusters(3000, 2, 40, 1);
        Labelled test = Labelled.clusters(1000, 2, 40, 2);

        VerificationReport report = new VerificationEvaluator().evaluate(train.embeddings(), train.labels(), test.embeddings(), test.labels());

        assertThat(report.recognitionRate()).isGreaterThan(0.95);
        assertThat(report.trainPairAccuracy()).isGreaterThan(0.95);
        assertThat(report.rocAuc()).isGreaterThan(0.99);
        assertThat(report.eer()).isLessThan(0.05);
        assertThat(report.tarAtFar1e2()).isGreaterThan(0.9);
        assertThat(report.nearestNeighbourAccuracy()).isGreaterThan(0.95);
        // the Wilson score interval, worked out here from its formula: (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)
        double n = report.testPairs();
        double p = report.testPairsCorrect() / n;
        double z = 1.959963984540054;
        double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        double halfWidth = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
        assertThat(report.recognitionRateCi95().low()).isCloseTo(centre - halfWidth, within(1e-12));
        assertThat(report.recognitionRateCi95().high()).isCloseTo(centre + halfWidth, within(1e-12));
        assertThat(report.recognitionRateCi95().high() - report.recognitionRateCi95().low()).isLessThan(0.02);
        assertThat(report.calibrationPairs()).isEqualTo(10_000);
        assertThat(report.testPairs()).isEqualTo(10_000);
        assertThat(report.trainPictures()).isEqualTo(3000);
        assertThat(report.testPictures()).isEqualTo(1000);
        assertThat(report.recognitionRate()).isEqualTo(report.testPairsCorrect() / 10_000.0);
    }

    @Test
    void randomEmbeddingsScoreAboutChance() {
        Labelled train = Labelled.clusters(3000, 8, 0, 3);
        Labelled test = Labelled.clusters(1000, 8, 0, 4);

        VerificationReport report = new VerificationEvaluator().evaluate(train.embeddings(), train.labels(), test.embeddings(), test.labels());

        assertThat(report.recognitionRate()).isCloseTo(0.5, within(0.05));
        assertThat(report.rocAuc()).isCloseTo(0.5, within(0.05));
        assertThat(report.eer()).isCloseTo(0.5, within(0.05));
        assertThat(report.nearestNeighbourAccuracy()).isCloseTo(0.1, within(0.05));
    }

    @Test
    void theThresholdComesFromTrainingPairsOnly() {
        // Test embeddings are the training clusters scaled by 100: perfectly separable (AUC 1), but the threshold
        // learnt on the training scale accepts no test pair, so only the dissimilar half is judged right.
        Labelled train = Labelled.clusters(2000, 2, 40, 5);
        float[] scaled = train.embeddings().toArray();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 100;
        }
        Labelled test = Labelled.clusters(2000, 2, 40, 5);
        Embeddings testEmbeddings = new Embeddings(2000, 2, scaled);

        VerificationReport report = new VerificationEvaluator().evaluate(train.embeddings(), train.labels(), testEmbeddings, test.labels());

        assertThat(report.rocAuc()).isGreaterThan(0.99);
        assertThat(report.trainPairAccuracy()).isGreaterThan(0.95);
        assertThat(report.recognitionRate()).isCloseTo(0.5, within(0.02));
    }

    @Test
    void sameInputsAndSeedGiveTheSameReport() {
        Labelled train = Labelled.clusters(1000, 3, 3, 6);
        Labelled test = Labelled.clusters(500, 3, 3, 7);
        EvaluationProtocol protocol = new EvaluationProtocol(2000, 3000, 21, 3);

        VerificationReport first = new VerificationEvaluator(protocol).evaluate(train.embeddings(), train.labels(), test.embeddings(), test.labels());
        VerificationReport second = new VerificationEvaluator(protocol).evaluate(train.embeddings(), train.labels(), test.embeddings(), test.labels());
        VerificationReport otherSeed = new VerificationEvaluator(new EvaluationProtocol(2000, 3000, 22, 3))
                .evaluate(train.embeddings(), train.labels(), test.embeddings(), test.labels());

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed.recognitionRate()).isNotEqualTo(first.recognitionRate());
        assertThat(first.k()).isEqualTo(3);
        assertThat(first.calibrationPairs()).isEqualTo(2000);
        assertThat(first.testPairs()).isEqualTo(3000);
    }

    @Test
    void theMapListsTheScalarResultsInAStableOrder() {
        Labelled train = Labelled.clusters(500, 2, 10, 8);
        Labelled test = Labelled.clusters(200, 2, 10, 9);

        VerificationReport report = new VerificationEvaluator(new EvaluationProtocol(1000, 1000, 7, 1))
                .evaluate(train.embeddings(), train.labels(), test.embeddings(), test.labels());

        assertThat(report.toMap()).containsKeys("recognitionRate", "recognitionRateCi95Low", "recognitionRateCi95High",
                "threshold", "trainPairAccuracy", "rocAuc", "eer", "tarAtFar1e2", "tarAtFar1e3", "nearestNeighbourAccuracy",
                "k", "trainPictures", "testPictures", "calibrationPairs", "testPairs", "testPairsCorrect", "protocol");
        assertThat(report.toMap().keySet()).first().isEqualTo("recognitionRate");
        assertThat(report.toMap()).containsEntry("rocAuc", report.rocAuc()).containsEntry("testPictures", 200);
        assertThat(report.protocol()).isEqualTo("threshold calibrated on 1,000 balanced pairs of training pictures (seed 7); "
                + "recognition rate on 1,000 balanced pairs of test pictures only (seed 8); "
                + "1-NN accuracy of test pictures against training pictures");
        assertThat(report.testRoc()).isNotEmpty();
    }

    @Test
    void refusesEmbeddingsOfDifferentModels() {
        Labelled train = Labelled.clusters(100, 2, 10, 1);
        Labelled test = Labelled.clusters(100, 3, 10, 1);

        assertThatThrownBy(() -> new VerificationEvaluator().evaluate(train.embeddings(), train.labels(), test.embeddings(), test.labels()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension 2").hasMessageContaining("dimension 3");
    }

    @Test
    void refusesLabelsThatDoNotMatchTheEmbeddings() {
        Labelled train = Labelled.clusters(100, 2, 10, 1);

        assertThatThrownBy(() -> new VerificationEvaluator().evaluate(train.embeddings(), new int[99], train.embeddings(), train.labels()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100 training embeddings but 99 training labels");
    }
}
