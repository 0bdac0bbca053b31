package dev.siamese.data.pictures;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.api.image.LabeledDataset;
import dev.siamese.data.pictures.internal.PictureDecoder;

import java.util.Objects;

/**
 * The optional picture preprocessing of {@code siamese.data.preprocessing}, applied after loading in this order:
 * <ol>
 *   <li>{@code grayscale}: RGB to one grey channel by luminance, 0.299 R + 0.587 G + 0.114 B;</li>
 *   <li>{@code normalize}: {@link Normalize#MIN_MAX} stretches all values (every channel alike) linearly so that
 *       the data set's smallest value becomes 0 and its largest 1; {@link Normalize#NONE} leaves them. Pixels stay
 *       in [0, 1], as the api requires; there is no mean/deviation standardisation for that reason;</li>
 *   <li>{@code otsu}: each picture is binarised at its own OTSU threshold (the grey level that maximises the
 *       between-class variance of its 256-bin histogram), 1 above the threshold and 0 at or below it, as the
 *       paper's introduction does before comparing pictures. Implies grey.</li>
 * </ol>
 * On {@link DatasetSplits}, min-max takes its range from the training split and applies it to both, clamping
 * test values to [0, 1], so the test pictures do not leak into the preprocessing.
 */
public record Preprocessing(boolean grayscale, Normalize normalize, boolean otsu) {

    /** How pixel values are stretched. */
    public enum Normalize {
        /** Values are left as loaded. */
        NONE("none"),
        /** Values are stretched linearly from the data set's [min, max] to [0, 1]. */
        MIN_MAX("min-max");

        private final String configName;

        Normalize(String configName) {
            this.configName = configName;
        }

        /** The name used in {@code siamese.data.preprocessing.normalize}. */
        public String configName() {
            return configName;
        }

        /** The value named {@code name} in the configuration. */
        public static Normalize fromConfigName(String name) {
            for (Normalize n : values()) {
                if (n.configName.equals(name)) {
                    return n;
                }
            }
            throw new IllegalArgumentException("normalize must be \"none\" or \"min-max\", got \"" + name + "\"");
        }
    }

    public Preprocessing {
        Objects.requireNonNull(normalize, "normalize");
    }

    /** No preprocessing at all. */
    public static Preprocessing none() {
        return new Preprocessing(false, Normalize.NONE, false);
    }

    /** Whether this changes nothing. */
    public boolean isIdentity() {
        return !grayscale && normalize == Normalize.NONE && !otsu;
    }

    /** The shape pictures of {@code shape} have after this preprocessing. */
    public ImageShape outputShape(ImageShape shape) {
        return grayscale || otsu ? new ImageShape(shape.height(), shape.width(), 1) : shape;
    }

    /** Applies this to both splits; min-max uses the training split's range for both. */
    public DatasetSplits apply(DatasetSplits splits) {
        if (isIdentity()) {
            return splits;
        }
        float[] range = normalize == Normalize.MIN_MAX ? range(splits.train()) : null;
        return new DatasetSplits(splits.name() + " [" + describe() + "]",
                transform(splits.train(), range), transform(splits.test(), range));
    }

    /** Applies this to one data set; min-max uses its own range. */
    public InMemoryDataset apply(LabeledDataset data) {
        return transform(data, normalize == Normalize.MIN_MAX ? range(data) : null);
    }

    /** A short description for provenance, e.g. "grey, min-max, otsu" or "none". */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (grayscale) {
            s.append("grey");
        }
        if (normalize != Normalize.NONE) {
            s.append(s.length() > 0 ? ", " : "").append(normalize.configName());
        }
        if (otsu) {
            s.append(s.length() > 0 ? ", " : "").append("otsu");
        }
        return s.length() == 0 ? "none" : s.toString();
    }

    /**
     * The OTSU threshold of a 256-bin grey histogram: the bin {@code t} for which splitting into bins
     * {@code <= t} and {@code > t} maximises the between-class variance. When several bins tie (as all bins
     * between two separated modes do) the middle of the tied run is returned; a histogram with one occupied bin
     * gives 127.
     */
    public static int otsuThreshold(long[] histogram) {
        if (histogram.length != 256) {
            throw new IllegalArgumentException("an OTSU histogram has 256 bins, got " + histogram.length);
        }
        long total = 0;
        double sum = 0;
        for (int i = 0; i < 256; i++) {
            total += histogram[i];
            sum += (double) i * histogram[i];
        }
        double best = -1;
        int first = 0;
        int last = 0;
        long below = 0;
        double sumBelow = 0;
        for (int t = 0; t < 256; t++) {
            below += histogram[t];
            sumBelow += (double) t * histogram[t];
            long above = total - below;
            double variance = 0;
            if (below > 0 && above > 0) {
                double meanBelow = sumBelow / below;
                double meanAbove = (sum - sumBelow) / above;
                double difference = meanBelow - meanAbove;
                variance = (double) below * above * difference * difference;
            }
            if (variance > best) {
                best = variance;
                first = t;
                last = t;
            } else if (variance == best && last == t - 1) {
                last = t;
            }
        }
        return (first + last) / 2;
    }

    /** Binarises one grey picture in place at its OTSU threshold. */
    static void binariseInPlace(float[] grey, int offset, int length) {
        long[] histogram = new long[256];
        for (int i = offset; i < offset + length; i++) {
            histogram[bin(grey[i])]++;
        }
        int threshold = otsuThreshold(histogram);
        for (int i = offset; i < offset + length; i++) {
            grey[i] = bin(grey[i]) > threshold ? 1f : 0f;
        }
    }

    private static int bin(float value) {
        return Math.max(0, Math.min(255, Math.round(value * 255f)));
    }

    /** Grey (when asked), stretched by {@code range} (when not null), binarised (when asked): one copy in all. */
    private InMemoryDataset transform(LabeledDataset data, float[] range) {
        ImageShape in = data.shape();
        ImageShape out = outputShape(in);
        int n = data.size();
        float[] picture = new float[in.length()];
        float[] pixels = new float[n * out.length()];
        boolean stretch = range != null && range[1] > range[0];
        float scale = stretch ? 1f / (range[1] - range[0]) : 1f;
        for (int i = 0; i < n; i++) {
            int offset = i * out.length();
            data.copyPixels(i, picture, 0);
            convert(picture, in, out, pixels, offset);
            if (stretch) {
                for (int p = offset; p < offset + out.length(); p++) {
                    pixels[p] = Math.max(0f, Math.min(1f, (pixels[p] - range[0]) * scale));
                }
            }
            if (otsu) {
                binariseInPlace(pixels, offset, out.length());
            }
        }
        String name = isIdentity() ? data.name() : data.name() + " [" + describe() + "]";
        return InMemoryDataset.adopt(name, out, pixels, data.labels(), data.classNames());
    }

    /** The smallest and largest value of {@code data} after the grey conversion, if any. */
    private float[] range(LabeledDataset data) {
        ImageShape in = data.shape();
        ImageShape out = outputShape(in);
        float[] picture = new float[in.length()];
        float[] converted = new float[out.length()];
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < data.size(); i++) {
            data.copyPixels(i, picture, 0);
            convert(picture, in, out, converted, 0);
            for (float v : converted) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return new float[] {min, max};
    }

    private static void convert(float[] picture, ImageShape in, ImageShape out, float[] dest, int offset) {
        if (in.channels() == out.channels()) {
            System.arraycopy(picture, 0, dest, offset, picture.length);
            return;
        }
        for (int p = 0; p < out.length(); p++) {
            float v = PictureDecoder.luminance(picture[p * 3], picture[p * 3 + 1], picture[p * 3 + 2]);
            dest[offset + p] = Math.max(0f, Math.min(1f, v));
        }
    }
}
