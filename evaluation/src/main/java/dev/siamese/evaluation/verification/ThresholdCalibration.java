package dev.siamese.evaluation.verification;

/**
 * A distance threshold for the rule "similar iff distance &lt; threshold", chosen to maximise accuracy on a set of
 * scored pairs, and the accuracy it reached there.
 *
 * @param threshold the calibrated threshold
 * @param accuracy  the share of calibration pairs the rule judged correctly, in [0, 1]
 * @param pairCount the number of calibration pairs
 */
public record ThresholdCalibration(double threshold, double accuracy, int pairCount) {

    /** Validates the values. */
    public ThresholdCalibration {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, got " + threshold);
        }
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy must be in [0, 1], got " + accuracy);
        }
        if (pairCount <= 0) {
            throw new IllegalArgumentException("pairCount must be positive, got " + pairCount);
        }
    }

    /**
     * The threshold that maximises the accuracy of "similar iff distance &lt; t" on the given pairs.
     *
     * <p>Sweeps the sorted distances: candidate thresholds lie midway between adjacent distinct distances, plus one
     * at the smallest distance (everything judged dissimilar) and one just above the largest (everything similar),
     * so tied distances are always judged alike. Among equally accurate thresholds the smallest is chosen. Runs in
     * O(n log n).
     *
     * @param distances the distance of each pair, finite
     * @param similar   whether each pair is truly similar
     * @throws IllegalArgumentException if the arrays are empty, differ in length or hold a non-finite distance
     */
    public static ThresholdCalibration calibrate(double[] distances, boolean[] similar) {
        DistanceSweep sweep = DistanceSweep.of(distances, similar);
        int best = 0;
        long bestCorrect = -1;
        for (int c = 0; c < sweep.cuts(); c++) {
            long correct = sweep.acceptedPositives[c] + (sweep.negatives - sweep.acceptedNegatives[c]);
            if (correct > bestCorrect) {
                bestCorrect = correct;
                best = c;
            }
        }
        return new ThresholdCalibration(sweep.thresholds[best], (double) bestCorrect / distances.length, distances.length);
    }

    /** The number of pairs that "similar iff distance &lt; threshold" judges correctly. */
    public static int correctAt(double threshold, double[] distances, boolean[] similar) {
        DistanceSweep.validate(distances, similar);
        int correct = 0;
        for (int i = 0; i < distances.length; i++) {
            if ((distances[i] < threshold) == similar[i]) {
                correct++;
            }
        }
        return correct;
    }

    /** The share of pairs that "similar iff distance &lt; threshold" judges correctly. */
    public static double accuracyAt(double threshold, double[] distances, boolean[] similar) {
        return (double) correctAt(threshold, distances, similar) / distances.length;
    }

    /** The accuracy of this threshold on other pairs. */
    public double accuracyOn(double[] distances, boolean[] similar) {
        return accuracyAt(threshold, distances, similar);
    }
}
