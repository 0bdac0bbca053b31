package dev.siamese.app;

import java.util.Map;
import java.util.Optional;

/** One cell of a sweep table: its grid values and the metrics of its run (empty while it has not completed). */
public record SweepRow(Map<String, String> cell, String runDirectory, Optional<Metrics> metrics, Optional<Double> paper) {

    /** The headline numbers of a completed cell. */
    public record Metrics(double recognitionRate, double rocAuc, double eer, double nearestNeighbourAccuracy,
                          double pairsPerSecond, double trainingSeconds, int iterations) {
    }

    public SweepRow {
        cell = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cell));
    }
}
