package dev.siamese.evaluation.verification;

/**
 * One operating point of a verification ROC curve.
 *
 * @param threshold       pairs with distance strictly below this are accepted as similar
 * @param falseAcceptRate share of dissimilar pairs accepted, in [0, 1]
 * @param trueAcceptRate  share of similar pairs accepted, in [0, 1]
 */
public record RocPoint(double threshold, double falseAcceptRate, double trueAcceptRate) {

    /** Validates the rates. */
    public RocPoint {
        if (!(falseAcceptRate >= 0 && falseAcceptRate <= 1)) {
            throw new IllegalArgumentException("falseAcceptRate must be in [0, 1], got " + falseAcceptRate);
        }
        if (!(trueAcceptRate >= 0 && trueAcceptRate <= 1)) {
            throw new IllegalArgumentException("trueAcceptRate must be in [0, 1], got " + trueAcceptRate);
        }
    }

    /** The share of similar pairs rejected, {@code 1 - trueAcceptRate}. */
    public double falseRejectRate() {
        return 1 - trueAcceptRate;
    }
}
