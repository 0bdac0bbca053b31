package dev.siamese.search.hashes;

import dev.siamese.api.image.Image;
import dev.siamese.api.internal.Resampling;

import java.util.Arrays;

/**
 * The DCT hash (pHash): the picture is reduced to 32x32 grey cells by area averaging, transformed by an
 * orthonormal 2-D DCT-II, and of the 8x8 lowest frequencies without the DC term (63 coefficients) bit
 * {@code 8 * u + v} (vertical frequency {@code u}, horizontal {@code v}, from the least significant bit) is set
 * when the coefficient is above their median. Bit 0 (the DC term) is always clear. The most robust of the three
 * baselines to scaling, blur and compression. Thread-safe.
 */
public final class DctHash implements PerceptualHash {
    static final int SIZE = 32;
    private static final double[][] COS = cosines(SIZE);

    /** The DCT hash; it has no settings. */
    public DctHash() {
    }

    @Override
    public String name() {
        return "phash";
    }

    @Override
    public long hash(Image image) {
        double[] coefficients = dct(Resampling.greyPlane(image, SIZE, SIZE));
        double[] low = new double[63];
        for (int i = 1; i < 64; i++) {
            low[i - 1] = coefficients[(i / 8) * SIZE + i % 8];
        }
        double[] sorted = low.clone();
        Arrays.sort(sorted);
        double median = sorted[31];
        long hash = 0;
        for (int i = 1; i < 64; i++) {
            if (low[i - 1] > median) {
                hash |= 1L << i;
            }
        }
        return hash;
    }

    /**
     * The orthonormal 2-D DCT-II of a {@code 32 x 32} plane (row by row), computed separably:
     * {@code X[u][v] = a(u) a(v) sum_y sum_x f[y][x] cos((2y+1) u pi / 64) cos((2x+1) v pi / 64)}, with
     * {@code a(0) = sqrt(1/32)} and {@code a(k) = sqrt(2/32)} otherwise.
     */
    static double[] dct(double[] plane) {
        int n = SIZE;
        if (plane.length != n * n) {
            throw new IllegalArgumentException("the DCT takes " + n * n + " values, got " + plane.length);
        }
        double[] rows = new double[n * n];
        for (int y = 0; y < n; y++) {
            for (int v = 0; v < n; v++) {
                double sum = 0;
                for (int x = 0; x < n; x++) {
                    sum += plane[y * n + x] * COS[v][x];
                }
                rows[y * n + v] = sum;
            }
        }
        double[] out = new double[n * n];
        for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
                double sum = 0;
                for (int y = 0; y < n; y++) {
                    sum += rows[y * n + v] * COS[u][y];
                }
                out[u * n + v] = sum;
            }
        }
        return out;
    }

    /** cos[k][x] = a(k) cos((2x+1) k pi / 2n), the orthonormal DCT-II basis. */
    private static double[][] cosines(int n) {
        double[][] cos = new double[n][n];
        for (int k = 0; k < n; k++) {
            double a = Math.sqrt((k == 0 ? 1.0 : 2.0) / n);
            for (int x = 0; x < n; x++) {
                cos[k][x] = a * Math.cos((2 * x + 1) * k * Math.PI / (2.0 * n));
            }
        }
        return cos;
    }
}
