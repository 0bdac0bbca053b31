package dev.siamese.spark;

import java.io.Serializable;
import java.util.OptionalDouble;

/**
 * What the driver needs to know of a model it never loads itself: its identity ({@code Models.identity}), embedding
 * size, input picture size, and its near-duplicate decision (threshold, weight of a hash bit or NaN for none).
 */
public record ModelFacts(String id, int dimension, int height, int width, int channels, double threshold,
                         double hashBitWeight) implements Serializable {

    /** The weight of a DCT-hash bit in the model's decision, when it has one. */
    public OptionalDouble bitWeight() {
        return Double.isNaN(hashBitWeight) ? OptionalDouble.empty() : OptionalDouble.of(hashBitWeight);
    }
}
