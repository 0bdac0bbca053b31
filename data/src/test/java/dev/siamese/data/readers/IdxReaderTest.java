package dev.siamese.data.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    private static final List<String> THREE_CLASSES = List.of("a", "b", "c");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"raw", "gz"})
    void roundTripKeepsPicturesLabelsAndShape(String format) {
        InMemoryDataset original = smallDataset(7, 5, 4);
        Path images = dir.resolve(name("images", format));
        Path labels = dir.resolve(name("labels", format));

        IdxWriter.write(original, images, labels);
        InMemoryDataset read = IdxReader.read(images, labels, THREE_CLASSES, "round trip");

        assertThat(read.shape()).isEqualTo(new ImageShape(5, 4, 1));
        assertThat(read.labels()).isEqualTo(original.labels());
        assertThat(read.classNames()).isEqualTo(THREE_CLASSES);
        for (int i = 0; i < original.size(); i++) {
            assertThat(read.image(i)).isEqualTo(original.image(i));
        }
    }

    @Test
    void gzipIsRecognisedByItsMagicBytesNotByName() throws IOException {
        InMemoryDataset original = smallDataset(3, 2, 2);
        Path images = dir.resolve("images.gz");
        Path labels = dir.resolve("labels.gz");
        IdxWriter.write(original, images, labels);
        Path imagesWithoutSuffix = Files.move(images, dir.resolve("compressed-images.idx3"));
        Path labelsWithoutSuffix = Files.move(labels, dir.resolve("compressed-labels.idx1"));

        InMemoryDataset read = IdxReader.read(imagesWithoutSuffix, labelsWithoutSuffix, THREE_CLASSES, "renamed");

        assertThat(read.labels()).isEqualTo(original.labels());
        assertThat(read.image(2)).isEqualTo(original.image(2));
    }

    @Test
    void pixelBytesAreScaledByTwoHundredFiftyFive() throws IOException {
        Path images = write("images", imagesHeader(1, 1, 3), new byte[] {0, (byte) 51, (byte) 255});
        Path labels = write("labels", labelsHeader(1), new byte[] {2});

        InMemoryDataset read = IdxReader.read(images, labels, THREE_CLASSES, "scaled");

        assertThat(read.image(0).pixels()).containsExactly(0f, 0.2f, 1f);
        assertThat(read.label(0)).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"raw", "gz"})
    void truncatedImagesNameTheFileAndTheMissingPictures(String format) throws IOException {
        Path images = writeAs(format, "images", imagesHeader(4, 2, 2), new byte[3 * 4 + 1]);
        Path labels = writeAs(format, "labels", labelsHeader(4), new byte[4]);

        assertThatThrownBy(() -> IdxReader.read(images, labels, THREE_CLASSES, "truncated"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("promises 4 pictures")
                .hasMessageContaining("only 3 complete ones")
                .hasMessageContaining("truncated download?");
    }

    @Test
    void truncatedRawImagesReportExpectedAndActualBytes() throws IOException {
        Path images = write("images", imagesHeader(4, 2, 2), new byte[3 * 4 + 1]);
        Path labels = write("labels", labelsHeader(4), new byte[4]);

        assertThatThrownBy(() -> IdxReader.read(images, labels, THREE_CLASSES, "truncated"))
                .hasMessageContaining("the file is 29 bytes but needs 32 bytes");
    }

    @Test
    void truncatedGzipStreamIsReportedAsTruncation() throws IOException {
        byte[] pixels = new byte[200 * 28 * 28];
        new java.util.Random(1).nextBytes(pixels);
        byte[] full = gzip(concat(imagesHeader(200, 28, 28), pixels));
        Path images = dir.resolve("cut-images.gz");
        Files.write(images, Arrays.copyOf(full, full.length / 2));
        Path labels = write("labels", labelsHeader(200), new byte[200]);

        assertThatThrownBy(() -> IdxReader.read(images, labels, THREE_CLASSES, "cut"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("promises 200 pictures")
                .hasMessageContaining("truncated download?");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"raw", "gz"})
    void truncatedLabelsNameTheFile(String format) throws IOException {
        Path images = writeAs(format, "images", imagesHeader(4, 1, 1), new byte[4]);
        Path labels = writeAs(format, "labels", labelsHeader(4), new byte[2]);

        assertThatThrownBy(() -> IdxReader.read(images, labels, THREE_CLASSES, "truncated"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("promises 4 labels but it holds only 2")
                .hasMessageContaining("truncated download?");
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path images = write("images", new byte[] {0, 0, 8, 3, 0, 0});
        Path labels = write("labels", labelsHeader(1), new byte[1]);

        assertThatThrownBy(() -> IdxReader.read(images, labels, THREE_CLASSES, "short"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("ends inside its header")
                .hasMessageContaining("picture count");
    }

    @Test
    void wrongImagesMagicIsRejected() throws IOException {
        byte[] header = imagesHeader(1, 1, 1);
        header[2] = 0x0d; // idx3 of floats instead of unsigned bytes
        Path images = write("images", header, new byte[4]);
        Path labels = write("labels", labelsHeader(1), new byte[1]);

        assertThatThrownBy(() -> IdxReader.read(images, labels, THREE_CLASSES, "magic"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("magic number 0x00000d03, expected 0x00000803");
    }

    @Test
    void swappedImageAndLabelFilesAreRecognised() throws IOException {
        Path images = write("images", imagesHeader(1, 1, 1), new byte[1]);
        Path labels = write("labels", labelsHeader(1), new byte[1]);

        assertThatThrownBy(() -> IdxReader.read(labels, images, THREE_CLASSES, "swapped"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("expected 0x00000801")
                .hasMessageContaining("swapped?");
    }

    @Test
    void differentPictureAndLabelCountsAreRejected() throws IOException {
        Path images = write("images", imagesHeader(3, 1, 1), new byte[3]);
        Path labels = write("labels", labelsHeader(2), new byte[2]);

        assertThatThrownBy(() -> IdxReader.read(images, labels, THREE_CLASSES, "mismatch"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("holds 3 pictures")
                .hasMessageContaining("holds 2 labels")
                .hasMessageContaining(images.toString())
                .hasMessageContaining(labels.toString());
    }

    @Test
    void labelsOutsideTheClassListAreRejected() throws IOException {
        Path images = write("images", imagesHeader(2, 1, 1), new byte[2]);
        Path labels = write("labels", labelsHeader(2), new byte[] {1, 7});

        assertThatThrownBy(() -> IdxReader.read(images, labels, THREE_CLASSES, "labels"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("label 7 of record 1 is outside the 3 classes");
    }

    @Test
    void implausibleDimensionsAreRejected() throws IOException {
        Path images = write("images", imagesHeader(1, 5000, 1), new byte[5000]);
        Path labels = write("labels", labelsHeader(1), new byte[1]);

        assertThatThrownBy(() -> IdxReader.read(images, labels, THREE_CLASSES, "huge"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("declares 5000 rows; expected 1 to 4096");
    }

    // 2^20 pictures of 28x28 would be 3.3 GB of floats, beyond the 2 GiB test heap: allocating them up front fails.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"raw", "gz"})
    void lyingPictureCountFailsWithoutAllocatingWhatItPromises(String format) throws IOException {
        int promised = 1 << 20;
        Path images = writeAs(format, "images", imagesHeader(promised, 28, 28), new byte[3 * 784]);

        assertThatThrownBy(() -> IdxReader.readPictures(images))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("promises " + promised + " pictures but it holds only 3 complete ones")
                .hasMessageContaining("truncated download?");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"raw", "gz"})
    void lyingLabelCountFailsWithoutAllocatingWhatItPromises(String format) throws IOException {
        int promised = (1 << 30) + 3;
        Path labels = writeAs(format, "labels", labelsHeader(promised), new byte[10]);

        assertThatThrownBy(() -> IdxReader.readLabels(labels, 3))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("promises " + promised + " labels but it holds only 10")
                .hasMessageContaining("truncated download?");
    }

    @Test
    void headerCountBeyondAnyArrayIsRejectedAsCorrupt() throws IOException {
        Path images = writeGz("images", imagesHeader(Integer.MAX_VALUE, 28, 28), new byte[784]);

        assertThatThrownBy(() -> IdxReader.readPictures(images))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("promises " + Integer.MAX_VALUE + " pictures")
                .hasMessageContaining("is the header corrupt?");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"raw", "gz"})
    void trailingBytesAreRejected(String format) throws IOException {
        Path images = writeAs(format, "images", imagesHeader(2, 1, 1), new byte[3]);
        Path labels = writeAs(format, "labels", labelsHeader(2), new byte[2]);

        assertThatThrownBy(() -> IdxReader.read(images, labels, THREE_CLASSES, "trailing"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("has 1 bytes after the 2 pictures");
    }

    @Test
    void missingFileIsNamed() {
        Path images = dir.resolve("absent-images");

        assertThatThrownBy(() -> IdxReader.read(images, images, THREE_CLASSES, "absent"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images + " does not exist");
    }

    @Test
    void negativeHeaderCountIsRejected() throws IOException {
        Path labels = write("labels", labelsHeader(-5), new byte[1]);

        assertThatThrownBy(() -> IdxReader.readLabels(labels, 3))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("label count " + Integer.toUnsignedString(-5));
    }

    private static InMemoryDataset smallDataset(int count, int rows, int columns) {
        ImageShape shape = new ImageShape(rows, columns, 1);
        float[] pixels = new float[count * shape.length()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = ((i * 37) % 256) / 255f;
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 3;
        }
        return new InMemoryDataset("small", shape, pixels, labels, THREE_CLASSES);
    }

    private static String name(String base, String format) {
        return base + (format.equals("gz") ? ".gz" : "");
    }

    private static byte[] imagesHeader(int count, int rows, int columns) {
        return ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(columns)
                .array();
    }

    private static byte[] labelsHeader(int count) {
        return ByteBuffer.allocate(8).putInt(IdxReader.LABELS_MAGIC).putInt(count).array();
    }

    private Path writeAs(String format, String name, byte[]... parts) throws IOException {
        return format.equals("gz") ? writeGz(name, parts) : write(name, parts);
    }

    private Path write(String name, byte[]... parts) throws IOException {
        return Files.write(dir.resolve(name), concat(parts));
    }

    private Path writeGz(String name, byte[]... parts) throws IOException {
        return Files.write(dir.resolve(name + ".gz"), gzip(concat(parts)));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
