package dev.siamese.app.cli;

import dev.siamese.api.SiameseException;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.spi.Backends;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Loads the model a large-scale command works with: a model directory or a run directory holding {@code model/}. */
final class ModelOption {

    private ModelOption() {
    }

    static Path modelDirectory(Path given) {
        if (Files.isRegularFile(given.resolve("model").resolve("siamese-model.json"))) {
            return given.resolve("model");
        }
        return given;
    }

    static EmbeddingModel load(Path given) {
        return Backends.named("tensorflow").load(modelDirectory(given));
    }

    /** Identifies the model an index was built with: a digest of its descriptor plus the embedding size. */
    static String identity(Path given, EmbeddingModel model) {
        try {
            byte[] descriptor = Files.readAllBytes(modelDirectory(given).resolve("siamese-model.json"));
            byte[] weights = Files.readAllBytes(modelDirectory(given).resolve("saved_model").resolve("saved_model.pb"));
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(descriptor);
            sha.update(weights);
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16) + ":" + model.embeddingDimension();
        } catch (IOException e) {
            throw new SiameseException("cannot read the model in " + given + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
