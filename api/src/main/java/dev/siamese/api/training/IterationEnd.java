package dev.siamese.api.training;

/**
 * One optimizer step has finished.
 *
 * @param iteration      1-based number of the step just done
 * @param iterations     total steps planned
 * @param loss           the batch's mean contrastive loss
 * @param elapsedNanos   time since training started
 * @param pairsPerSecond mean training throughput so far
 */
public record IterationEnd(int iteration, int iterations, float loss, long elapsedNanos, double pairsPerSecond) {

    /** Estimated nanoseconds left at the current mean rate. */
    public long etaNanos() {
        return iteration == 0 ? 0 : elapsedNanos / iteration * (iterations - iteration);
    }
}
