package dev.siamese.evaluation.verification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable result of a {@link VerificationEvaluator}: the recognition rate as this project defines it, and the
 * metrics reported beside it so that nobody has to trust one number.
 *
 * @param recognitionRate          accuracy of "similar iff distance &lt; threshold" on balanced pairs of test pictures
 * @param recognitionRateCi95      95% Wilson interval of the recognition rate
 * @param threshold                distance threshold calibrated on pairs of training pictures
 * @param trainPairAccuracy        accuracy of that threshold on the calibration pairs
 * @param rocAuc                   ROC AUC on the test pairs (score = -distance, ties 1/2)
 * @param eer                      equal error rate on the test pairs
 * @param tarAtFar1e2              true accept rate on the test pairs at a false accept rate of at most 1e-2
 * @param tarAtFar1e3              true accept rate on the test pairs at a false accept rate of at most 1e-3
 * @param nearestNeighbourAccuracy k-NN classification accuracy of test pictures against training pictures
 * @param k                        neighbours that voted
 * @param trainPictures            training embeddings
 * @param testPictures             test embeddings
 * @param calibrationPairs         pairs of training pictures used for calibration
 * @param testPairs                pairs of test pictures used for the recognition rate
 * @param testPairsCorrect         test pairs judged correctly
 * @param protocol                 one-line description of the protocol
 * @param testRoc                  operating points of the ROC curve on the test pairs, for plotting
 */
public record VerificationReport(
        double recognitionRate,
        ConfidenceInterval recognitionRateCi95,
        double threshold,
        double trainPairAccuracy,
        double rocAuc,
        double eer,
        double tarAtFar1e2,
        double tarAtFar1e3,
        double nearestNeighbourAccuracy,
        int k,
        int trainPictures,
        int testPictures,
        int calibrationPairs,
        int testPairs,
        int testPairsCorrect,
        String protocol,
        List<RocPoint> testRoc) {

    /** Validates every value and copies the ROC points. */
    public VerificationReport {
        rate("recognitionRate", recognitionRate);
        rate("trainPairAccuracy", trainPairAccuracy);
        rate("rocAuc", rocAuc);
        rate("eer", eer);
        rate("tarAtFar1e2", tarAtFar1e2);
        rate("tarAtFar1e3", tarAtFar1e3);
        rate("nearestNeighbourAccuracy", nearestNeighbourAccuracy);
        if (recognitionRateCi95 == null || !recognitionRateCi95.contains(recognitionRate)) {
            throw new IllegalArgumentException("recognitionRateCi95 " + recognitionRateCi95 + " must contain the recognition rate " + recognitionRate);
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, got " + threshold);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (trainPictures <= 0 || testPictures <= 0 || calibrationPairs <= 0 || testPairs <= 0) {
            throw new IllegalArgumentException("counts must be positive, got " + trainPictures + " training pictures, "
                    + testPictures + " test pictures, " + calibrationPairs + " calibration pairs and " + testPairs + " test pairs");
        }
        if (testPairsCorrect < 0 || testPairsCorrect > testPairs) {
            throw new IllegalArgumentException("testPairsCorrect must be in [0, " + testPairs + "], got " + testPairsCorrect);
        }
        if (protocol == null || protocol.isBlank()) {
            throw new IllegalArgumentException("protocol must describe how the numbers were obtained, got " + (protocol == null ? "null" : "a blank string"));
        }
        if (testRoc == null) {
            throw new IllegalArgumentException("testRoc must not be null");
        }
        testRoc = List.copyOf(testRoc);
    }

    private static void rate(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }

    /**
     * The scalar results by name, in a stable order, for JSON or table writers. The ROC points are left out (they
     * can number as many as the test pairs); read {@link #testRoc()} to plot them.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("recognitionRate", recognitionRate);
        map.put("recognitionRateCi95Low", recognitionRateCi95.low());
        map.put("recognitionRateCi95High", recognitionRateCi95.high());
        map.put("threshold", threshold);
        map.put("trainPairAccuracy", trainPairAccuracy);
        map.put("rocAuc", rocAuc);
        map.put("eer", eer);
        map.put("tarAtFar1e2", tarAtFar1e2);
        map.put("tarAtFar1e3", tarAtFar1e3);
        map.put("nearestNeighbourAccuracy", nearestNeighbourAccuracy);
        map.put("k", k);
        map.put("trainPictures", trainPictures);
        map.put("testPictures", testPictures);
        map.put("calibrationPairs", calibrationPairs);
        map.put("testPairs", testPairs);
        map.put("testPairsCorrect", testPairsCorrect);
        map.put("protocol", protocol);
        return map;
    }
}
