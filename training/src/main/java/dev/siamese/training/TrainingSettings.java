package dev.siamese.training;

import dev.siamese.config.Settings;

/**
 * How long and on what batches to train ({@code siamese.training}).
 *
 * @param averageFrom  the fraction of the iterations after which the weights are averaged (stochastic weight
 *                     averaging): a snapshot every {@code averageEvery} iterations from then on, and the run ends with
 *                     their mean; 1 turns averaging off (the run ends with its last weights)
 * @param averageEvery iterations between two averaged snapshots
 * @param schedule     the learning rate of each iteration as a multiple of the optimizer's
 * @param classBatches the batches of a loss that compares every picture of a batch with every other (the batch
 *                     contrastive and triplet losses), instead of {@code batchPairs} pairs
 */
public record TrainingSettings(int iterations, int batchPairs, double similarProbability, int logEvery, int checkpointEvery,
                               int keepCheckpoints, double averageFrom, int averageEvery, LearningRateSchedule schedule,
                               ClassBalancedBatches classBatches) {

    public TrainingSettings {
        java.util.Objects.requireNonNull(schedule, "schedule");
        java.util.Objects.requireNonNull(classBatches, "classBatches");
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
        if (!(averageFrom >= 0 && averageFrom <= 1)) {
            throw new IllegalArgumentException("average-weights.from must be in [0, 1] (1: off), got " + averageFrom);
        }
        if (averageEvery < 1) {
            throw new IllegalArgumentException("average-weights.every must be >= 1, got " + averageEvery);
        }
    }

    /** Settings at the optimizer's constant learning rate. */
    public TrainingSettings(int iterations, int batchPairs, double similarProbability, int logEvery, int checkpointEvery,
                            int keepCheckpoints, double averageFrom, int averageEvery) {
        this(iterations, batchPairs, similarProbability, logEvery, checkpointEvery, keepCheckpoints, averageFrom,
                averageEvery, LearningRateSchedule.constant(), ClassBalancedBatches.DEFAULT);
    }

    /** These settings with another learning-rate schedule. */
    public TrainingSettings withSchedule(LearningRateSchedule newSchedule) {
        return new TrainingSettings(iterations, batchPairs, similarProbability, logEvery, checkpointEvery,
                keepCheckpoints, averageFrom, averageEvery, newSchedule, classBatches);
    }

    /** The learning-rate factor of {@code iteration} (1-based): see {@link LearningRateSchedule#factor}. */
    public double learningRateFactor(int iteration) {
        return schedule.factor(iteration, iterations);
    }

    /** A schedule that ends with the last weights (no weight averaging). */
    public TrainingSettings(int iterations, int batchPairs, double similarProbability, int logEvery, int checkpointEvery,
                            int keepCheckpoints) {
        this(iterations, batchPairs, similarProbability, logEvery, checkpointEvery, keepCheckpoints, 1.0, 10);
    }

    /**
     * These settings with batches of {@code pairs} pairs (a class-balanced batch of P x K pictures: P x K / 2); the
     * schedule and everything else stay.
     */
    public TrainingSettings withBatchPairs(int pairs) {
        return new TrainingSettings(iterations, pairs, similarProbability, logEvery, checkpointEvery, keepCheckpoints,
                averageFrom, averageEvery, schedule, classBatches);
    }

    /** What the run trains on, e.g. {@code 3000 x 180 pairs}. */
    public String batches() {
        return iterations + " x " + batchPairs + " pairs";
    }

    /** Whether the run ends with the mean of weight snapshots rather than its last weights. */
    public boolean averagesWeights() {
        return averageFrom < 1;
    }

    /** Whether the weights after {@code iteration} (1-based) are one of the averaged snapshots. */
    public boolean averagesAfter(int iteration) {
        if (!averagesWeights()) {
            return false;
        }
        int first = (int) Math.floor(averageFrom * iterations);
        return iteration > first && ((iteration - first) % averageEvery == 0 || iteration == iterations);
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
                s.getInt("siamese.training.keep-checkpoints", 1, 1000),
                s.getDouble("siamese.training.average-weights.from", 0, false, 1),
                s.getInt("siamese.training.average-weights.every", 1, Integer.MAX_VALUE),
                LearningRateSchedule.from(s),
                ClassBalancedBatches.from(s));
    }

    /**
     * What a model's provenance records of these settings beyond the trainer's own: the schedule, only when it is not
     * constant, so that the descriptors of runs at a constant rate stay as they were.
     */
    public java.util.Map<String, String> provenance() {
        return schedule.isConstant() ? java.util.Map.of() : java.util.Map.of("training.schedule", schedule.describe());
    }
}
