package dev.siamese.evaluation.report;

import dev.siamese.api.internal.Json;
import dev.siamese.evaluation.EvaluationReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One cell of a sweep: its grid values, its metrics (none while it has not completed), the paper's value if it
 * reports one, and where its run lives. The sweep tables ({@link SweepTable}) and the HTML sweep report read the
 * metrics named by the constants below.
 *
 * @param cell         grid key to value, e.g. {@code conv-layers = 2, kernels = 16}
 * @param metrics      metric name to value, in display order; empty for a cell that has not completed
 * @param paper        the paper's value for this cell as a fraction (0.574), or NaN when the paper has none
 * @param runDirectory path of the cell's run directory relative to the sweep's report, e.g. {@code conv2-k16}
 */
public record SweepRow(Map<String, String> cell, Map<String, Double> metrics, double paper, String runDirectory) {

    public static final String RECOGNITION_RATE = "recognitionRate";
    public static final String ROC_AUC = "rocAuc";
    public static final String EER = "eer";
    public static final String NEAREST_NEIGHBOUR_ACCURACY = "nearestNeighbourAccuracy";
    public static final String PAIRS_PER_SECOND = "pairsPerSecond";
    public static final String TRAINING_SECONDS = "trainingSeconds";
    public static final String ITERATIONS = "iterations";

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
        metrics.put(RECOGNITION_RATE, evaluation.verification().recognitionRate());
        metrics.put(ROC_AUC, evaluation.verification().rocAuc());
        metrics.put(EER, evaluation.verification().eer());
        metrics.put(NEAREST_NEIGHBOUR_ACCURACY, evaluation.verification().nearestNeighbourAccuracy());
        metrics.put("mapAtR", evaluation.testVsTrain().mapAtR());
        metrics.put("silhouette", evaluation.silhouette().score());
        return new SweepRow(cell, metrics, paper, runDirectory);
    }

    /**
     * The row of a completed cell from the {@code metrics.json} its run wrote: recognition rate, ROC AUC, EER, k-NN
     * accuracy, pairs per second, training seconds and iterations. A file that cannot be read or parsed gives no
     * metrics (the cell counts as not done); a metric missing from it reads as 0.
     */
    public static SweepRow fromMetricsJson(Map<String, String> cell, Path metricsJson, double paper, String runDirectory) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        try {
            Object m = Json.parse(Files.readString(metricsJson));
            metrics.put(RECOGNITION_RATE, number(m, "evaluation", "recognitionRate"));
            metrics.put(ROC_AUC, number(m, "evaluation", "rocAuc"));
            metrics.put(EER, number(m, "evaluation", "eer"));
            metrics.put(NEAREST_NEIGHBOUR_ACCURACY, number(m, "evaluation", "nearestNeighbourAccuracy"));
            metrics.put(PAIRS_PER_SECOND, number(m, "training", "pairsPerSecond"));
            metrics.put(TRAINING_SECONDS, number(m, "training", "seconds"));
            metrics.put(ITERATIONS, (double) (int) number(m, "training", "iterations"));
        } catch (IOException | Json.ParseException e) {
            metrics.clear();
        }
        return new SweepRow(cell, metrics, paper, runDirectory);
    }

    /** {@code json.section.key} as a number; JSON writes NaN as the string {@code "NaN"}; 0 when absent. */
    private static double number(Object json, String section, String key) {
        Object value = json instanceof Map<?, ?> m && m.get(section) instanceof Map<?, ?> s ? s.get(key) : null;
        if (value instanceof Json.Number n) {
            return n.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** Whether the cell's run completed (it has metrics). */
    public boolean completed() {
        return !metrics.isEmpty();
    }

    /** The metric {@code name}; fails for a cell that has not completed or lacks it. */
    public double metric(String name) {
        Double value = metrics.get(name);
        if (value == null) {
            throw new IllegalStateException("cell " + cell + " has no metric " + name);
        }
        return value;
    }

    /** Whether the paper reports a value for this cell. */
    public boolean hasPaperValue() {
        return !Double.isNaN(paper);
    }
}
