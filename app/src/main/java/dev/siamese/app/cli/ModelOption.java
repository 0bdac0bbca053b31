package dev.siamese.app.cli;

import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.EnsembleModel;
import dev.siamese.api.model.Models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the model a command works with: a model directory or a run directory holding {@code model/}; several of them
 * ({@code -m A -m B}) make one {@link EnsembleModel}.
 */
final class ModelOption {

    private ModelOption() {
    }

    /** The models given, or the shipped near-duplicate twin when none is ({@link Models#defaultNearDuplicates()}). */
    static List<Path> orDefault(List<Path> given) {
        return given == null || given.isEmpty() ? List.of(Models.bundledDirectory(Models.NEAR_DUPLICATES)) : given;
    }

    static Path modelDirectory(Path given) {
        if (Files.isRegularFile(given.resolve("model").resolve("siamese-model.json"))) {
            return given.resolve("model");
        }
        return given;
    }

    static EmbeddingModel load(Path given) {
        return Models.load(modelDirectory(given));
    }

    /** Each model, in order (closing those already loaded if a later one fails). */
    static List<EmbeddingModel> loadEach(List<Path> given) {
        List<EmbeddingModel> loaded = new ArrayList<>();
        try {
            for (Path p : given) {
                loaded.add(load(p));
            }
            return loaded;
        } catch (RuntimeException e) {
            closeAll(loaded, e);
            throw e;
        }
    }

    /** One model, or the ensemble of several (closing them if they cannot form one). */
    static EmbeddingModel load(List<Path> given) {
        if (given.size() == 1) {
            return load(given.get(0));
        }
        List<EmbeddingModel> members = loadEach(given);
        try {
            return EnsembleModel.of(members);
        } catch (RuntimeException e) {
            closeAll(members, e);
            throw e;
        }
    }

    private static void closeAll(List<EmbeddingModel> models, RuntimeException failure) {
        for (EmbeddingModel m : models) {
            try {
                m.close();
            } catch (RuntimeException suppressed) {
                failure.addSuppressed(suppressed);
            }
        }
    }

    /**
     * Identifies the model an index was built with: a digest of its descriptor and graph (of each member's, in order,
     * for an ensemble) plus the embedding size.
     */
    static String identity(List<Path> given, EmbeddingModel model) {
        return Models.identity(given.stream().map(ModelOption::modelDirectory).toList(), model.embeddingDimension());
    }
}
