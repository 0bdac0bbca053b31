package dev.siamese.tf.internal;

import dev.siamese.api.model.ModelDescriptorJson;
import dev.siamese.api.ModelException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.ModelDescriptor;
import dev.siamese.tf.TfBackend;
import dev.siamese.tf.TfOptions;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.ConfigProto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A saved Siamese model loaded for use: the inference-only SavedModel plus its descriptor. Thread-safe: embedding
 * runs share the session (TensorFlow sessions run concurrently) and only {@link #close()} excludes them.
 *
 * <p>With {@link TfOptions#coalesceMaxBatch()} above 0, small calls from concurrent threads are gathered into shared
 * session runs by an {@link EmbedCoalescer} (see {@link TfOptions} for why that is off by default: a picture's
 * embedding may then differ in the last bits depending on the batch it shared).
 */
public final class TfEmbeddingModel implements EmbeddingModel {

    private final Path directory;
    private final ModelDescriptor descriptor;
    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final EmbedCoalescer coalescer; // null when coalescing is off
    private boolean closed;

    private TfEmbeddingModel(Path directory, ModelDescriptor descriptor, SavedModelBundle bundle, SessionFunction function,
                             int coalesceMaxBatch) {
        this.directory = directory;
        this.descriptor = descriptor;
        this.bundle = bundle;
        this.function = function;
        this.coalescer = coalesceMaxBatch == 0 ? null : new EmbedCoalescer(coalesceMaxBatch, TfOptions.COALESCE_MAX_CALL,
                inputShape().length(), embeddingDimension(), (pixels, count) -> embedDirect(pixels, count).toArray(),
                closedMessage());
    }

    /** Loads the model directory written by {@link TfSiameseModel#save}, checking its descriptor first. */
    public static TfEmbeddingModel load(Path directory, TfOptions options) {
        Path dir = directory.toAbsolutePath().normalize();
        Path json = dir.resolve(ModelDescriptorJson.FILE_NAME);
        if (!Files.isDirectory(dir)) {
            throw new ModelException(dir + " is not a saved Siamese model: no " + ModelDescriptorJson.FILE_NAME
                    + " (the directory does not exist)");
        }
        if (!Files.isRegularFile(json)) {
            throw new ModelException(dir + " is not a saved Siamese model: no " + ModelDescriptorJson.FILE_NAME);
        }
        ModelDescriptor descriptor = ModelDescriptorJson.read(json);
        if (!TfBackend.NAME.equals(descriptor.backend())) {
            throw new ModelException(dir + " was saved by the '" + descriptor.backend() + "' backend; the '" + TfBackend.NAME
                    + "' backend cannot load it (use the backend named in " + ModelDescriptorJson.FILE_NAME + ")");
        }
        Path savedModel = dir.resolve(TfModelFiles.SAVED_MODEL_DIR);
        if (!Files.isRegularFile(savedModel.resolve("saved_model.pb"))) {
            throw new ModelException(dir + " has a descriptor but no " + TfModelFiles.SAVED_MODEL_DIR
                    + "/saved_model.pb; the save was incomplete or the directory was altered");
        }
        SavedModelBundle bundle;
        try {
            SavedModelBundle.Loader loader = SavedModelBundle.loader(savedModel.toString()).withTags(TfExport.TAG);
            ConfigProto config = TfTensors.config(options);
            if (config != null) {
                loader.withConfigProto(config);
            }
            bundle = loader.load();
        } catch (RuntimeException e) {
            throw new ModelException("could not load the TensorFlow SavedModel in " + savedModel + ": " + e.getMessage(), e);
        }
        try {
            SessionFunction function = bundle.function(TfExport.SIGNATURE);
            requireSignature(dir, function.signature(), descriptor);
            return new TfEmbeddingModel(dir, descriptor, bundle, function, options.coalesceMaxBatch());
        } catch (RuntimeException e) {
            bundle.close();
            throw e instanceof ModelException ? e : new ModelException("the SavedModel in " + savedModel
                    + " has no usable '" + TfExport.SIGNATURE + "' signature: " + e.getMessage(), e);
        }
    }

    private static void requireSignature(Path dir, Signature signature, ModelDescriptor descriptor) {
        Signature.TensorDescription input = signature.getInputs().get(TfExport.INPUT);
        if (input == null || !signature.getOutputs().containsKey(TfExport.OUTPUT)) {
            throw new ModelException("the SavedModel in " + dir + " does not map '" + TfExport.INPUT + "' to '"
                    + TfExport.OUTPUT + "'; signature: " + signature);
        }
        ImageShape in = descriptor.spec().input();
        Shape expected = Shape.of(-1, in.height(), in.width(), in.channels());
        if (input.shape == null || !Arrays.equals(expected.asArray(), input.shape.asArray())) {
            throw new ModelException("the SavedModel in " + dir + " takes " + input.shape + " but its descriptor declares "
                    + in + " pictures; the directory mixes files from different models");
        }
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /**
     * Embeds {@code count} pictures. With coalescing on, a valid call of at most {@link TfOptions#COALESCE_MAX_CALL}
     * pictures may share its session run with concurrent calls; other calls (and invalid ones, so that their error
     * stays with their caller) run on their own.
     */
    @Override
    public Embeddings embed(float[] pixels, int count) {
        Embeddings viewed = descriptor.spec().views().embed(pixels, count, inputShape(), this::embedViews);
        return descriptor.whitened() && viewed != null ? descriptor.whitening().apply(viewed) : viewed;
    }

    /** Embeds pictures as they are (each view of a picture, when the spec has several). */
    private Embeddings embedViews(float[] pixels, int count) {
        if (coalescer != null && pixels != null && coalescer.accepts(count)
                && (long) count * inputShape().length() == pixels.length) {
            return coalescer.embed(pixels, count);
        }
        return embedDirect(pixels, count);
    }

    private Embeddings embedDirect(float[] pixels, int count) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new ModelException(closedMessage());
            }
            return TfTensors.embedInChunks(inputShape(), embeddingDimension(), pixels, count, chunk -> {
                try (Result result = function.call(Map.of(TfExport.INPUT, chunk))) {
                    Tensor out = result.get(TfExport.OUTPUT).orElseThrow(() -> new ModelException(
                            "the SavedModel in " + directory + " returned no '" + TfExport.OUTPUT + "'"));
                    return TfTensors.toArray(out);
                }
            });
        } finally {
            lock.readLock().unlock();
        }
    }

    private String closedMessage() {
        return "the model loaded from " + directory + " is closed; load it again";
    }

    /** The coalescer's counters, or null when coalescing is off. */
    public EmbedCoalescer.Stats coalescingStats() {
        return coalescer == null ? null : coalescer.stats();
    }

    /**
     * Closes the session. Calls queued for a coalesced run fail at once with "is closed"; runs in flight finish first.
     */
    @Override
    public void close() {
        if (coalescer != null) {
            coalescer.close();
        }
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                bundle.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "TfEmbeddingModel[" + directory + ", " + descriptor.spec().architecture().label() + "]";
    }
}
