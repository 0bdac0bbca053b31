package dev.siamese.tf.internal;

import dev.siamese.api.model.ModelDescriptorJson;
import dev.siamese.api.ModelException;
import dev.siamese.api.model.ModelDescriptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Copies a saved model directory with a new threshold in its descriptor (the weights and graph byte for byte). */
public final class TfModelCopy {

    private TfModelCopy() {
    }

    /** Writes a copy of {@code model} to the new directory {@code target} whose descriptor has {@code threshold}. */
    public static void withThreshold(Path model, Path target, double threshold, Map<String, String> provenance) {
        ModelDescriptor old = ModelDescriptorJson.read(model.resolve(ModelDescriptorJson.FILE_NAME));
        Map<String, String> merged = new LinkedHashMap<>(old.provenance());
        merged.putAll(provenance);
        ModelDescriptor updated = new ModelDescriptor(old.formatVersion(), old.backend(), old.backendVersion(), old.spec(),
                threshold, merged, old.whitening());
        TfModelFiles.requireEmptyOrAbsent(target);
        Path savedModel = model.resolve(TfModelFiles.SAVED_MODEL_DIR);
        TfModelFiles.writeAtomically(target, dir -> {
            try (Stream<Path> files = Files.walk(savedModel)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Path out = dir.resolve(TfModelFiles.SAVED_MODEL_DIR).resolve(savedModel.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(out);
                    } else {
                        Files.copy(p, out);
                    }
                }
            }
            ModelDescriptorJson.write(dir.resolve(ModelDescriptorJson.FILE_NAME), updated);
        });
        if (!Files.isDirectory(target)) {
            throw new ModelException("could not copy the model to " + target);
        }
    }
}
