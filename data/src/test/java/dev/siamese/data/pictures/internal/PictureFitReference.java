package dev.siamese.data.pictures.internal;

import dev.siamese.api.image.ImageShape;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code PictureDecoder.fit} as it was before the resampling moved to {@code dev.siamese.api.internal.Resampling}, kept
 * verbatim so that {@link PictureFitSameAsBeforeTest} can check the new code gives the same bytes.
 */
final class PictureFitReference {
    private PictureFitReference() {
    }

    /** Resamples {@code image} to {@code target} and stores it as rounded 8-bit values. */
    static void fit(BufferedImage image, ImageShape target, byte[] out, int offset) {
        int width = image.getWidth();
        int height = image.getHeight();
        boolean grey = isGrey(image.getColorModel());
        int channels = grey ? 1 : 3;
        Axis columns = Axis.of(width, target.width());
        Axis rows = Axis.of(height, target.height());
        float[] acc = new float[target.height() * target.width() * channels];
        float[] row = new float[target.width() * channels];
        int[] argb = grey ? null : new int[width];
        int[] samples = grey ? new int[width] : null;
        Raster raster = grey ? image.getRaster() : null;
        float greyScale = grey ? 255f / ((1 << image.getColorModel().getComponentSize(0)) - 1) : 1f;
        for (int y = 0; y < height; y++) {
            int[] targets = rows.targetsOf[y];
            if (targets.length == 0) {
                continue;
            }
            java.util.Arrays.fill(row, 0f);
            if (grey) {
                raster.getSamples(0, y, width, 1, 0, samples);
                for (int ox = 0; ox < target.width(); ox++) {
                    float sum = 0;
                    int[] src = columns.sources[ox];
                    float[] w = columns.weights[ox];
                    for (int k = 0; k < src.length; k++) {
                        sum += w[k] * samples[src[k]];
                    }
                    row[ox] = sum * greyScale;
                }
            } else {
                image.getRGB(0, y, width, 1, argb, 0, width);
                for (int ox = 0; ox < target.width(); ox++) {
                    float r = 0;
                    float g = 0;
                    float b = 0;
                    int[] src = columns.sources[ox];
                    float[] w = columns.weights[ox];
                    for (int k = 0; k < src.length; k++) {
                        int p = argb[src[k]];
                        r += w[k] * ((p >> 16) & 0xff);
                        g += w[k] * ((p >> 8) & 0xff);
                        b += w[k] * (p & 0xff);
                    }
                    row[ox * 3] = r;
                    row[ox * 3 + 1] = g;
                    row[ox * 3 + 2] = b;
                }
            }
            float[] targetWeights = rows.targetWeightsOf[y];
            for (int k = 0; k < targets.length; k++) {
                int base = targets[k] * row.length;
                float w = targetWeights[k];
                for (int i = 0; i < row.length; i++) {
                    acc[base + i] += w * row[i];
                }
            }
        }
        int pixels = target.height() * target.width();
        if (channels == target.channels()) {
            for (int i = 0; i < acc.length; i++) {
                out[offset + i] = toByte(acc[i]);
            }
        } else if (channels == 3) {
            for (int p = 0; p < pixels; p++) {
                out[offset + p] = toByte(luminance(acc[p * 3], acc[p * 3 + 1], acc[p * 3 + 2]));
            }
        } else {
            for (int p = 0; p < pixels; p++) {
                byte v = toByte(acc[p]);
                out[offset + p * 3] = v;
                out[offset + p * 3 + 1] = v;
                out[offset + p * 3 + 2] = v;
            }
        }
    }

    /** ITU-R BT.601 luma, the weights MATLAB's {@code rgb2gray} uses. */
    static float luminance(float r, float g, float b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }

    private static boolean isGrey(ColorModel model) {
        // getRGB would convert linear grey to sRGB and brighten it; read such samples as they are stored
        return model.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(model instanceof IndexColorModel)
                && model.getComponentSize(0) <= 16;
    }

    private static byte toByte(float value) {
        int v = Math.round(value);
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /** The sparse weights that map one source axis onto one target axis, both ways round. */
    private static final class Axis {
        final int[][] sources;
        final float[][] weights;
        final int[][] targetsOf;
        final float[][] targetWeightsOf;

        private Axis(int[][] sources, float[][] weights, int sourceLength) {
            this.sources = sources;
            this.weights = weights;
            int[] counts = new int[sourceLength];
            for (int[] s : sources) {
                for (int i : s) {
                    counts[i]++;
                }
            }
            targetsOf = new int[sourceLength][];
            targetWeightsOf = new float[sourceLength][];
            for (int i = 0; i < sourceLength; i++) {
                targetsOf[i] = new int[counts[i]];
                targetWeightsOf[i] = new float[counts[i]];
                counts[i] = 0;
            }
            for (int o = 0; o < sources.length; o++) {
                for (int k = 0; k < sources[o].length; k++) {
                    int i = sources[o][k];
                    targetsOf[i][counts[i]] = o;
                    targetWeightsOf[i][counts[i]] = weights[o][k];
                    counts[i]++;
                }
            }
        }

        static Axis of(int in, int out) {
            int[][] sources = new int[out][];
            float[][] weights = new float[out][];
            if (in > out) {
                double scale = (double) in / out;
                for (int o = 0; o < out; o++) {
                    double start = o * scale;
                    double end = (o + 1) * scale;
                    int first = (int) Math.floor(start);
                    int last = Math.min(in - 1, (int) Math.ceil(end) - 1);
                    List<Integer> s = new ArrayList<>();
                    List<Double> w = new ArrayList<>();
                    for (int i = first; i <= last; i++) {
                        double overlap = Math.min(end, i + 1) - Math.max(start, i);
                        if (overlap > 1e-12) {
                            s.add(i);
                            w.add(overlap / scale);
                        }
                    }
                    sources[o] = s.stream().mapToInt(Integer::intValue).toArray();
                    weights[o] = new float[w.size()];
                    for (int k = 0; k < w.size(); k++) {
                        weights[o][k] = w.get(k).floatValue();
                    }
                }
            } else if (in == out) {
                for (int o = 0; o < out; o++) {
                    sources[o] = new int[] {o};
                    weights[o] = new float[] {1f};
                }
            } else {
                double scale = (double) in / out;
                for (int o = 0; o < out; o++) {
                    double x = Math.max(0, Math.min(in - 1, (o + 0.5) * scale - 0.5));
                    int i0 = (int) Math.floor(x);
                    int i1 = Math.min(i0 + 1, in - 1);
                    float f = (float) (x - i0);
                    if (i1 == i0 || f == 0f) {
                        sources[o] = new int[] {i0};
                        weights[o] = new float[] {1f};
                    } else {
                        sources[o] = new int[] {i0, i1};
                        weights[o] = new float[] {1f - f, f};
                    }
                }
            }
            return new Axis(sources, weights, in);
        }
    }
}
