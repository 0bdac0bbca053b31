package dev.siamese.api.training;

import java.nio.file.Path;

/** A checkpoint of iteration {@code iteration} is complete at {@code path}. */
public record CheckpointWritten(int iteration, Path path) {
}
