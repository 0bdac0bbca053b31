package dev.siamese.search.hashes;

import dev.siamese.api.image.Image;
import dev.siamese.api.internal.Resampling;

/**
 * The average hash (aHash), the simplest perceptual hash: the picture is reduced to 8x8 grey cells by area
 * averaging, and bit {@code 8 * row + column} (counting from the least significant bit) is set when that cell is
 * brighter than the mean of all 64 cells. Robust to brightness and contrast changes, weak against crops and
 * mirroring. Thread-safe.
 */
public final class AverageHash implements PerceptualHash {

    /** The average hash; it has no settings. */
    public AverageHash() {
    }

    @Override
    public String name() {
        return "ahash";
    }

    @Override
    public long hash(Image image) {
        double[] cells = Resampling.greyPlane(image, 8, 8);
        double mean = 0;
        for (double v : cells) {
            mean += v;
        }
        mean /= cells.length;
        long hash = 0;
        for (int i = 0; i < 64; i++) {
            if (cells[i] > mean) {
                hash |= 1L << i;
            }
        }
        return hash;
    }
}
