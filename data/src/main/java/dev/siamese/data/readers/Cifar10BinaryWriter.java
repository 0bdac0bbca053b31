package dev.siamese.data.readers;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.LabeledDataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes 32x32x3 pictures in the CIFAR-10 binary format that {@link Cifar10BinaryReader} reads, so that tests
 * can make small releases of their own. Pixels in [0, 1] are stored as round(255 * value). The official release
 * has {@value Cifar10BinaryReader#RECORDS_PER_BATCH} records per batch file; any positive number is accepted here.
 */
public final class Cifar10BinaryWriter {

    private Cifar10BinaryWriter() {
    }

    /**
     * Writes a whole release into {@code dir}: the training pictures spread over the five data batches in order
     * (as evenly as possible, at least one each), the test pictures into the test batch, and the class names of
     * {@code train} into the meta file.
     */
    public static void writeRelease(LabeledDataset train, LabeledDataset test, Path dir) {
        int batches = Cifar10BinaryReader.TRAIN_FILES.size();
        if (train.size() < batches) {
            throw new IllegalArgumentException("a CIFAR-10 release needs at least " + batches + " training pictures,"
                    + " one per data batch; got " + train.size());
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DatasetException("cannot create folder " + dir + ": " + e, e);
        }
        for (int b = 0; b < batches; b++) {
            int from = (int) ((long) train.size() * b / batches);
            int to = (int) ((long) train.size() * (b + 1) / batches);
            writeBatch(train, from, to, dir.resolve(Cifar10BinaryReader.TRAIN_FILES.get(b)));
        }
        writeBatch(test, 0, test.size(), dir.resolve(Cifar10BinaryReader.TEST_FILE));
        writeMeta(train.classNames(), dir.resolve(Cifar10BinaryReader.META_FILE));
    }

    /** Writes every picture of {@code data} as one batch file. */
    public static void writeBatch(LabeledDataset data, Path file) {
        writeBatch(data, 0, data.size(), file);
    }

    /** Writes pictures {@code from} (inclusive) to {@code to} (exclusive) of {@code data} as one batch file. */
    public static void writeBatch(LabeledDataset data, int from, int to, Path file) {
        if (!data.shape().equals(Cifar10BinaryReader.SHAPE)) {
            throw new IllegalArgumentException("CIFAR-10 batches hold " + Cifar10BinaryReader.SHAPE + " pictures; data"
                    + " set '" + data.name() + "' has " + data.shape());
        }
        if (from < 0 || to > data.size() || from > to) {
            throw new IllegalArgumentException("pictures " + from + " to " + to + " of a data set of " + data.size());
        }
        int plane = 32 * 32;
        float[] picture = new float[Cifar10BinaryReader.SHAPE.length()];
        byte[] record = new byte[Cifar10BinaryReader.RECORD_BYTES];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = from; i < to; i++) {
                int label = data.label(i);
                if (label > 255) {
                    throw new IllegalArgumentException("label " + label + " of picture " + i + " does not fit a byte");
                }
                record[0] = (byte) label;
                data.copyPixels(i, picture, 0);
                for (int p = 0; p < plane; p++) {
                    for (int c = 0; c < 3; c++) {
                        record[1 + c * plane + p] = (byte) Math.round(picture[p * 3 + c] * 255f);
                    }
                }
                out.write(record);
            }
        } catch (IOException e) {
            throw new DatasetException("cannot write CIFAR-10 batch " + file + ": " + e, e);
        }
    }

    /** Writes the class names, one per line, as {@code batches.meta.txt} does. */
    public static void writeMeta(List<String> classNames, Path file) {
        try {
            Files.writeString(file, String.join("\n", classNames) + "\n\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetException("cannot write CIFAR-10 class names file " + file + ": " + e, e);
        }
    }
}
