package dev.siamese.evaluation.report;

import dev.siamese.evaluation.EvaluationReport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One cell of a sweep: its grid values, its metrics, the paper's value if it reports one, and where its run lives.
 *
 * @param cell         grid key to value, e.g. {@code conv-layers = 2, kernels = 16}
 * @param metrics      metric name to value, in display order
 * @param paper        the paper's value for this cell, or NaN when the paper has none
 * @param runDirectory path of the cell's run directory relative to the sweep's report, e.g. {@code conv2-k16}
 */
public record SweepRow(Map<String, String> cell, Map<String, Double> metrics, double paper, String runDirectory) {

    /** Validates and copies. */
    public SweepRow {
        if (cell == null || metrics == null || runDirectory == null) {
            throw new IllegalArgumentException("cell, metrics and runDirectory must not be null");
        }
        cell = RunReportInput.copy(cell, "cell");
        Map<String, Double> copy = new LinkedHashMap<>();
        metrics.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("metrics must not hold null keys or values, got " + key + " = " + value);
            }
            copy.put(key, value);
        });
        metrics = Collections.unmodifiableMap(copy);
        if (Double.isInfinite(paper)) {
            throw new IllegalArgumentException("paper must be finite or NaN (none), got " + paper);
        }
    }

    /**
     * A row with the headline metrics of {@code evaluation}: recognition rate, ROC AUC, EER, k-NN accuracy, MAP@R
     * (test against training) and silhouette.
     */
    public static SweepRow of(Map<String, String> cell, EvaluationReport evaluation, double paper, String runDirectory) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("recognitionRate", evaluation.verification().recognitionRate());
        metrics.put("rocAuc", evaluation.verification().rocAuc());
        metrics.put("eer", evaluation.verification().eer());
        metrics.put("nearestNeighbourAccuracy", evaluation.verification().nearestNeighbourAccuracy());
        metrics.put("mapAtR", evaluation.testVsTrain().mapAtR());
        metrics.put("silhouette", evaluation.silhouette().score());
        return new SweepRow(cell, metrics, paper, runDirectory);
    }

    /** Whether the paper reports a value for this cell. */
    public boolean hasPaperValue() {
        return !Double.isNaN(paper);
    }
}
