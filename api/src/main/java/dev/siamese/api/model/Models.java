package dev.siamese.api.model;

import dev.siamese.api.ModelException;
import dev.siamese.api.spi.Backend;
import dev.siamese.api.spi.Backends;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Models that need no training: the trained models a backend ships in its jar. The default near-duplicate twin is
 * one call away:
 *
 * <pre>{@code
 * try (EmbeddingModel twin = Models.defaultNearDuplicates()) {
 *     Verdict v = twin.compare(a, b); // a near-duplicate decision at the threshold chosen on real photographs
 * }
 * }</pre>
 *
 * A shipped model is unpacked once into {@link #cacheDirectory()} (checked against the digests recorded with it), so
 * commands and host applications open it like any saved model directory.
 */
public final class Models {

    /** The shipped near-duplicate twin (name for {@link #bundled(String)}). */
    public static final String NEAR_DUPLICATES = "near-duplicates";

    /** System property that moves {@link #cacheDirectory()}. */
    public static final String CACHE_PROPERTY = "siamese.cache.dir";

    private Models() {
    }

    /** The shipped near-duplicate twin, loaded; close it. */
    public static EmbeddingModel defaultNearDuplicates() {
        return bundled(NEAR_DUPLICATES);
    }

    /** The shipped model {@code name}, loaded by the backend that ships it; close it. */
    public static EmbeddingModel bundled(String name) {
        Backend backend = owner(name);
        return backend.load(backend.bundledModel(name, cacheDirectory().resolve("models")));
    }

    /** The directory of the shipped model {@code name}, unpacked and verified. */
    public static Path bundledDirectory(String name) {
        return owner(name).bundledModel(name, cacheDirectory().resolve("models"));
    }

    /**
     * Where shipped models are unpacked and where commands keep per-folder indexes: the system property
     * {@value #CACHE_PROPERTY}, else {@code $SIAMESE_CACHE_DIR}, else {@code ~/.cache/siamese}.
     */
    public static Path cacheDirectory() {
        String property = System.getProperty(CACHE_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("SIAMESE_CACHE_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "siamese");
    }

    /**
     * Loads the saved model in {@code directory} with the backend its descriptor names
     * ({@code backend} in {@value ModelDescriptorJson#FILE_NAME}); close it.
     *
     * @throws ModelException when the directory holds no readable descriptor or that backend is not on the module path
     */
    public static EmbeddingModel load(Path directory) {
        return backendOf(directory).load(directory);
    }

    /** The backend that wrote the saved model in {@code directory}, as its descriptor names it. */
    public static Backend backendOf(Path directory) {
        Path json = directory.resolve(ModelDescriptorJson.FILE_NAME);
        if (!java.nio.file.Files.isRegularFile(json)) {
            throw new ModelException(directory + " is not a saved Siamese model: no " + ModelDescriptorJson.FILE_NAME
                    + (java.nio.file.Files.isDirectory(directory) ? "" : " (the directory does not exist)"));
        }
        return Backends.named(ModelDescriptorJson.read(json).backend());
    }

    /**
     * Identifies the model embeddings were made with, so that an index or an embedding table is never mixed with
     * another model's: a digest of each model directory's defining files (its descriptor and what its backend reads,
     * {@link Backend#definingFiles}; of each member's, in order, for an ensemble), then the embedding size, as
     * {@code 16-hex-digits:dimension}. The same on every machine that holds the same files.
     *
     * @throws ModelException when a directory's files cannot be read
     */
    public static String identity(List<Path> modelDirectories, int embeddingDimension) {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Path dir : modelDirectories) {
            for (Path file : backendOf(dir).definingFiles(dir)) {
                try {
                    sha.update(java.nio.file.Files.readAllBytes(file));
                } catch (java.io.IOException e) {
                    throw new ModelException("cannot read the model in " + dir + ": " + e.getMessage(), e);
                }
            }
        }
        return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16) + ":" + embeddingDimension;
    }

    private static Backend owner(String name) {
        List<Backend> all = Backends.available();
        return all.stream().filter(b -> b.bundledModels().contains(name)).findFirst().orElseThrow(() ->
                new ModelException("no backend on the module path ships a model called '" + name + "'; shipped: "
                        + all.stream().flatMap(b -> b.bundledModels().stream()).collect(Collectors.toList())
                        + " (add the siamese-model-tf module for '" + NEAR_DUPLICATES + "')"));
    }
}
