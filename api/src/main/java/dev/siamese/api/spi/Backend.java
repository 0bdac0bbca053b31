package dev.siamese.api.spi;

import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.TrainableModel;

import java.nio.file.Path;

/**
 * An engine that builds and loads Siamese models. Implementations are found with {@link java.util.ServiceLoader}
 * (declare {@code provides dev.siamese.api.spi.Backend with ...} in module-info) or bound directly with Guice.
 */
public interface Backend {

    /** The name used in config ({@code siamese.model.backend}) and in saved model descriptors, e.g. {@code tensorflow}. */
    String name();

    /** The engine and its version, for provenance. */
    String version();

    /**
     * What this engine says about itself on this machine, in order: its version, the native build it loaded and the
     * devices it sees ({@code siamese doctor} prints them); by default its {@link #version()} alone.
     *
     * @throws dev.siamese.api.ModelException naming the cause when the engine cannot run here
     */
    default java.util.Map<String, String> diagnostics() {
        return java.util.Map.of("version", version());
    }

    /** A new model with freshly initialised weights (deterministic for {@code spec.seed()}). */
    TrainableModel create(ModelSpec spec);

    /** Loads a model directory written by {@link TrainableModel#save}. */
    EmbeddingModel load(Path directory);

    /**
     * Copies the saved model in {@code model} to the new directory {@code target} with another distance threshold,
     * adding {@code provenance} to the descriptor's (how the threshold was chosen); the weights are untouched.
     */
    default void copyWithThreshold(Path model, Path target, double threshold, java.util.Map<String, String> provenance) {
        throw new dev.siamese.api.ModelException("the " + name() + " backend cannot re-threshold a saved model");
    }

    /**
     * The files of a saved model directory that define what it computes (its descriptor first, then the graph or
     * weights the backend reads), in a fixed order: {@link dev.siamese.api.model.Models#identity} digests them.
     */
    default java.util.List<Path> definingFiles(Path directory) {
        return java.util.List.of(directory.resolve(dev.siamese.api.model.ModelDescriptorJson.FILE_NAME));
    }

    /**
     * This backend with the settings a host or an experiment gives it (e.g. its threads), read and validated from
     * {@code settings}; the default has nothing to configure and answers itself.
     */
    default Backend configure(BackendSettings settings) {
        return this;
    }

    /** Names of the trained models this backend ships inside its jar (none by default). */
    default java.util.List<String> bundledModels() {
        return java.util.List.of();
    }

    /**
     * The directory of the shipped model {@code name}, unpacked below {@code cacheDirectory} on first use and
     * checked against the digests recorded with it; {@link #load} opens it like any saved model.
     *
     * @throws dev.siamese.api.ModelException if this backend ships no such model or it cannot be unpacked
     */
    default Path bundledModel(String name, Path cacheDirectory) {
        throw new dev.siamese.api.ModelException("the " + name() + " backend ships no model called '" + name + "'");
    }
}
