package dev.siamese.data.readers;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random mutations of a valid CIFAR-10 binary release (bit flips, label bytes, truncation, extension, meta-file damage):
 * the reader either reads it or throws its documented {@link DatasetException} naming the damaged file.
 */
class Cifar10FuzzTest {
    private static final int ROUNDS = 200;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void mutatedReleasesGiveDatasetExceptionOrAValidDataset() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        ImageShape shape = Cifar10BinaryReader.SHAPE;
        float[] pixels = new float[30 * shape.length()];
        int[] labels = new int[30];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256) / 255f;
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        InMemoryDataset data = new InMemoryDataset("fuzz", shape, pixels, labels, Cifar10BinaryReader.CLASS_NAMES);
        Path valid = dir.resolve("valid");
        Cifar10BinaryWriter.writeRelease(data, data.head(10), valid);
        String[] files = {Cifar10BinaryReader.TRAIN_FILES.get(0), Cifar10BinaryReader.TRAIN_FILES.get(4),
                Cifar10BinaryReader.TEST_FILE, Cifar10BinaryReader.META_FILE};

        int rejected = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path copy = dir.resolve("round-" + round);
            Files.createDirectories(copy);
            try (var list = Files.list(valid)) {
                for (Path f : list.toList()) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
            String target = files[random.nextInt(files.length)];
            Path file = copy.resolve(target);
            Files.write(file, mutate(Files.readAllBytes(file), random));
            try {
                DatasetSplits read = Cifar10BinaryReader.read(copy);
                assertThat(read.train().size() + read.test().size()).isPositive();
            } catch (DatasetException expected) {
                assertThat(expected.getMessage()).as("round %d names the file", round).contains(target);
                rejected++;
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("round " + round + " (" + target + "): undocumented " + e, e);
            }
        }
        System.out.printf("CIFAR-10 fuzz: %d mutated releases, %d rejected with DatasetException%n", ROUNDS, rejected);
        assertThat(rejected).isGreaterThan(ROUNDS / 4);
    }

    private static byte[] mutate(byte[] original, SplittableRandom random) {
        byte[] b = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> b = Arrays.copyOf(b, random.nextInt(Math.max(1, b.length))); // truncate
            case 1 -> b = Arrays.copyOf(b, b.length + 1 + random.nextInt(3100)); // extend
            case 2 -> { // a label byte out of range
                if (b.length >= Cifar10BinaryReader.RECORD_BYTES) {
                    b[random.nextInt(b.length / Cifar10BinaryReader.RECORD_BYTES) * Cifar10BinaryReader.RECORD_BYTES] =
                            (byte) (10 + random.nextInt(246));
                }
            }
            case 3 -> { // flip bits anywhere
                for (int i = 0, n = 1 + random.nextInt(16); i < n && b.length > 0; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            default -> b = new byte[0]; // empty file
        }
        return b;
    }
}
