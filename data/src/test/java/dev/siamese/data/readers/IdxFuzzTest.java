package dev.siamese.data.readers;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.InMemoryDataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random mutations of valid IDX files (bit flips, byte overwrites, truncation, extension, header rewrites), raw and
 * gzip: the reader either reads them or throws its documented {@link DatasetException}; nothing else, no hang, and no
 * out-of-memory from a lying header.
 */
class IdxFuzzTest {
    private static final int ROUNDS = 300;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void mutatedFilesGiveDatasetExceptionOrAValidDataset() throws IOException {
        InMemoryDataset valid = SyntheticDigits.generate(20, 5, "fuzz");
        Path images = dir.resolve("images-idx3-ubyte");
        Path labels = dir.resolve("labels-idx1-ubyte");
        IdxWriter.write(valid, images, labels);
        IdxWriter.write(valid, dir.resolve("images.gz"), dir.resolve("labels.gz"));
        byte[][] originals = {Files.readAllBytes(images), Files.readAllBytes(labels),
                Files.readAllBytes(dir.resolve("images.gz")), Files.readAllBytes(dir.resolve("labels.gz"))};

        SplittableRandom random = new SplittableRandom(2024);
        int rejected = 0;
        int accepted = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int which = random.nextInt(4);
            byte[] mutated = mutate(originals[which], random);
            Path img = dir.resolve("m-images" + round);
            Path lab = dir.resolve("m-labels" + round);
            boolean mutateImages = which % 2 == 0;
            Files.write(img, mutateImages ? mutated : originals[which == 1 ? 0 : 2]);
            Files.write(lab, mutateImages ? originals[which == 0 ? 1 : 3] : mutated);
            try {
                InMemoryDataset read = IdxReader.read(img, lab, SyntheticDigits.CLASS_NAMES, "mutated");
                assertThat(read.size()).isLessThanOrEqualTo(1_000_000);
                accepted++;
            } catch (DatasetException expected) {
                assertThat(expected.getMessage()).as("round %d names the file", round)
                        .containsAnyOf(img.getFileName().toString(), lab.getFileName().toString());
                rejected++;
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("round " + round + ": undocumented " + e, e);
            }
            Files.delete(img);
            Files.delete(lab);
        }
        System.out.printf("IDX fuzz: %d mutated files, %d rejected with DatasetException, %d read as valid%n", ROUNDS, rejected, accepted);
        assertThat(rejected).isGreaterThan(ROUNDS / 3);
    }

    private static byte[] mutate(byte[] original, SplittableRandom random) {
        byte[] b = original.clone();
        switch (random.nextInt(6)) {
            case 0 -> { // flip some bits
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    int pos = random.nextInt(b.length);
                    b[pos] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> { // overwrite a header byte with an extreme value
                int pos = random.nextInt(Math.min(16, b.length));
                b[pos] = (byte) (random.nextBoolean() ? 0x7F : 0xFF);
            }
            case 2 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length)); // truncate
            case 3 -> { // extend with junk
                byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + random.nextInt(64));
                for (int i = b.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                b = longer;
            }
            case 4 -> { // a lying count: a huge big-endian int at offset 4
                if (b.length >= 8) {
                    int v = random.nextBoolean() ? Integer.MAX_VALUE : 1 << (20 + random.nextInt(11));
                    b[4] = (byte) (v >>> 24);
                    b[5] = (byte) (v >>> 16);
                    b[6] = (byte) (v >>> 8);
                    b[7] = (byte) v;
                }
            }
            default -> { // random bytes over a random range
                int from = random.nextInt(b.length);
                int to = Math.min(b.length, from + 1 + random.nextInt(32));
                for (int i = from; i < to; i++) {
                    b[i] = (byte) random.nextInt(256);
                }
            }
        }
        return b;
    }
}
