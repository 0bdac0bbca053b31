package dev.siamese.data.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.InMemoryDataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class Cifar10BinaryReaderTest {

    @TempDir
    Path dir;

    @Test
    void roundTripThroughTheOfficialLayout() {
        InMemoryDataset train = randomPictures(23, 1L);
        InMemoryDataset test = randomPictures(7, 2L);
        Cifar10BinaryWriter.writeRelease(train, test, dir);

        DatasetSplits read = Cifar10BinaryReader.read(dir);

        assertThat(read.shape()).isEqualTo(Cifar10BinaryReader.SHAPE);
        assertThat(read.train().classNames()).isEqualTo(Cifar10BinaryReader.CLASS_NAMES);
        assertThat(read.train().labels()).isEqualTo(train.labels());
        assertThat(read.test().labels()).isEqualTo(test.labels());
        for (int i = 0; i < train.size(); i++) {
            assertThat(read.train().image(i)).isEqualTo(train.image(i));
        }
        assertThat(read.test().image(6)).isEqualTo(test.image(6));
    }

    @Test
    void redGreenAndBluePlanesBecomeChannelsLast() throws IOException {
        Cifar10BinaryWriter.writeRelease(randomPictures(5, 3L), randomPictures(1, 4L), dir);
        byte[] record = new byte[Cifar10BinaryReader.RECORD_BYTES];
        record[0] = 7;
        record[1 + 5 * 32 + 9] = (byte) 255;           // red at row 5, column 9
        record[1 + 1024 + 31 * 32 + 0] = (byte) 51;    // green at row 31, column 0
        record[1 + 2048 + 0 * 32 + 31] = (byte) 102;   // blue at row 0, column 31
        Files.write(dir.resolve("test_batch.bin"), record);

        dev.siamese.api.image.LabeledDataset test = Cifar10BinaryReader.read(dir).test();

        assertThat(test.label(0)).isEqualTo(7);
        assertThat(test.image(0).get(5, 9, 0)).isEqualTo(1f);
        assertThat(test.image(0).get(5, 9, 1)).isEqualTo(0f);
        assertThat(test.image(0).get(31, 0, 1)).isEqualTo(51 / 255f);
        assertThat(test.image(0).get(0, 31, 2)).isEqualTo(102 / 255f);
        assertThat(test.image(0).get(0, 31, 0)).isEqualTo(0f);
    }

    @Test
    void batchOfTheWrongSizeIsRejectedWithItsSize() throws IOException {
        Cifar10BinaryWriter.writeRelease(randomPictures(15, 1L), randomPictures(2, 2L), dir);
        Path batch = dir.resolve("data_batch_3.bin");
        byte[] bytes = Files.readAllBytes(batch);
        Files.write(batch, Arrays.copyOf(bytes, bytes.length - 1));

        assertThatThrownBy(() -> Cifar10BinaryReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("CIFAR-10 batch data_batch_3.bin is 9,218 bytes; expected a multiple of 3,073"
                        + " (truncated download?)");
    }

    @Test
    void labelOutsideTheClassesNamesTheFileRecordAndValue() throws IOException {
        Cifar10BinaryWriter.writeRelease(randomPictures(5, 1L), randomPictures(3, 2L), dir);
        Path batch = dir.resolve("test_batch.bin");
        byte[] bytes = Files.readAllBytes(batch);
        bytes[Cifar10BinaryReader.RECORD_BYTES] = 10;
        Files.write(batch, bytes);

        assertThatThrownBy(() -> Cifar10BinaryReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("CIFAR-10 batch test_batch.bin: record 1 has label 10, outside 0..9");
    }

    @Test
    void missingFilesAreNamedWithTheFolderAndTheExpectedNames() throws IOException {
        Cifar10BinaryWriter.writeRelease(randomPictures(5, 1L), randomPictures(3, 2L), dir);
        Files.delete(dir.resolve("data_batch_2.bin"));
        Files.delete(dir.resolve("batches.meta.txt"));

        assertThatThrownBy(() -> Cifar10BinaryReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("CIFAR-10 folder " + dir + " lacks data_batch_2.bin, batches.meta.txt")
                .hasMessageContaining("it needs data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin,"
                        + " data_batch_5.bin, test_batch.bin, batches.meta.txt")
                .hasMessageContaining("cifar-10-binary.tar.gz");
    }

    @Test
    void missingFolderIsNamed() {
        assertThatThrownBy(() -> Cifar10BinaryReader.read(dir.resolve("absent")))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("CIFAR-10 folder " + dir.resolve("absent") + " does not exist");
    }

    @Test
    void classNamesFileWithTheWrongNumberOfNamesIsRejected() throws IOException {
        Cifar10BinaryWriter.writeRelease(randomPictures(5, 1L), randomPictures(3, 2L), dir);
        Files.writeString(dir.resolve("batches.meta.txt"), "airplane\nautomobile\nbird\n\n");

        assertThatThrownBy(() -> Cifar10BinaryReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("batches.meta.txt names 3 classes; expected 10");
    }

    @Test
    void theFolderAboveTheUnpackedReleaseIsAcceptedToo() {
        Cifar10BinaryWriter.writeRelease(randomPictures(5, 1L), randomPictures(3, 2L),
                dir.resolve(Cifar10BinaryReader.RELEASE_FOLDER));

        assertThat(Cifar10BinaryReader.read(dir).test().size()).isEqualTo(3);
    }

    /** Pictures with 8-bit values, so that writing and reading them is exact; labels 0-9. */
    public static InMemoryDataset randomPictures(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[count * Cifar10BinaryReader.SHAPE.length()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256) / 255f;
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(10);
        }
        return new InMemoryDataset("random", Cifar10BinaryReader.SHAPE, pixels, labels,
                List.copyOf(Cifar10BinaryReader.CLASS_NAMES));
    }
}
