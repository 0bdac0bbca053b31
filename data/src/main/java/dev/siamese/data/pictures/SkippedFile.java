package dev.siamese.data.pictures;

import java.nio.file.Path;
import java.util.Objects;

/** A picture file that a load left out, and why: unreadable, corrupt, empty, or of absurd dimensions. */
public record SkippedFile(Path path, String reason) {

    public SkippedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return FileNames.display(path) + ": " + FileNames.display(reason);
    }
}
