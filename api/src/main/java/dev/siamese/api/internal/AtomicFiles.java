package dev.siamese.api.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file all at once: into a hidden temporary file beside it ({@code .<name>.<random>.tmp}), renamed over the
 * target only when complete, so a crash or a failed write never leaves half a file under the real name nor destroys
 * the previous one. The rename is atomic where the file system can do it, a plain replace where it cannot. The one
 * home of this idea for the siamese modules (exported to them only).
 */
public final class AtomicFiles {

    /** Fills the temporary file (created empty) that becomes the target. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    /** Writes the text (a report, a CSV) that becomes the target. */
    @FunctionalInterface
    public interface Text {
        void writeTo(Writer out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code target} through {@code content}; on failure the target is untouched and no temporary file is left. */
    public static Path write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temporary = newTemporary(absolute);
        try {
            content.writeTo(temporary);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static Path write(Path target, byte[] bytes) throws IOException {
        return write(target, temporary -> Files.write(temporary, bytes));
    }

    /** Writes {@code text} to {@code target} atomically, in UTF-8. */
    public static Path writeString(Path target, String text) throws IOException {
        return write(target, temporary -> Files.writeString(temporary, text, StandardCharsets.UTF_8));
    }

    /** Writes {@code target} in UTF-8 through {@code text}, atomically. */
    public static Path writeText(Path target, Text text) throws IOException {
        return write(target, temporary -> {
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                text.writeTo(out);
            }
        });
    }

    /**
     * A new empty file beside {@code target} with the permissions any new file gets (not the owner-only ones of
     * {@link Files#createTempFile}), so the renamed file reads like one written in place.
     */
    private static Path newTemporary(Path target) throws IOException {
        Path folder = target.getParent();
        String name = "." + target.getFileName() + ".";
        while (true) {
            Path candidate = folder.resolve(name + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException taken) {
                // another writer drew the same name: draw again
            }
        }
    }
}
