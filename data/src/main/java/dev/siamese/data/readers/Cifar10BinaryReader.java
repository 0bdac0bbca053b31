package dev.siamese.data.readers;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads CIFAR-10 in its official binary release ({@code cifar-10-binary.tar.gz}, unpacked): five training batches
 * {@code data_batch_1.bin} to {@code data_batch_5.bin}, the test batch {@code test_batch.bin} and
 * {@code batches.meta.txt} with the ten class names, one per line.
 *
 * <p>Each record is {@value #RECORD_BYTES} bytes: the label byte, then the 1,024 red, 1,024 green and 1,024 blue
 * values of a 32x32 picture, each plane row by row. They become HWC pictures of shape 32x32x3 with values
 * {@code byte / 255} in [0, 1]. Wrong file sizes, labels outside the class list, missing files and a class-name
 * file with the wrong number of names are errors that name the file.
 */
public final class Cifar10BinaryReader {
    /** The picture shape, 32x32x3. */
    public static final ImageShape SHAPE = new ImageShape(32, 32, 3);
    /** Bytes per record: one label byte and 3 x 1,024 pixel bytes. */
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;
    /** Records per batch file in the official release. */
    public static final int RECORDS_PER_BATCH = 10_000;
    /** The training batch files, in order. */
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    /** The test batch file. */
    public static final String TEST_FILE = "test_batch.bin";
    /** The file with the class names, one per line. */
    public static final String META_FILE = "batches.meta.txt";
    /** The folder the official archive unpacks into. */
    public static final String RELEASE_FOLDER = "cifar-10-batches-bin";
    /** CIFAR-10's classes in label order, as its {@value #META_FILE} names them. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    private static final int PLANE = 32 * 32;
    private static final String HINT = "download the binary version, https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz,"
            + " and unpack it";
    private static final float[] BYTE_TO_UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            BYTE_TO_UNIT[i] = i / 255f;
        }
    }

    private Cifar10BinaryReader() {
    }

    /**
     * Reads the release in {@code dir}: train is the five data batches in order, test the test batch. {@code dir}
     * may also be the folder that holds the unpacked {@value #RELEASE_FOLDER}.
     */
    public static DatasetSplits read(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new DatasetException("CIFAR-10 folder " + dir + " does not exist or is not a folder; " + HINT);
        }
        Path folder = dir;
        if (!Files.exists(dir.resolve(META_FILE)) && Files.isDirectory(dir.resolve(RELEASE_FOLDER))) {
            folder = dir.resolve(RELEASE_FOLDER);
        }
        List<String> missing = new ArrayList<>();
        List<String> expected = new ArrayList<>(TRAIN_FILES);
        expected.add(TEST_FILE);
        expected.add(META_FILE);
        for (String name : expected) {
            if (!Files.isRegularFile(folder.resolve(name))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetException("CIFAR-10 folder " + folder + " lacks " + String.join(", ", missing)
                    + "; it needs " + String.join(", ", expected) + "; " + HINT);
        }
        List<String> classNames = readClassNames(folder.resolve(META_FILE));
        List<Path> train = TRAIN_FILES.stream().map(folder::resolve).toList();
        return new DatasetSplits("cifar10 " + folder,
                readBatches(train, classNames, "cifar10 train (" + folder + ")"),
                readBatches(List.of(folder.resolve(TEST_FILE)), classNames, "cifar10 test (" + folder + ")"));
    }

    /** The class names in {@code metaFile}: its non-blank lines, trimmed; there must be ten. */
    public static List<String> readClassNames(Path metaFile) {
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(metaFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new DatasetException("cannot read CIFAR-10 class names file " + metaFile + ": " + e, e);
        }
        if (names.size() != CLASS_NAMES.size()) {
            throw new DatasetException("CIFAR-10 class names file " + metaFile + " names " + names.size()
                    + " classes; expected " + CLASS_NAMES.size() + ", one per line (" + String.join(", ", CLASS_NAMES)
                    + "); is it the " + META_FILE + " of the CIFAR-10 (not CIFAR-100) binary release?");
        }
        return List.copyOf(names);
    }

    /** Reads the records of {@code batches}, in order, into one data set; labels must be below the class count. */
    public static InMemoryDataset readBatches(List<Path> batches, List<String> classNames, String name) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("no CIFAR-10 batch files given");
        }
        long total = 0;
        for (Path batch : batches) {
            long size = size(batch);
            if (size == 0 || size % RECORD_BYTES != 0) {
                throw new DatasetException(String.format(Locale.ROOT, "CIFAR-10 batch %s is %,d bytes; expected a"
                        + " multiple of %,d (truncated download?); file %s", batch.getFileName(), size, RECORD_BYTES, batch));
            }
            total += size / RECORD_BYTES;
        }
        if (total * SHAPE.length() > Integer.MAX_VALUE - 8) {
            throw new DatasetException("CIFAR-10 batches " + batches + " hold " + total + " records, more than one"
                    + " array holds");
        }
        float[] pixels = new float[(int) total * SHAPE.length()];
        int[] labels = new int[(int) total];
        int index = 0;
        byte[] record = new byte[RECORD_BYTES];
        for (Path batch : batches) {
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(batch), 1 << 16)) {
                long records = size(batch) / RECORD_BYTES;
                for (int r = 0; r < records; r++, index++) {
                    if (in.readNBytes(record, 0, RECORD_BYTES) != RECORD_BYTES) {
                        throw new DatasetException("CIFAR-10 batch " + batch + " ended inside record " + r
                                + "; was it changed while being read?");
                    }
                    int label = record[0] & 0xff;
                    if (label >= classNames.size()) {
                        throw new DatasetException("CIFAR-10 batch " + batch.getFileName() + ": record " + r
                                + " has label " + label + ", outside 0.." + (classNames.size() - 1)
                                + "; is it a CIFAR-10 binary batch (CIFAR-100 records have two label bytes)?");
                    }
                    labels[index] = label;
                    int base = index * SHAPE.length();
                    for (int p = 0; p < PLANE; p++) {
                        pixels[base + p * 3] = BYTE_TO_UNIT[record[1 + p] & 0xff];
                        pixels[base + p * 3 + 1] = BYTE_TO_UNIT[record[1 + PLANE + p] & 0xff];
                        pixels[base + p * 3 + 2] = BYTE_TO_UNIT[record[1 + 2 * PLANE + p] & 0xff];
                    }
                }
            } catch (IOException e) {
                throw new DatasetException("cannot read CIFAR-10 batch " + batch + ": " + e, e);
            }
        }
        return InMemoryDataset.adopt(name, SHAPE, pixels, labels, classNames);
    }

    private static long size(Path batch) {
        try {
            return Files.size(batch);
        } catch (IOException e) {
            throw new DatasetException("cannot read CIFAR-10 batch " + batch + ": " + e, e);
        }
    }
}
