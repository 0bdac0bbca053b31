package dev.siamese.training;

import dev.siamese.config.Settings;

/** How long and on what batches to train ({@code siamese.training}). */
public record TrainingSettings(int iterations, int batchPairs, double similarProbability, int logEvery, int checkpointEvery,
                               int keepCheckpoints) {

    public TrainingSettings {
        if (iterations <= 0) {
            throw new IllegalArgumentException("iterations must be positive, got " + iterations);
        }
        if (batchPairs <= 0) {
            throw new IllegalArgumentException("batch pairs must be positive, got " + batchPairs);
        }
        if (!(similarProbability > 0 && similarProbability < 1)) {
            throw new IllegalArgumentException("similar-pair probability must be in (0, 1), got " + similarProbability);
        }
        if (logEvery < 0) {
            throw new IllegalArgumentException("log-every must be >= 0, got " + logEvery);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpoint-every must be >= 0 (0: no checkpoints), got " + checkpointEvery);
        }
        if (keepCheckpoints < 1) {
            throw new IllegalArgumentException("keep-checkpoints must be >= 1, got " + keepCheckpoints);
        }
    }

    /** A schedule without checkpoints. */
    public TrainingSettings(int iterations, int batchPairs, double similarProbability, int logEvery) {
        this(iterations, batchPairs, similarProbability, logEvery, 0, 1);
    }

    /** The paper's schedule: 3,000 iterations of 180 pairs, half similar. */
    public static TrainingSettings paper() {
        return new TrainingSettings(3000, 180, 0.5, 100);
    }

    /** Reads and validates {@code siamese.training}. */
    public static TrainingSettings from(Settings s) {
        return new TrainingSettings(
                s.getInt("siamese.training.iterations", 1, 100_000_000),
                s.getInt("siamese.training.batch-pairs", 1, 1_000_000),
                s.getDouble("siamese.training.similar-probability", 0, true, 0.999999),
                s.getInt("siamese.training.log-every", 0, Integer.MAX_VALUE),
                s.getInt("siamese.training.checkpoint-every", 0, Integer.MAX_VALUE),
                s.getInt("siamese.training.keep-checkpoints", 1, 1000));
    }
}
