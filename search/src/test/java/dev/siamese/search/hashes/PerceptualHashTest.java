package dev.siamese.search.hashes;

import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PerceptualHashTest {
    private static final List<PerceptualHash> HASHES = List.of(new AverageHash(), new DifferenceHash(), new DctHash());

    /** A smooth, left-right asymmetric picture: a horizontal ramp, waves down the rows and a bright blob at the left. */
    static Image scene(int height, int width, int channels, double brightness, double offset) {
        float[] pixels = new float[height * width * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = x / (width - 1.0);
                double v = y / (height - 1.0);
                double value = 0.15 + 0.45 * u * (0.6 + 0.4 * Math.sin(7 * v))
                        + 0.25 * Math.exp(-((u - 0.2) * (u - 0.2) + (v - 0.4) * (v - 0.4)) / 0.02);
                value = value * brightness + offset;
                for (int c = 0; c < channels; c++) {
                    pixels[(y * width + x) * channels + c] = (float) Math.min(1, Math.max(0, value * (1 - 0.05 * c)));
                }
            }
        }
        return new Image(new ImageShape(height, width, channels), pixels);
    }

    static Image mirrored(Image image) {
        ImageShape s = image.shape();
        float[] pixels = new float[s.length()];
        for (int y = 0; y < s.height(); y++) {
            for (int x = 0; x < s.width(); x++) {
                for (int c = 0; c < s.channels(); c++) {
                    pixels[(y * s.width() + x) * s.channels() + c] = image.get(y, s.width() - 1 - x, c);
                }
            }
        }
        return new Image(s, pixels);
    }

    @Test
    void identicalPicturesHaveDistanceZero() {
        for (PerceptualHash hash : HASHES) {
            assertThat(hash.distance(hash.hash(scene(64, 64, 3, 1, 0)), hash.hash(scene(64, 64, 3, 1, 0))))
                    .as(hash.name()).isZero();
        }
    }

    @Test
    void aSmallBrightnessChangeBarelyMovesAnyHash() {
        Image original = scene(64, 64, 1, 1, 0);
        for (PerceptualHash hash : HASHES) {
            long h = hash.hash(original);
            assertThat(hash.distance(h, hash.hash(scene(64, 64, 1, 1, 0.05)))).as(hash.name() + " brighter").isLessThanOrEqualTo(2);
            assertThat(hash.distance(h, hash.hash(scene(64, 64, 1, 0.9, 0)))).as(hash.name() + " less contrast").isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aMirroredPictureIsFarAway() {
        Image original = scene(64, 64, 3, 1, 0);
        Image mirror = mirrored(original);
        for (PerceptualHash hash : HASHES) {
            assertThat(hash.distance(hash.hash(original), hash.hash(mirror))).as(hash.name()).isGreaterThanOrEqualTo(12);
        }
    }

    @Test
    void averageHashSetsTheBitsOfCellsBrighterThanTheMean() {
        // 8x8, left half white: every row reads 1111 0000 from column 0, i.e. the low nibble of each byte
        float[] leftWhite = new float[64];
        for (int i = 0; i < 64; i++) {
            leftWhite[i] = i % 8 < 4 ? 1f : 0f;
        }
        assertThat(new AverageHash().hash(new Image(new ImageShape(8, 8, 1), leftWhite))).isEqualTo(0x0F0F0F0F0F0F0F0FL);
        // 16x16, top half bright: area averaging gives rows 0-3 bright, bits 0-31
        float[] topBright = new float[256];
        for (int i = 0; i < 256; i++) {
            topBright[i] = i / 16 < 8 ? 0.8f : 0.2f;
        }
        assertThat(new AverageHash().hash(new Image(new ImageShape(16, 16, 1), topBright))).isEqualTo(0x00000000FFFFFFFFL);
    }

    @Test
    void differenceHashSetsABitWhereTheRightNeighbourIsBrighter() {
        float[] ramp = new float[8 * 9];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (i % 9) / 8f;
        }
        assertThat(new DifferenceHash().hash(new Image(new ImageShape(8, 9, 1), ramp))).isEqualTo(-1L);
    }

    @Test
    void dctMatchesTheNaiveDoubleSum() {
        Random random = new Random(7);
        double[] plane = new double[32 * 32];
        for (int i = 0; i < plane.length; i++) {
            plane[i] = random.nextDouble();
        }
        double[] fast = DctHash.dct(plane);
        for (int u = 0; u < 32; u += 3) {
            for (int v = 0; v < 32; v += 5) {
                double sum = 0;
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        sum += plane[y * 32 + x] * Math.cos((2 * y + 1) * u * Math.PI / 64) * Math.cos((2 * x + 1) * v * Math.PI / 64);
                    }
                }
                double scale = Math.sqrt((u == 0 ? 1.0 : 2.0) / 32) * Math.sqrt((v == 0 ? 1.0 : 2.0) / 32);
                assertThat(fast[u * 32 + v]).as("X[%d][%d]", u, v).isCloseTo(scale * sum, within(1e-9));
            }
        }
    }

    @Test
    void dctHashLeavesTheDcBitClearAndSetsAboutHalfTheOthers() {
        long h = new DctHash().hash(scene(48, 40, 3, 1, 0));
        assertThat(h & 1L).isZero();
        assertThat(Long.bitCount(h)).isEqualTo(31);
    }

    @Test
    void hashesAreFoundByName() {
        assertThat(PerceptualHash.named("pHash")).isInstanceOf(DctHash.class);
        assertThat(PerceptualHash.named("ahash")).isInstanceOf(AverageHash.class);
        assertThat(PerceptualHash.named("dhash")).isInstanceOf(DifferenceHash.class);
        assertThatThrownBy(() -> PerceptualHash.named("md5")).hasMessageContaining("ahash, dhash or phash");
    }
}
