package dev.siamese.data.pictures;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which files are pictures, and the one walk that finds them below a folder, for every reader of picture folders
 * (training folders, {@code index}, {@code dedup}, {@code near-duplicates}).
 *
 * <p>A picture's name ends in one of {@link #EXTENSIONS}, in any case, and does not start with a dot: a hidden file
 * is never a picture of the user's (macOS's {@code ._photo.jpg} resource forks carry the extension but no picture).
 * The walk goes depth first, each folder's entries in {@link Path} order; it skips hidden files and folders, and does
 * not follow symbolic links (a link is reported, neither listed nor entered).
 */
public final class PictureFiles {
    private static final List<String> IN_ORDER = List.of("png", "jpg", "jpeg", "bmp", "gif", "webp", "tif", "tiff");
    /** The picture file extensions read, compared without regard to case. */
    public static final Set<String> EXTENSIONS = Set.copyOf(IN_ORDER);
    /** {@link #EXTENSIONS} as a list for messages: {@code .png, .jpg, ...}. */
    public static final String EXTENSION_LIST = String.join(", ", IN_ORDER.stream().map(e -> "." + e).toList());

    private PictureFiles() {
    }

    /** Whether {@code file}'s name is a picture's: not hidden, and ending in a picture extension (any case). */
    public static boolean isPicture(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !isHidden(file) && dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Whether {@code entry}'s name starts with a dot, as hidden files and folders do on Unix. */
    public static boolean isHidden(Path entry) {
        Path name = entry.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    /** What a {@link #walk} finds, told in walk order on the walking thread. */
    public interface Visitor {
        /** A picture file (a regular file, not a link) with its attributes. */
        void picture(Path file, BasicFileAttributes attributes);

        /** A symbolic link, neither listed nor entered; ignored unless overridden. */
        default void link(Path link) {
        }

        /** A folder (the root too) that cannot be listed; the walk stops with {@code e} unless overridden. */
        default void unlistable(Path folder, IOException e) throws IOException {
            throw e;
        }

        /** An entry whose attributes cannot be read; the walk stops with {@code e} unless overridden. */
        default void unreadable(Path entry, IOException e) throws IOException {
            throw e;
        }
    }

    /**
     * Walks the folder tree below {@code root} (a link to a folder is fine as the root) and tells {@code visitor}
     * every picture, link and problem.
     *
     * @throws IOException what the visitor throws (by default, the first folder that cannot be listed or entry that
     *                     cannot be read)
     */
    public static void walk(Path root, Visitor visitor) throws IOException {
        Objects.requireNonNull(visitor, "visitor");
        walkFolder(Objects.requireNonNull(root, "root"), visitor);
    }

    /**
     * The picture files below {@code root} as {@link #walk} finds them, sorted by path (the order of
     * {@code Files.walk(root).sorted()}).
     *
     * @throws IOException when a folder cannot be listed or an entry's attributes cannot be read
     */
    public static List<Path> list(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        walk(root, (file, attributes) -> files.add(file));
        files.sort(null);
        return files;
    }

    private static void walkFolder(Path folder, Visitor visitor) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path entry : stream) {
                if (!isHidden(entry)) {
                    entries.add(entry);
                }
            }
        } catch (IOException e) {
            visitor.unlistable(folder, e);
            return;
        }
        entries.sort(null);
        for (Path entry : entries) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                visitor.unreadable(entry, e);
                continue;
            }
            if (attributes.isSymbolicLink()) {
                visitor.link(entry);
            } else if (attributes.isDirectory()) {
                walkFolder(entry, visitor);
            } else if (attributes.isRegularFile() && isPicture(entry)) {
                visitor.picture(entry, attributes);
            }
        }
    }
}
