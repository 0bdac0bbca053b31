package dev.siamese.api.training;

/** Training finished after {@code iterations} steps; {@code stoppedEarly} if a listener asked to stop. */
public record TrainingEnd(int iterations, long elapsedNanos, double pairsPerSecond, float finalLoss, boolean stoppedEarly) {
}
