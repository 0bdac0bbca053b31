package dev.siamese.api.model;

import java.util.Map;
import java.util.Objects;

/**
 * What a saved model directory declares about itself: the format version, the backend that wrote it, the spec it was
 * built from, the calibrated distance threshold, free-form provenance (dataset, preprocessing, seed, time) and the
 * whitening its embeddings get, if one was fitted ({@code null} if not).
 */
public record ModelDescriptor(int formatVersion, String backend, String backendVersion, ModelSpec spec,
                              double threshold, Map<String, String> provenance, EmbeddingWhitening whitening) {

    /** The descriptor format this version of the platform writes and reads. */
    public static final int FORMAT_VERSION = 1;

    public ModelDescriptor {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(backendVersion, "backendVersion");
        Objects.requireNonNull(spec, "spec");
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("a model's distance threshold must be a positive number, got " + threshold);
        }
        provenance = Map.copyOf(provenance);
        if (whitening != null && whitening.dimension() != spec.architecture().embeddingDimension()) {
            throw new IllegalArgumentException("a whitening of " + whitening.dimension() + "-D embeddings does not fit a"
                    + " model of " + spec.architecture().embeddingDimension() + "-D embeddings");
        }
    }

    /** A descriptor of a model without whitening. */
    public ModelDescriptor(int formatVersion, String backend, String backendVersion, ModelSpec spec, double threshold,
                           Map<String, String> provenance) {
        this(formatVersion, backend, backendVersion, spec, threshold, provenance, null);
    }

    /** The spec's label, followed by {@code whitened} when the embeddings are. */
    public String label() {
        return whitened() ? spec.label() + " whitened" : spec.label();
    }

    /**
     * Provenance key of a near-duplicate decision that uses the pictures' 64-bit DCT hashes too: two pictures are
     * near-duplicates when their embedding distance plus this weight times their hashes' Hamming distance is below
     * {@link #threshold()} (set by {@code siamese near-duplicates threshold --with-hash}).
     */
    public static final String HASH_BIT_WEIGHT = "threshold.hashBitWeight";

    /** The weight of a hash bit in this model's near-duplicate decision ({@link #HASH_BIT_WEIGHT}), if it has one. */
    public java.util.OptionalDouble hashBitWeight() {
        String value = provenance.get(HASH_BIT_WEIGHT);
        if (value == null) {
            return java.util.OptionalDouble.empty();
        }
        try {
            double w = Double.parseDouble(value);
            return w >= 0 && Double.isFinite(w) ? java.util.OptionalDouble.of(w) : java.util.OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return java.util.OptionalDouble.empty();
        }
    }

    /** Whether the embeddings are whitened. */
    public boolean whitened() {
        return whitening != null;
    }
}
