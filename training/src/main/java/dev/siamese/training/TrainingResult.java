package dev.siamese.training;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a training run did: iterations, the loss of every iteration, time, throughput and provenance, and how many
 * weight snapshots the final weights are the mean of (0: the final weights are the last ones).
 */
public record TrainingResult(int iterations, float[] lossHistory, long elapsedNanos, double pairsPerSecond,
                             boolean stoppedEarly, Provenance provenance, int averagedSnapshots) {

    public TrainingResult {
        lossHistory = lossHistory.clone();
    }

    @Override
    public float[] lossHistory() {
        return lossHistory.clone();
    }

    /** Mean loss over the last {@code n} iterations (fewer if the run was shorter). */
    public double meanLossOfLast(int n) {
        int from = Math.max(0, lossHistory.length - n);
        return Arrays.stream(Arrays.copyOfRange(toDoubles(), from, lossHistory.length)).average().orElse(Double.NaN);
    }

    public double elapsedSeconds() {
        return elapsedNanos / 1e9;
    }

    /**
     * The run in numbers, in a stable order, for a run's {@code metrics.json}: iterations, {@code batchPairs}, time,
     * throughput, the mean loss of the last 100 iterations, early stopping, averaged snapshots and the weights'
     * {@code weightsDigest} ({@link WeightsDigest}).
     */
    public Map<String, Object> summary(int batchPairs, String weightsDigest) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("iterations", iterations);
        map.put("batchPairs", batchPairs);
        map.put("seconds", elapsedSeconds());
        map.put("pairsPerSecond", pairsPerSecond);
        map.put("finalLossMeanOfLast100", meanLossOfLast(100));
        map.put("stoppedEarly", stoppedEarly);
        map.put("averagedWeightSnapshots", averagedSnapshots);
        map.put("weightsSha256", weightsDigest);
        return map;
    }

    private double[] toDoubles() {
        double[] d = new double[lossHistory.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = lossHistory[i];
        }
        return d;
    }
}
