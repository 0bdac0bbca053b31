package dev.siamese.evaluation;

/**
 * How a verification evaluation draws its pairs and classifies: the number of balanced calibration pairs drawn
 * from training pictures, the number of balanced test pairs drawn from test pictures, the seed both are derived
 * from, and k of the nearest-neighbour classifier.
 *
 * @param calibrationPairs pairs of training pictures the threshold is calibrated on, at least 2
 * @param testPairs        pairs of test pictures the recognition rate is measured on, at least 2
 * @param seed             seed from which the calibration and test pair seeds are derived
 * @param k                neighbours that vote in the nearest-neighbour accuracy, at least 1
 */
public record EvaluationProtocol(int calibrationPairs, int testPairs, long seed, int k) {
    /** The default number of calibration pairs and of test pairs. */
    public static final int DEFAULT_PAIRS = 10_000;
    /** The default seed. */
    public static final long DEFAULT_SEED = 7;
    /** The default k: 1-nearest-neighbour. */
    public static final int DEFAULT_K = 1;

    /** Validates the values. */
    public EvaluationProtocol {
        if (calibrationPairs < 2) {
            throw new IllegalArgumentException("calibrationPairs must be at least 2 (one similar, one dissimilar), got " + calibrationPairs);
        }
        if (testPairs < 2) {
            throw new IllegalArgumentException("testPairs must be at least 2 (one similar, one dissimilar), got " + testPairs);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
    }

    /** 10,000 calibration pairs, 10,000 test pairs, seed 7, 1-NN. */
    public static EvaluationProtocol defaults() {
        return withSeed(DEFAULT_SEED);
    }

    /** The defaults with another seed. */
    public static EvaluationProtocol withSeed(long seed) {
        return new EvaluationProtocol(DEFAULT_PAIRS, DEFAULT_PAIRS, seed, DEFAULT_K);
    }

    /**
     * The seed of the calibration pairs: {@code seed} itself. Kept readable on purpose; SplittableRandom mixes its
     * seed, so neighbouring seeds give unrelated streams.
     */
    public long calibrationSeed() {
        return seed;
    }

    /** The seed of the test pairs, {@code seed + 1}; differs from {@link #calibrationSeed()}. */
    public long testSeed() {
        return seed + 1;
    }

    /** A one-line description of the protocol, for reports. */
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "threshold calibrated on %,d balanced pairs of training pictures (seed %d); recognition rate on %,d "
                        + "balanced pairs of test pictures only (seed %d); %d-NN accuracy of test pictures against training pictures",
                calibrationPairs, calibrationSeed(), testPairs, testSeed(), k);
    }
}
