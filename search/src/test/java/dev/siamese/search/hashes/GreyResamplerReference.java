package dev.siamese.search.hashes;

import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;

/**
 * {@code GreyResampler} as it was before the resampling moved to {@code dev.siamese.api.internal.Resampling}, kept
 * verbatim so that {@link GreyResamplerSameAsBeforeTest} can check the new code gives the same values.
 */
final class GreyResamplerReference {

    private GreyResamplerReference() {
    }

    /**
     * The picture as {@code height x width} grey values (row by row). Each output cell is the mean of the source
     * pixels it covers, weighted by the covered area; this is plain area averaging when the picture shrinks and
     * nearest-neighbour-like replication when it grows.
     */
    static double[] grey(Image image, int width, int height) {
        ImageShape shape = image.shape();
        int w = shape.width();
        int h = shape.height();
        float[] pixels = image.pixels();
        double[] source = new double[w * h];
        if (shape.channels() == 1) {
            for (int i = 0; i < source.length; i++) {
                source[i] = pixels[i];
            }
        } else {
            for (int i = 0; i < source.length; i++) {
                source[i] = 0.299 * pixels[3 * i] + 0.587 * pixels[3 * i + 1] + 0.114 * pixels[3 * i + 2];
            }
        }
        if (w == width && h == height) {
            return source;
        }
        double[][] wx = weights(w, width);
        double[][] wy = weights(h, height);
        double[] rows = new double[h * width];
        for (int y = 0; y < h; y++) {
            for (int ox = 0; ox < width; ox++) {
                double sum = 0;
                for (int x = 0; x < w; x++) {
                    double weight = wx[ox][x];
                    if (weight != 0) {
                        sum += weight * source[y * w + x];
                    }
                }
                rows[y * width + ox] = sum;
            }
        }
        double[] out = new double[height * width];
        for (int oy = 0; oy < height; oy++) {
            for (int y = 0; y < h; y++) {
                double weight = wy[oy][y];
                if (weight != 0) {
                    for (int ox = 0; ox < width; ox++) {
                        out[oy * width + ox] += weight * rows[y * width + ox];
                    }
                }
            }
        }
        return out;
    }

    /** weights[o][i]: the share of output cell {@code o} covered by source cell {@code i}; each row sums to 1. */
    private static double[][] weights(int in, int out) {
        double[][] weights = new double[out][in];
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double start = o * scale;
            double end = (o + 1) * scale;
            for (int i = (int) Math.floor(start); i < Math.min(in, (int) Math.ceil(end)); i++) {
                double overlap = Math.min(end, i + 1) - Math.max(start, i);
                if (overlap > 0) {
                    weights[o][i] = overlap / scale;
                }
            }
        }
        return weights;
    }
}
