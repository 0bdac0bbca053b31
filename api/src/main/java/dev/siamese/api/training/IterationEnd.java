package dev.siamese.api.training;

/**
 * One optimizer step has finished.
 *
 * @param iteration      1-based number of the step just done
 * @param iterations     total steps planned
 * @param loss           the batch's mean contrastive loss
 * @param elapsedNanos   time since training started (or resumed)
 * @param pairsPerSecond mean training throughput so far
 * @param firstIteration the steps already done when training started: 0, or those of the checkpoint it resumed from
 */
public record IterationEnd(int iteration, int iterations, float loss, long elapsedNanos, double pairsPerSecond,
                           int firstIteration) {

    /** A step of a run that started from scratch. */
    public IterationEnd(int iteration, int iterations, float loss, long elapsedNanos, double pairsPerSecond) {
        this(iteration, iterations, loss, elapsedNanos, pairsPerSecond, 0);
    }

    /** Estimated nanoseconds left at the mean rate of the steps done since training started (or resumed). */
    public long etaNanos() {
        int doneHere = iteration - firstIteration;
        return doneHere <= 0 ? 0 : elapsedNanos / doneHere * (iterations - iteration);
    }
}
