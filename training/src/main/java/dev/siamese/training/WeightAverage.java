package dev.siamese.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The running mean of a model's weights over snapshots taken during training (stochastic weight averaging, Izmailov
 * et al. 2018): the weights at the end of a run with a constant learning rate wander around a good region, and their
 * mean lies nearer its centre. Sums are kept in double precision. A checkpoint carries the mean so far as extra
 * entries (see {@link #toEntries()}), so a resumed run continues the same average.
 */
final class WeightAverage {
    /** Prefix of the checkpoint entries that hold the mean so far. */
    static final String PREFIX = "weight-average/";
    private static final String COUNT = PREFIX + "#snapshots";

    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private int count;

    /** Adds one snapshot; every snapshot must hold the same variables with the same sizes. */
    void add(Map<String, float[]> weights) {
        Objects.requireNonNull(weights, "weights");
        if (count > 0 && !weights.keySet().equals(sums.keySet())) {
            throw new IllegalArgumentException("a snapshot of variables " + weights.keySet() + " cannot be averaged with "
                    + sums.keySet());
        }
        for (Map.Entry<String, float[]> e : weights.entrySet()) {
            float[] values = e.getValue();
            double[] sum = sums.computeIfAbsent(e.getKey(), k -> new double[values.length]);
            if (sum.length != values.length) {
                throw new IllegalArgumentException("variable " + e.getKey() + " has " + values.length
                        + " values, earlier snapshots had " + sum.length);
            }
            for (int i = 0; i < values.length; i++) {
                sum[i] += values[i];
            }
        }
        count++;
    }

    /** The number of snapshots added. */
    int count() {
        return count;
    }

    /** The mean of the snapshots, per variable. */
    Map<String, float[]> mean() {
        if (count == 0) {
            throw new IllegalStateException("no snapshot has been averaged");
        }
        Map<String, float[]> mean = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            double[] sum = e.getValue();
            float[] values = new float[sum.length];
            for (int i = 0; i < sum.length; i++) {
                values[i] = (float) (sum[i] / count);
            }
            mean.put(e.getKey(), values);
        }
        return mean;
    }

    /** The mean so far as checkpoint entries ({@link #PREFIX} + variable, plus the snapshot count); none if empty. */
    Map<String, float[]> toEntries() {
        Map<String, float[]> entries = new LinkedHashMap<>();
        if (count > 0) {
            mean().forEach((name, values) -> entries.put(PREFIX + name, values));
            entries.put(COUNT, new float[] {count});
        }
        return entries;
    }

    /** Whether a checkpoint entry belongs to the average rather than to the model. */
    static boolean isEntry(String name) {
        return name.startsWith(PREFIX);
    }

    /**
     * The average a checkpoint's entries hold (empty if none). The mean times the count restores the sums to float
     * precision.
     */
    static WeightAverage fromEntries(Map<String, float[]> checkpointWeights) {
        WeightAverage average = new WeightAverage();
        float[] count = checkpointWeights.get(COUNT);
        if (count == null) {
            return average;
        }
        if (count.length != 1 || !(count[0] >= 1) || count[0] != Math.rint(count[0])) {
            throw new TrainingException("the checkpoint's weight average has a bad snapshot count "
                    + java.util.Arrays.toString(count));
        }
        average.count = (int) count[0];
        for (Map.Entry<String, float[]> e : checkpointWeights.entrySet()) {
            if (isEntry(e.getKey()) && !e.getKey().equals(COUNT)) {
                float[] mean = e.getValue();
                double[] sum = new double[mean.length];
                for (int i = 0; i < mean.length; i++) {
                    sum[i] = (double) mean[i] * average.count;
                }
                average.sums.put(e.getKey().substring(PREFIX.length()), sum);
            }
        }
        return average;
    }
}
