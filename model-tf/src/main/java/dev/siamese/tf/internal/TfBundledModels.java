package dev.siamese.tf.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siamese.api.ModelException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trained models shipped in this module's jar, under {@code /siamese-models/<name>/}: each folder holds a saved
 * model directory plus {@value #MANIFEST}, which lists every file with its SHA-256 and records how the model was made
 * (experiment, data, weights digest, the command that reproduces it). A model is copied out once into a folder named
 * after its manifest's digest, every file checked against the manifest, then moved into place in one rename.
 */
public final class TfBundledModels {

    /** The models this module ships. */
    public static final List<String> NAMES = List.of("near-duplicates");

    /** The manifest's file name inside a shipped model's resource folder. */
    public static final String MANIFEST = "bundle.json";

    private static final String ROOT = "/siamese-models/";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TfBundledModels() {
    }

    /** A shipped model's manifest: its files and their SHA-256 digests, and free-form provenance. */
    public record Manifest(String name, Map<String, String> files, Map<String, String> provenance, String digest) {
    }

    /** Reads the manifest of the shipped model {@code name}. */
    public static Manifest manifest(String name) {
        if (!NAMES.contains(name)) {
            throw new ModelException("the tensorflow backend ships no model called '" + name + "'; it ships " + NAMES);
        }
        byte[] bytes = resource(name, MANIFEST);
        try {
            JsonNode root = MAPPER.readTree(bytes);
            Map<String, String> files = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("files").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().contains("..") || e.getKey().startsWith("/")) {
                    throw new ModelException("shipped model " + name + ": file name " + e.getKey() + " leaves its folder");
                }
                files.put(e.getKey(), e.getValue().asText());
            }
            Map<String, String> provenance = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("provenance").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                provenance.put(e.getKey(), e.getValue().asText());
            }
            if (files.isEmpty()) {
                throw new ModelException("shipped model " + name + ": its " + MANIFEST + " lists no files");
            }
            return new Manifest(name, Map.copyOf(files), Map.copyOf(provenance), sha256(bytes).substring(0, 16));
        } catch (IOException e) {
            throw new ModelException("shipped model " + name + ": cannot read its " + MANIFEST + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of one file of a shipped model, as the jar holds them. */
    public static byte[] resource(String name, String file) {
        String path = ROOT + name + "/" + file;
        try (InputStream in = TfBundledModels.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new ModelException("shipped model " + name + ": " + path + " is missing from the siamese-model-tf jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelException("shipped model " + name + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The unpacked directory of the shipped model {@code name} below {@code cacheDirectory}: reused when its files
     * still match the manifest, written afresh otherwise.
     */
    public static Path unpack(String name, Path cacheDirectory) {
        Manifest manifest = manifest(name);
        Path target = cacheDirectory.resolve(name + "-" + manifest.digest());
        if (Files.isDirectory(target) && matches(target, manifest)) {
            return target;
        }
        Path tmp = null;
        try {
            Files.createDirectories(cacheDirectory);
            tmp = Files.createTempDirectory(cacheDirectory, "." + name + ".unpacking-");
            for (Map.Entry<String, String> file : manifest.files().entrySet()) {
                byte[] bytes = resource(name, file.getKey());
                if (!sha256(bytes).equals(file.getValue())) {
                    throw new ModelException("shipped model " + name + ": " + file.getKey() + " does not match the SHA-256"
                            + " its " + MANIFEST + " records; the siamese-model-tf jar is damaged, rebuild or download it again");
                }
                Path out = tmp.resolve(file.getKey());
                Files.createDirectories(out.getParent());
                Files.write(out, bytes);
            }
            if (Files.isDirectory(target)) {
                TfModelFiles.deleteRecursively(target); // damaged copy: its files no longer match
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                // another process unpacked it meanwhile: use theirs if it is whole
                if (!matches(target, manifest)) {
                    throw new ModelException("shipped model " + name + ": " + target + " is being written by another"
                            + " process; try again", raced);
                }
            } catch (AtomicMoveNotSupportedException e) {
                throw new ModelException("cannot unpack the shipped model " + name + " into " + cacheDirectory
                        + ": the file system cannot rename atomically; set -Dsiamese.cache.dir to a local folder", e);
            }
            return target;
        } catch (IOException e) {
            throw new ModelException("cannot unpack the shipped model " + name + " into " + cacheDirectory + ": "
                    + e.getMessage() + " (set -Dsiamese.cache.dir or SIAMESE_CACHE_DIR to a writable folder)", e);
        } finally {
            if (tmp != null && Files.exists(tmp)) {
                TfModelFiles.deleteRecursively(tmp);
            }
        }
    }

    private static boolean matches(Path directory, Manifest manifest) {
        for (Map.Entry<String, String> file : manifest.files().entrySet()) {
            Path p = directory.resolve(file.getKey());
            try {
                if (!Files.isRegularFile(p) || !sha256(Files.readAllBytes(p)).equals(file.getValue())) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** The lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
