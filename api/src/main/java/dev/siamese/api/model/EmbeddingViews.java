package dev.siamese.api.model;

import dev.siamese.api.image.ImageShape;

import java.util.List;
import java.util.Objects;

/**
 * How a trained twin embeds a picture for use (test-time augmentation): the mean of the subnet's embeddings of several
 * centre crops of the picture, each cropped to a fraction of each side and resized back to the input size bilinearly.
 * {@code [1.0]}, the default, is the picture alone. Training is unchanged: pairs are always seen one view at a time;
 * only {@link EmbeddingModel#embed} and {@link TrainableModel#embed} (and so the threshold calibrated from them) average.
 *
 * <p>A near-duplicate detector gains from it: a cropped copy and its original share more of their views than of
 * their full frames, and averaging smooths what one frame alone gets wrong (docs/results/near-duplicates.md). It costs one
 * forward pass per view.
 *
 * @param crops the fraction of each side that each view keeps, in (0, 1], all different; 1.0 is the whole picture
 */
public record EmbeddingViews(List<Double> crops) {
    /** The smallest crop fraction accepted. */
    public static final double MIN_CROP = 0.25;
    /** The most views accepted. */
    public static final int MAX_VIEWS = 16;

    private static final EmbeddingViews SINGLE = new EmbeddingViews(List.of(1.0));

    public EmbeddingViews {
        Objects.requireNonNull(crops, "crops");
        crops = List.copyOf(crops);
        if (crops.isEmpty() || crops.size() > MAX_VIEWS) {
            throw new IllegalArgumentException("embedding views need 1 to " + MAX_VIEWS + " crop fractions, got " + crops);
        }
        for (int i = 0; i < crops.size(); i++) {
            double c = crops.get(i);
            if (!(c >= MIN_CROP && c <= 1.0)) {
                throw new IllegalArgumentException("a view's crop fraction must be in [" + MIN_CROP + ", 1], got " + c
                        + " in " + crops);
            }
            if (crops.subList(0, i).contains(c)) {
                throw new IllegalArgumentException("the views' crop fractions must differ, got " + c + " twice in " + crops);
            }
        }
    }

    /** The picture alone: no test-time augmentation. */
    public static EmbeddingViews single() {
        return SINGLE;
    }

    /** Whether this is the picture alone. */
    public boolean isSingle() {
        return crops.size() == 1 && crops.get(0) == 1.0;
    }

    /** Number of views per picture. */
    public int count() {
        return crops.size();
    }

    /**
     * The mean, over these views, of {@code embedder}'s embeddings of each of {@code count} pictures of {@code shape}
     * in {@code pixels}. With the picture alone it is {@code embedder} itself.
     */
    public Embeddings embed(float[] pixels, int count, ImageShape shape, Embedder embedder) {
        if (isSingle() || pixels == null) {
            return embedder.embed(pixels, count); // the embedder's own checks name a missing array
        }
        int length = shape.length();
        if (count < 0 || (long) count * length != pixels.length) {
            throw new IllegalArgumentException(count + " pictures of " + shape + " need " + ((long) count * length)
                    + " values, got " + pixels.length);
        }
        float[] views = new float[Math.multiplyExact(pixels.length, crops.size())];
        for (int v = 0; v < crops.size(); v++) {
            for (int i = 0; i < count; i++) {
                centreCrop(pixels, i * length, shape, crops.get(v), views, (v * count + i) * length);
            }
        }
        Embeddings all = embedder.embed(views, count * crops.size());
        int dim = all.dimension();
        float[] flat = all.toArray();
        float[] mean = new float[count * dim];
        for (int v = 0; v < crops.size(); v++) {
            int base = v * count * dim;
            for (int k = 0; k < mean.length; k++) {
                mean[k] += flat[base + k];
            }
        }
        float scale = 1f / crops.size();
        for (int k = 0; k < mean.length; k++) {
            mean[k] *= scale;
        }
        return Embeddings.adopt(count, dim, mean);
    }

    /**
     * Writes the centre {@code crop} of each side of the picture at {@code from}, resized back to {@code shape} by
     * bilinear interpolation with pixel centres aligned, to {@code to}. A crop of 1.0 copies the picture.
     */
    static void centreCrop(float[] src, int from, ImageShape shape, double crop, float[] dst, int to) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        if (crop == 1.0) {
            System.arraycopy(src, from, dst, to, shape.length());
            return;
        }
        Axis rows = Axis.of(h, crop);
        Axis cols = Axis.of(w, crop);
        for (int y = 0; y < h; y++) {
            int r0 = from + rows.low[y] * w * c;
            int r1 = from + rows.high[y] * w * c;
            float fy = rows.fraction[y];
            for (int x = 0; x < w; x++) {
                int c0 = cols.low[x] * c;
                int c1 = cols.high[x] * c;
                float fx = cols.fraction[x];
                int out = to + (y * w + x) * c;
                for (int ch = 0; ch < c; ch++) {
                    float top = src[r0 + c0 + ch] * (1 - fx) + src[r0 + c1 + ch] * fx;
                    float bottom = src[r1 + c0 + ch] * (1 - fx) + src[r1 + c1 + ch] * fx;
                    dst[out + ch] = top * (1 - fy) + bottom * fy;
                }
            }
        }
    }

    /** Where each output pixel of one axis samples the centre crop: two neighbours and the weight of the second. */
    private record Axis(int[] low, int[] high, float[] fraction) {
        static Axis of(int size, double crop) {
            int[] low = new int[size];
            int[] high = new int[size];
            float[] fraction = new float[size];
            double kept = size * crop;
            double offset = (size - kept) / 2;
            for (int i = 0; i < size; i++) {
                double s = offset + (i + 0.5) * kept / size - 0.5;
                s = Math.max(0, Math.min(size - 1, s));
                int l = (int) Math.floor(s);
                low[i] = l;
                high[i] = Math.min(size - 1, l + 1);
                fraction[i] = (float) (s - l);
            }
            return new Axis(low, high, fraction);
        }
    }

    /** E.g. {@code views 1.0/0.8/0.6}: no commas, so that it can stand unquoted in CSV and table cells. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("views ");
        for (int i = 0; i < crops.size(); i++) {
            sb.append(i == 0 ? "" : "/").append(crops.get(i));
        }
        return sb.toString();
    }
}
