package dev.siamese.tf.internal;

import dev.siamese.api.ModelException;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** The layout of a saved model directory and the all-or-nothing way it is written. */
final class TfModelFiles {

    /** The SavedModel's folder inside a saved model directory. */
    static final String SAVED_MODEL_DIR = "saved_model";

    /** Writes the contents of a new model directory into the folder it is given. */
    interface Writer {
        void write(Path directory) throws IOException;
    }

    private TfModelFiles() {
    }

    static void requireEmptyOrAbsent(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new ModelException("cannot save the model to " + target + ": it is a file; choose a new directory");
        }
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw new ModelException("cannot save the model to " + target
                        + ": the directory is not empty; choose a new directory or empty this one");
            }
        } catch (IOException e) {
            throw new ModelException("cannot save the model to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes into a hidden sibling folder and renames it to {@code target} only when everything is written, so a
     * failed save leaves nothing that looks like a model.
     */
    static void writeAtomically(Path target, Writer writer) {
        Path tmp = null;
        try {
            Path parent = target.getParent();
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".saving-");
            writer.write(tmp);
            if (Files.isDirectory(target)) {
                Files.delete(target); // checked empty before; fails if something appeared meanwhile
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (DirectoryNotEmptyException e) {
            throw new ModelException("cannot save the model to " + target + ": the directory is no longer empty", e);
        } catch (IOException | RuntimeException e) {
            throw e instanceof ModelException me ? me
                    : new ModelException("could not save the model to " + target + ": " + e, e);
        } finally {
            if (tmp != null) {
                deleteRecursively(tmp);
            }
        }
    }

    static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover hidden temp folder does not look like a model
                }
            });
        } catch (IOException ignored) {
            // best effort, as above
        }
    }
}
