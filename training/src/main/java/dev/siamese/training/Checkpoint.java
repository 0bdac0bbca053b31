package dev.siamese.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to continue a run exactly: the iterations done (which is also the number of batches the sampler
 * has handed out), the loss history so far, and every weight and optimizer slot of the model.
 */
public record Checkpoint(int iteration, float[] lossHistory, Map<String, float[]> weights) {

    public Checkpoint {
        if (iteration < 0) {
            throw new IllegalArgumentException("checkpoint iteration must be >= 0, got " + iteration);
        }
        if (lossHistory.length != iteration) {
            throw new IllegalArgumentException("a checkpoint of iteration " + iteration + " needs " + iteration
                    + " loss values, got " + lossHistory.length);
        }
        lossHistory = lossHistory.clone();
        Map<String, float[]> copy = new LinkedHashMap<>();
        weights.forEach((k, v) -> copy.put(k, v.clone()));
        weights = java.util.Collections.unmodifiableMap(copy);
    }

    @Override
    public float[] lossHistory() {
        return lossHistory.clone();
    }
}
