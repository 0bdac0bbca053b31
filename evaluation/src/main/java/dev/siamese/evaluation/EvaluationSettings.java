package dev.siamese.evaluation;

import dev.siamese.config.Settings;

/** The evaluation protocol's sizes ({@code siamese.evaluation}); the seed comes from the experiment. */
public record EvaluationSettings(int calibrationPairs, int testPairs, int nearestNeighbours) {

    /** Reads and validates {@code siamese.evaluation}. */
    public static EvaluationSettings from(Settings s) {
        return new EvaluationSettings(
                s.getInt("siamese.evaluation.calibration-pairs", 2, 100_000_000),
                s.getInt("siamese.evaluation.test-pairs", 2, 100_000_000),
                s.getInt("siamese.evaluation.nearest-neighbours", 1, 1000));
    }

    /** The full protocol with pairs drawn from {@code seed}. */
    public EvaluationProtocol protocol(long seed) {
        return new EvaluationProtocol(calibrationPairs, testPairs, seed, nearestNeighbours);
    }
}
