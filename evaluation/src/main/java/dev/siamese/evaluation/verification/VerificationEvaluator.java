package dev.siamese.evaluation.verification;

import dev.siamese.api.model.Embeddings;
import dev.siamese.evaluation.EvaluationProtocol;
import dev.siamese.evaluation.retrieval.NearestNeighbourClassifier;

/**
 * Scores embeddings of training and test pictures under an {@link EvaluationProtocol}, the way this project defines
 * the paper's "recognition rate".
 *
 * <p>The distance threshold is calibrated on balanced pairs of training pictures only; the recognition rate is the
 * accuracy of "similar iff distance &lt; threshold" on balanced pairs drawn only from test pictures, with different
 * seeds. ROC AUC, EER and TAR at FAR 1e-2 and 1e-3 are measured on the same test pairs, and k-NN accuracy classifies
 * every test picture against all training pictures. The evaluator works on embeddings, so any model, or a hash
 * baseline, is scored the same way; it never trains anything.
 */
public final class VerificationEvaluator {
    private final EvaluationProtocol protocol;

    /** An evaluator under the {@linkplain EvaluationProtocol#defaults() default protocol}. */
    public VerificationEvaluator() {
        this(EvaluationProtocol.defaults());
    }

    public VerificationEvaluator(EvaluationProtocol protocol) {
        if (protocol == null) {
            throw new IllegalArgumentException("protocol must not be null");
        }
        this.protocol = protocol;
    }

    public EvaluationProtocol protocol() {
        return protocol;
    }

    /**
     * Evaluates the embeddings.
     *
     * @param train       embeddings of the training pictures
     * @param trainLabels their labels; at least two classes, one of them with two pictures
     * @param test        embeddings of the test pictures, of the same dimension
     * @param testLabels  their labels; at least two classes, one of them with two pictures
     * @throws IllegalArgumentException if the counts or dimensions do not match, or the labels cannot yield balanced pairs
     */
    public VerificationReport evaluate(Embeddings train, int[] trainLabels, Embeddings test, int[] testLabels) {
        if (train == null || trainLabels == null || test == null || testLabels == null) {
            throw new IllegalArgumentException("embeddings and labels must not be null");
        }
        if (train.count() != trainLabels.length) {
            throw new IllegalArgumentException(train.count() + " training embeddings but " + trainLabels.length + " training labels");
        }
        if (test.count() != testLabels.length) {
            throw new IllegalArgumentException(test.count() + " test embeddings but " + testLabels.length + " test labels");
        }
        if (train.dimension() != test.dimension()) {
            throw new IllegalArgumentException("training embeddings have dimension " + train.dimension()
                    + " but test embeddings have dimension " + test.dimension() + " (different models?)");
        }

        EvaluationPairs calibrationPairs = EvaluationPairs.balanced(trainLabels, protocol.calibrationPairs(), protocol.calibrationSeed());
        ThresholdCalibration calibration = ThresholdCalibration.calibrate(
                PairDistances.of(train, calibrationPairs), calibrationPairs.similar());

        EvaluationPairs testPairs = EvaluationPairs.balanced(testLabels, protocol.testPairs(), protocol.testSeed());
        double[] testDistances = PairDistances.of(test, testPairs);
        boolean[] testSimilar = testPairs.similar();
        int correct = ThresholdCalibration.correctAt(calibration.threshold(), testDistances, testSimilar);
        RocAnalysis roc = RocAnalysis.of(testDistances, testSimilar);

        double nearestNeighbourAccuracy = new NearestNeighbourClassifier(protocol.k()).accuracy(train, trainLabels, test, testLabels);

        return new VerificationReport(
                (double) correct / testPairs.size(),
                ConfidenceInterval.wilson95(correct, testPairs.size()),
                calibration.threshold(),
                calibration.accuracy(),
                roc.auc(),
                roc.eer(),
                roc.tarAtFar(1e-2),
                roc.tarAtFar(1e-3),
                nearestNeighbourAccuracy,
                protocol.k(),
                train.count(),
                test.count(),
                calibrationPairs.size(),
                testPairs.size(),
                correct,
                protocol.describe(),
                roc.points());
    }
}
