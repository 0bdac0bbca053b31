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

    /** A new model with freshly initialised weights (deterministic for {@code spec.seed()}). */
    TrainableModel create(ModelSpec spec);

    /** Loads a model directory written by {@link TrainableModel#save}. */
    EmbeddingModel load(Path directory);
}
