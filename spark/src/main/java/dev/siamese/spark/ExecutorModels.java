package dev.siamese.spark;

import dev.siamese.api.SiameseException;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.Models;
import dev.siamese.api.spi.Backends;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One loaded model per executor JVM and model source, shared by all the tasks that run there (a model loaded per task
 * would multiply native memory by the task slots). Models stay loaded until the JVM ends, when they are closed.
 */
final class ExecutorModels {

    /** A loaded model and the facts the driver asks for. */
    record Loaded(EmbeddingModel model, ModelFacts facts) {
    }

    private static final Map<ModelSource, Loaded> LOADED = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LOADED.values().forEach(l -> {
            try {
                l.model().close();
            } catch (RuntimeException ignored) {
                // the JVM is ending
            }
        }), "siamese-close-models"));
    }

    private ExecutorModels() {
    }

    /** The model of {@code source}, loaded on first use in this JVM. */
    static Loaded get(ModelSource source, HadoopFiles files) {
        return LOADED.computeIfAbsent(source, s -> load(s, files));
    }

    private static Loaded load(ModelSource source, HadoopFiles files) {
        Path dir = source.shipped() ? Models.bundledDirectory(Models.NEAR_DUPLICATES) : files.localFolder(source.uri());
        if (Files.isRegularFile(dir.resolve("model").resolve("siamese-model.json"))) {
            dir = dir.resolve("model");
        }
        if (!Files.isRegularFile(dir.resolve("siamese-model.json"))) {
            throw new SiameseException("model directory " + source + " holds no siamese-model.json (on executor host "
                    + HadoopFiles.host() + "): give a model directory or a run directory");
        }
        EmbeddingModel model = Backends.named("tensorflow").load(dir);
        try {
            var shape = model.inputShape();
            ModelFacts facts = new ModelFacts(Models.identity(List.of(dir), model.embeddingDimension()),
                    model.embeddingDimension(), shape.height(), shape.width(), shape.channels(), model.threshold(),
                    model.descriptor().hashBitWeight().orElse(Double.NaN));
            return new Loaded(model, facts);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
