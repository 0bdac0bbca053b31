package dev.siamese.search.scan;

import java.nio.file.Path;
import java.util.Objects;

/** A picture file found by {@link FolderScanner}: its path, size in bytes and modification time (ms since the epoch). */
public record PictureFile(Path path, long size, long modified) {

    public PictureFile {
        Objects.requireNonNull(path, "path");
    }
}
