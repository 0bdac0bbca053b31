package dev.siamese.evaluation.verification;

/**
 * A confidence interval for a proportion.
 *
 * @param low        lower bound, in [0, 1]
 * @param high       upper bound, in [low, 1]
 * @param confidence the nominal coverage, in (0, 1), e.g. 0.95
 */
public record ConfidenceInterval(double low, double high, double confidence) {
    /** The two-sided 95% normal quantile. */
    private static final double Z_95 = 1.959963984540054;

    /** Validates the bounds. */
    public ConfidenceInterval {
        if (!(low >= 0 && low <= high && high <= 1)) {
            throw new IllegalArgumentException("need 0 <= low <= high <= 1, got low " + low + " and high " + high);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
    }

    /**
     * The 95% Wilson score interval for {@code successes} out of {@code trials}; unlike the normal approximation it
     * stays inside [0, 1] and is sensible at rates of 0 or 1.
     */
    public static ConfidenceInterval wilson95(long successes, long trials) {
        if (trials <= 0) {
            throw new IllegalArgumentException("trials must be positive, got " + trials);
        }
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException("successes must be in [0, " + trials + "], got " + successes);
        }
        double n = trials;
        double p = successes / n;
        double z2 = Z_95 * Z_95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = Z_95 / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        double low = successes == 0 ? 0 : Math.max(0, centre - half);
        double high = successes == trials ? 1 : Math.min(1, centre + half);
        return new ConfidenceInterval(Math.min(low, p), Math.max(high, p), 0.95);
    }

    /** Whether {@code value} lies in the closed interval. */
    public boolean contains(double value) {
        return value >= low && value <= high;
    }
}
