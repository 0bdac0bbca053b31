package dev.siamese.search.internal;

import dev.siamese.api.internal.AtomicFiles;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a report file all at once through {@link AtomicFiles}, so a failed or interrupted write never leaves a
 * half-written report (nor destroys the previous one).
 */
public final class AtomicWrite {

    /** What goes into the file. */
    @FunctionalInterface
    public interface Body {
        void writeTo(Writer out) throws IOException;
    }

    private AtomicWrite() {
    }

    public static void text(Path file, Body body) throws IOException {
        AtomicFiles.write(file, temporary -> {
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                body.writeTo(out);
            }
        });
    }
}
