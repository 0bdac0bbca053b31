package dev.siamese.tf;

import dev.siamese.api.model.EmbeddingModel;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a fresh JVM by {@link SavedModelTest}: loads the model in {@code args[0]}, embeds
 * {@link SavedModelTest#PROBE_COUNT} pictures generated from {@link SavedModelTest#PROBE_SEED} and writes the floats'
 * bits to {@code args[1]}.
 */
public final class EmbedSavedModelMain {

    private EmbedSavedModelMain() {
    }

    public static void main(String[] args) throws IOException {
        try (EmbeddingModel model = new TfBackend().load(Path.of(args[0]));
             DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[1])))) {
            float[] pixels = Pictures.random(model.inputShape(), SavedModelTest.PROBE_COUNT, SavedModelTest.PROBE_SEED);
            for (float v : model.embed(pixels, SavedModelTest.PROBE_COUNT).toArray()) {
                out.writeFloat(v);
            }
        }
    }
}
