package dev.siamese.api.internal;

import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;

import java.util.ArrayList;
import java.util.List;

/**
 * Resizes pictures held as arrays: the one home of resampling for the siamese modules (exported to them only). It lives
 * in {@code api} because {@code api}'s test-time augmentation ({@code EmbeddingViews}) needs it and {@code api} may call
 * nothing but the JDK; {@code data}'s decoder reads a {@code BufferedImage} row by row into {@link #separable}.
 *
 * <p>Two ideas, each written once:
 * <ul>
 *   <li><b>separable resampling</b>: each output pixel is a weighted sum of source pixels, one axis after the other;
 *       the weights of an axis say which idea is used: an <em>area average</em> (every source pixel counts in
 *       proportion to how much of the output pixel it covers) or a <em>bilinear</em> sample with pixel centres
 *       aligned (two neighbours). The named modes keep the exact arithmetic each caller has always had, so that no
 *       picture, hash or trained weight changes:
 *       <ul>
 *         <li>{@link #fitAxis} (float): area average where the side shrinks, copy where it stays, bilinear where it
 *             grows; the decoder's fit of a picture to the model's input;</li>
 *         <li>{@link #centreCrop} (float): the centre of each side enlarged back to the full size bilinearly; the
 *             views of test-time augmentation;</li>
 *         <li>{@link #greyPlane} (double): luminance first, then an area average both ways (which replicates where
 *             it grows); the grey plane the perceptual hashes start from.</li>
 *       </ul></li>
 *   <li><b>a turned window</b> ({@link #warp}): the augmentation's random crop, turned by an angle and sampled
 *       bilinearly back onto the picture's size with black beyond the edges; not separable, so not a mode of the
 *       above.</li>
 * </ul>
 */
public final class Resampling {
    /** The area average of {@link #fitAxis} ignores overlaps this small (rounding in the cell edges). */
    private static final double FIT_MIN_OVERLAP = 1e-12;

    private Resampling() {
    }

    /** Reads one source row into {@code row}: {@code width x channels} values, channels interleaved. */
    @FunctionalInterface
    public interface RowReader {
        void read(int y, float[] row);
    }

    /**
     * The weights that map one source axis onto one target axis in float, both ways round: for each target pixel the
     * source pixels it reads, in increasing order, and their weights; for each source pixel the target pixels it
     * feeds.
     */
    public static final class FloatAxis {
        private final int[][] sources;
        private final float[][] weights;
        private final int[][] targetsOf;
        private final float[][] targetWeightsOf;
        /** Whether each entry of {@link #targetsOf} is its target's first source (the sum starts there). */
        private final boolean[][] firstOf;

        private FloatAxis(int[][] sources, float[][] weights, int sourceLength) {
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
            firstOf = new boolean[sourceLength][];
            for (int i = 0; i < sourceLength; i++) {
                targetsOf[i] = new int[counts[i]];
                targetWeightsOf[i] = new float[counts[i]];
                firstOf[i] = new boolean[counts[i]];
                counts[i] = 0;
            }
            for (int o = 0; o < sources.length; o++) {
                for (int k = 0; k < sources[o].length; k++) {
                    int i = sources[o][k];
                    targetsOf[i][counts[i]] = o;
                    targetWeightsOf[i][counts[i]] = weights[o][k];
                    firstOf[i][counts[i]] = k == 0;
                    counts[i]++;
                }
            }
        }

        /** Number of target pixels. */
        public int length() {
            return sources.length;
        }
    }

    /**
     * The decoder's axis from {@code in} source pixels to {@code out}: an area average where it shrinks (float weights
     * of double overlaps), a copy where it keeps its size, bilinear with pixel centres aligned where it grows (one
     * source where a target centre falls on one).
     */
    public static FloatAxis fitAxis(int in, int out) {
        int[][] sources = new int[out][];
        float[][] weights = new float[out][];
        if (in > out) {
            double[][] area = areaWeights(in, out, FIT_MIN_OVERLAP, sources);
            for (int o = 0; o < out; o++) {
                weights[o] = new float[area[o].length];
                for (int k = 0; k < area[o].length; k++) {
                    weights[o][k] = (float) area[o][k];
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
        return new FloatAxis(sources, weights, in);
    }

    /**
     * The centre {@code crop} of an axis of {@code size} pixels enlarged back to {@code size}, bilinearly with pixel
     * centres aligned; always two taps (the same pixel twice at the edge), as test-time augmentation has always summed.
     */
    private static FloatAxis centreCropAxis(int size, double crop) {
        int[][] sources = new int[size][];
        float[][] weights = new float[size][];
        double kept = size * crop;
        double offset = (size - kept) / 2;
        for (int i = 0; i < size; i++) {
            double s = offset + (i + 0.5) * kept / size - 0.5;
            s = Math.max(0, Math.min(size - 1, s));
            int low = (int) Math.floor(s);
            float fraction = (float) (s - low);
            sources[i] = new int[] {low, Math.min(size - 1, low + 1)};
            weights[i] = new float[] {1 - fraction, fraction};
        }
        return new FloatAxis(sources, weights, size);
    }

    /**
     * Resamples a picture of {@code columns.sources} x {@code rows.sources} pixels of {@code channels}, read row by
     * row from {@code reader} (rows no target needs are not read), into {@code out[offset ..]} as floats: each row is
     * resampled along {@code columns} and multiplied by {@code columnScale}, then added into the target rows it feeds.
     * Only the source row being read and one resampled row are held. Each sum starts at its first term (no added
     * zero), so signed zeros come out as the terms make them.
     */
    public static void separable(RowReader reader, int channels, float columnScale, FloatAxis columns, FloatAxis rows,
                                 float[] out, int offset) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        int sourceWidth = columns.targetsOf.length;
        float[] row = new float[sourceWidth * channels];
        float[] fitted = new float[columns.length() * channels];
        for (int y = 0; y < rows.targetsOf.length; y++) {
            int[] targets = rows.targetsOf[y];
            if (targets.length == 0) {
                continue;
            }
            reader.read(y, row);
            resampleRow(row, channels, columnScale, columns, fitted);
            float[] targetWeights = rows.targetWeightsOf[y];
            boolean[] first = rows.firstOf[y];
            for (int k = 0; k < targets.length; k++) {
                int base = offset + targets[k] * fitted.length;
                float w = targetWeights[k];
                if (first[k]) {
                    for (int i = 0; i < fitted.length; i++) {
                        out[base + i] = w * fitted[i];
                    }
                } else {
                    for (int i = 0; i < fitted.length; i++) {
                        out[base + i] += w * fitted[i];
                    }
                }
            }
        }
    }

    /**
     * One row resampled along {@code columns} into {@code fitted}, times {@code scale}; each channel summed in a local
     * (the JIT keeps it in a register), its sum started at its first term.
     */
    private static void resampleRow(float[] row, int channels, float scale, FloatAxis columns, float[] fitted) {
        for (int ox = 0; ox < columns.length(); ox++) {
            int[] src = columns.sources[ox];
            float[] w = columns.weights[ox];
            if (channels == 1) {
                float sum = w[0] * row[src[0]];
                for (int k = 1; k < src.length; k++) {
                    sum += w[k] * row[src[k]];
                }
                fitted[ox] = scale == 1f ? sum : sum * scale;
            } else {
                int s = src[0] * 3;
                float r = w[0] * row[s];
                float g = w[0] * row[s + 1];
                float b = w[0] * row[s + 2];
                for (int k = 1; k < src.length; k++) {
                    s = src[k] * 3;
                    r += w[k] * row[s];
                    g += w[k] * row[s + 1];
                    b += w[k] * row[s + 2];
                }
                fitted[ox * 3] = scale == 1f ? r : r * scale;
                fitted[ox * 3 + 1] = scale == 1f ? g : g * scale;
                fitted[ox * 3 + 2] = scale == 1f ? b : b * scale;
            }
        }
    }

    /**
     * Writes the centre {@code crop} of each side of the picture at {@code src[from ..]}, resized back to {@code shape}
     * by bilinear interpolation with pixel centres aligned, to {@code dst[to ..]}. A crop of 1.0 copies the picture.
     */
    public static void centreCrop(float[] src, int from, ImageShape shape, double crop, float[] dst, int to) {
        if (crop == 1.0) {
            System.arraycopy(src, from, dst, to, shape.length());
            return;
        }
        int rowLength = shape.width() * shape.channels();
        separable((y, row) -> System.arraycopy(src, from + y * rowLength, row, 0, rowLength), shape.channels(), 1f,
                centreCropAxis(shape.width(), crop), centreCropAxis(shape.height(), crop), dst, to);
    }

    /**
     * {@code image} as {@code height x width} grey values in double (row by row), for the perceptual hashes: RGB
     * becomes grey by luminance (0.299 R + 0.587 G + 0.114 B) first, then each output cell is the mean of the source
     * pixels it covers, weighted by the covered area: plain area averaging where the picture shrinks,
     * nearest-neighbour-like replication where it grows.
     */
    public static double[] greyPlane(Image image, int width, int height) {
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
        int[][] sx = new int[width][];
        double[][] wx = areaWeights(w, width, 0, sx);
        int[][] sy = new int[height][];
        double[][] wy = areaWeights(h, height, 0, sy);
        double[] rows = new double[h * width];
        for (int y = 0; y < h; y++) {
            for (int ox = 0; ox < width; ox++) {
                double sum = 0;
                for (int k = 0; k < sx[ox].length; k++) {
                    sum += wx[ox][k] * source[y * w + sx[ox][k]];
                }
                rows[y * width + ox] = sum;
            }
        }
        double[] out = new double[height * width];
        for (int oy = 0; oy < height; oy++) {
            for (int k = 0; k < sy[oy].length; k++) {
                double weight = wy[oy][k];
                int y = sy[oy][k];
                for (int ox = 0; ox < width; ox++) {
                    out[oy * width + ox] += weight * rows[y * width + ox];
                }
            }
        }
        return out;
    }

    /**
     * The area-average weights from {@code in} cells to {@code out}: for each output cell, the share of it each source
     * cell covers (the sources, in increasing order, go into {@code sources[o]}); overlaps of at most
     * {@code minOverlap} are left out. Each row sums to 1.
     */
    private static double[][] areaWeights(int in, int out, double minOverlap, int[][] sources) {
        double[][] weights = new double[out][];
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
                if (overlap > minOverlap) {
                    s.add(i);
                    w.add(overlap / scale);
                }
            }
            sources[o] = s.stream().mapToInt(Integer::intValue).toArray();
            weights[o] = w.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return weights;
    }

    /**
     * Samples the window of size {@code windowW x windowH} centred on ({@code cx, cy}) and turned by {@code angle}
     * back onto the full picture size, bilinearly; outside the picture is 0.
     */
    public static float[] warp(float[] source, ImageShape shape, double cx, double cy, double windowW, double windowH,
                               double angle) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        float[] out = new float[shape.length()];
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double scaleX = windowW / w;
        double scaleY = windowH / h;
        for (int oy = 0; oy < h; oy++) {
            double py = (oy + 0.5 - h / 2.0) * scaleY;
            for (int ox = 0; ox < w; ox++) {
                double px = (ox + 0.5 - w / 2.0) * scaleX;
                double sx = cx + cos * px - sin * py - 0.5;
                double sy = cy + sin * px + cos * py - 0.5;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                int o = (oy * w + ox) * c;
                for (int ch = 0; ch < c; ch++) {
                    double v = (1 - fy) * ((1 - fx) * at(source, shape, y0, x0, ch) + fx * at(source, shape, y0, x0 + 1, ch))
                            + fy * ((1 - fx) * at(source, shape, y0 + 1, x0, ch) + fx * at(source, shape, y0 + 1, x0 + 1, ch));
                    out[o + ch] = (float) v;
                }
            }
        }
        return out;
    }

    /** A pixel value; a pixel just outside the picture repeats the edge, one further out is black. */
    private static float at(float[] source, ImageShape shape, int y, int x, int ch) {
        int h = shape.height();
        int w = shape.width();
        if (y < -1 || x < -1 || y > h || x > w) {
            return 0f;
        }
        int yy = Math.min(h - 1, Math.max(0, y));
        int xx = Math.min(w - 1, Math.max(0, x));
        return source[(yy * w + xx) * shape.channels() + ch];
    }
}
