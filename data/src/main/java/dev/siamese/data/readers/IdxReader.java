package dev.siamese.data.readers;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads labelled grey pictures in the MNIST IDX format (idx3-ubyte pictures, idx1-ubyte labels), raw or gzip.
 *
 * <p>Every inconsistency is a {@link DatasetException} that names the file and says what to check: wrong magic
 * numbers, implausible sizes, picture and label counts that disagree, labels outside the class list, truncated
 * data and bytes after the promised records. A header that promises more records than the file holds never
 * makes the reader allocate what it promises. Pixel bytes are scaled to [0, 1] by dividing by 255.
 */
public final class IdxReader {
    /** Magic number of an idx3-ubyte file: unsigned bytes, three dimensions (count, rows, columns). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an idx1-ubyte file: unsigned bytes, one dimension (count). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** The largest number of rows or columns we accept, far beyond any real IDX data set. */
    public static final int MAX_SIDE = 4096;

    private static final float[] BYTE_TO_UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            BYTE_TO_UNIT[i] = i / 255f;
        }
    }

    private IdxReader() {
    }

    /**
     * Reads the pictures in {@code images} with the labels in {@code labels}.
     *
     * @param classNames the class names, indexed by label; every label must be below their number
     * @param name       how the data set calls itself in provenance
     */
    public static InMemoryDataset read(Path images, Path labels, List<String> classNames, String name) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(name, "name");
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("IDX data set '" + name + "' needs at least one class name");
        }
        int[] labelValues = readLabels(labels, classNames.size());
        Pictures pictures = readPictures(images, labelValues.length, labels);
        return InMemoryDataset.adopt(name, pictures.shape(), pictures.pixels(), labelValues, classNames);
    }

    /** The pictures of an idx3-ubyte file: their shape and all pixels back to back, scaled to [0, 1]. */
    record Pictures(ImageShape shape, float[] pixels) {
    }

    /** Reads an idx3-ubyte file without matching it to labels. */
    static Pictures readPictures(Path images) {
        return readPictures(images, -1, null);
    }

    /**
     * Reads an idx3-ubyte file; when {@code labelCount} is not negative, the header's picture count must equal it
     * (checked before any pixel is read).
     */
    private static Pictures readPictures(Path images, int labelCount, Path labels) {
        try (IdxFile file = IdxFile.open(images, "images")) {
            int magic = file.readHeaderInt("magic number");
            checkMagic(file.path(), "images", magic, IMAGES_MAGIC, "idx3-ubyte");
            int count = checkCount(file.path(), "images", "picture", file.readHeaderInt("picture count"));
            int rows = checkSide(file.path(), "rows", file.readHeaderInt("row count"));
            int columns = checkSide(file.path(), "columns", file.readHeaderInt("column count"));
            if (labelCount >= 0 && count != labelCount) {
                throw new DatasetException("IDX images file " + images + " holds " + count + " pictures but labels file "
                        + labels + " holds " + labelCount + " labels; both files must belong to the same split");
            }
            byte[] bytes = file.readRecords(count, rows * columns, "pictures");
            float[] pixels = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                pixels[i] = BYTE_TO_UNIT[bytes[i] & 0xff];
            }
            return new Pictures(new ImageShape(rows, columns, 1), pixels);
        }
    }

    /** Reads an idx1-ubyte label file, checking that every label is in {@code [0, classCount)}. */
    public static int[] readLabels(Path labels, int classCount) {
        try (IdxFile file = IdxFile.open(labels, "labels")) {
            int magic = file.readHeaderInt("magic number");
            checkMagic(file.path(), "labels", magic, LABELS_MAGIC, "idx1-ubyte");
            int count = checkCount(file.path(), "labels", "label", file.readHeaderInt("label count"));
            byte[] bytes = file.readRecords(count, 1, "labels");
            int[] values = new int[count];
            for (int i = 0; i < count; i++) {
                values[i] = bytes[i] & 0xff;
                if (values[i] >= classCount) {
                    throw new DatasetException("IDX labels file " + labels + ": label " + values[i] + " of record " + i
                            + " is outside the " + classCount + " classes [0, " + classCount + "); wrong class list"
                            + " for this data set?");
                }
            }
            return values;
        }
    }

    private static void checkMagic(Path path, String kind, int magic, int expected, String format) {
        if (magic == expected) {
            return;
        }
        String hint;
        if (magic == IMAGES_MAGIC || magic == LABELS_MAGIC) {
            hint = "it is an IDX " + (magic == IMAGES_MAGIC ? "images" : "labels") + " file; are the image and label"
                    + " paths swapped?";
        } else {
            hint = "is it an " + format + " file, and complete?";
        }
        throw new DatasetException("IDX " + kind + " file " + path + " starts with magic number " + hex(magic)
                + ", expected " + hex(expected) + " (" + format + "); " + hint);
    }

    private static int checkCount(Path path, String kind, String recordName, int count) {
        if (count <= 0) {
            throw new DatasetException("IDX " + kind + " file " + path + " has " + recordName + " count "
                    + Integer.toUnsignedString(count) + " in its header; expected a positive count that fits an int;"
                    + " is the header corrupt?");
        }
        return count;
    }

    private static int checkSide(Path path, String dimension, int value) {
        if (value <= 0 || value > MAX_SIDE) {
            throw new DatasetException("IDX images file " + path + " declares " + Integer.toUnsignedString(value) + " "
                    + dimension + "; expected 1 to " + MAX_SIDE + "; is the header corrupt?");
        }
        return value;
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
