package dev.siamese.api.model;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.internal.Resampling;

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
                Resampling.centreCrop(pixels, i * length, shape, crops.get(v), views, (v * count + i) * length);
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
