package dev.siamese.tf;

import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.spi.Backend;
import dev.siamese.tf.internal.TfEmbeddingModel;
import dev.siamese.tf.internal.TfSiameseModel;
import org.tensorflow.Graph;
import org.tensorflow.TensorFlow;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The TensorFlow Java backend: builds twin networks in a TensorFlow graph and loads the SavedModels they export.
 * Found by {@link java.util.ServiceLoader} under the name {@value #NAME}.
 */
public final class TfBackend implements Backend {

    /** The backend's name in config and in saved model descriptors. */
    public static final String NAME = "tensorflow";

    private final TfOptions options;

    /** A backend with TensorFlow's default thread settings (the {@link java.util.ServiceLoader} constructor). */
    public TfBackend() {
        this(TfOptions.defaults());
    }

    public TfBackend(TfOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public TfOptions options() {
        return options;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The native TensorFlow version and, when known, the TensorFlow Java version, e.g. {@code 2.18.0 (TensorFlow Java 1.1.0)}. */
    @Override
    public String version() {
        String javaVersion = javaVersion();
        return TensorFlow.version() + (javaVersion == null ? "" : " (TensorFlow Java " + javaVersion + ")");
    }

    /** TensorFlow's native and Java versions, the native build loaded and the devices a session sees (GPUs included). */
    @Override
    public java.util.Map<String, String> diagnostics() {
        return dev.siamese.tf.internal.TfDiagnostics.report(javaVersion());
    }

    private static String javaVersion() {
        return Graph.class.getModule().isNamed()
                ? Graph.class.getModule().getDescriptor().rawVersion().orElse(null)
                : Graph.class.getPackage().getImplementationVersion();
    }

    @Override
    public TrainableModel create(ModelSpec spec) {
        return TfSiameseModel.create(Objects.requireNonNull(spec, "spec"), options, version());
    }

    /** Its descriptor, then the graph: {@code siamese-model.json}, {@code saved_model/saved_model.pb}. */
    @Override
    public java.util.List<Path> definingFiles(Path directory) {
        return java.util.List.of(directory.resolve(dev.siamese.api.model.ModelDescriptorJson.FILE_NAME),
                directory.resolve("saved_model").resolve("saved_model.pb"));
    }

    /** A backend with the thread and coalescing settings under {@code siamese.tensorflow} ({@link TfOptions#from}). */
    @Override
    public TfBackend configure(dev.siamese.api.spi.BackendSettings settings) {
        return new TfBackend(TfOptions.from(settings));
    }

    @Override
    public EmbeddingModel load(Path directory) {
        return TfEmbeddingModel.load(Objects.requireNonNull(directory, "directory"), options);
    }

    @Override
    public void copyWithThreshold(Path model, Path target, double threshold, java.util.Map<String, String> provenance) {
        dev.siamese.tf.internal.TfModelCopy.withThreshold(Objects.requireNonNull(model, "model"),
                Objects.requireNonNull(target, "target"), threshold, Objects.requireNonNull(provenance, "provenance"));
    }

    /** The trained models this backend ships: {@code near-duplicates}, the default near-duplicate twin. */
    @Override
    public java.util.List<String> bundledModels() {
        return dev.siamese.tf.internal.TfBundledModels.NAMES;
    }

    @Override
    public Path bundledModel(String name, Path cacheDirectory) {
        return dev.siamese.tf.internal.TfBundledModels.unpack(Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(cacheDirectory, "cacheDirectory"));
    }

    @Override
    public String toString() {
        return "TfBackend[" + options + "]";
    }
}
