package dev.siamese.app.bench;

import java.util.Arrays;

/** Repeated measurements of one rate; the median is the figure we report, the spread shows how noisy it was. */
public record Samples(double[] values) {

    public Samples {
        values = values.clone();
        if (values.length == 0) {
            throw new IllegalArgumentException("at least one sample is needed");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("samples must be finite, got " + Arrays.toString(values));
            }
        }
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public double median() {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public double min() {
        return Arrays.stream(values).min().orElseThrow();
    }

    public double max() {
        return Arrays.stream(values).max().orElseThrow();
    }

    /** (max - min) / median: 0.05 means the repeats spread over 5% of the median. */
    public double spread() {
        double median = median();
        return median == 0 ? 0 : (max() - min()) / median;
    }
}
