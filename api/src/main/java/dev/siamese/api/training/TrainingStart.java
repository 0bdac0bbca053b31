package dev.siamese.api.training;

/** Training is about to run {@code iterations} steps of {@code batchSize} pairs, starting after {@code firstIteration - 1} done ones. */
public record TrainingStart(int firstIteration, int iterations, int batchSize, String model, String dataset) {
}
