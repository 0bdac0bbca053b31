package dev.siamese.search.hashes;

import dev.siamese.api.image.Image;
import dev.siamese.api.internal.Resampling;

/**
 * The difference hash (dHash): the picture is reduced to 9 columns by 8 rows of grey cells by area averaging, and
 * bit {@code 8 * row + column} (from the least significant bit) is set when a cell is darker than its right-hand
 * neighbour. It encodes horizontal gradients, so it ignores uniform brightness changes. Thread-safe.
 */
public final class DifferenceHash implements PerceptualHash {

    /** The difference hash; it has no settings. */
    public DifferenceHash() {
    }

    @Override
    public String name() {
        return "dhash";
    }

    @Override
    public long hash(Image image) {
        double[] cells = Resampling.greyPlane(image, 9, 8);
        long hash = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                if (cells[y * 9 + x] < cells[y * 9 + x + 1]) {
                    hash |= 1L << (y * 8 + x);
                }
            }
        }
        return hash;
    }
}
