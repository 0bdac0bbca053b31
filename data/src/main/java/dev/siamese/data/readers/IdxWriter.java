package dev.siamese.data.readers;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.LabeledDataset;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes grey labelled pictures in the MNIST IDX format that {@link IdxReader} reads: an idx3-ubyte picture file
 * and an idx1-ubyte label file. A file whose name ends in {@code .gz} is gzip-compressed, any other is raw.
 * Pixels in [0, 1] are stored as round(255 * value).
 */
public final class IdxWriter {
    private static final int BUFFER_BYTES = 1 << 16;

    private IdxWriter() {
    }

    /** Writes the pictures of {@code dataset} to {@code images} and its labels to {@code labels}. */
    public static void write(LabeledDataset dataset, Path images, Path labels) {
        writeImages(dataset, images);
        writeLabels(dataset.labels(), labels);
    }

    /** Writes the pictures of a single-channel {@code dataset} as an idx3-ubyte file. */
    public static void writeImages(LabeledDataset dataset, Path images) {
        if (dataset.shape().channels() != 1) {
            throw new IllegalArgumentException("IDX files hold grey pictures only; data set '" + dataset.name()
                    + "' has " + dataset.shape().channels() + " channels");
        }
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("data set '" + dataset.name() + "' is empty; IDX files need at least"
                    + " one picture");
        }
        int length = dataset.shape().length();
        float[] picture = new float[length];
        byte[] bytes = new byte[length];
        try (DataOutputStream out = open(images)) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(dataset.size());
            out.writeInt(dataset.shape().height());
            out.writeInt(dataset.shape().width());
            for (int i = 0; i < dataset.size(); i++) {
                dataset.copyPixels(i, picture, 0);
                for (int p = 0; p < length; p++) {
                    bytes[p] = (byte) Math.round(picture[p] * 255f);
                }
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new DatasetException("cannot write IDX images file " + images + ": " + e, e);
        }
    }

    /** Writes {@code labels} (each in [0, 255]) as an idx1-ubyte file. */
    public static void writeLabels(int[] labels, Path file) {
        if (labels.length == 0) {
            throw new IllegalArgumentException("IDX label files need at least one label");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i
                        + " does not fit the unsigned byte of an IDX label file");
            }
        }
        try (DataOutputStream out = open(file)) {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(labels.length);
            for (int label : labels) {
                out.write(label);
            }
        } catch (IOException e) {
            throw new DatasetException("cannot write IDX labels file " + file + ": " + e, e);
        }
    }

    private static DataOutputStream open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream out = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            out = new GZIPOutputStream(out, BUFFER_BYTES);
        }
        return new DataOutputStream(new BufferedOutputStream(out, BUFFER_BYTES));
    }
}
