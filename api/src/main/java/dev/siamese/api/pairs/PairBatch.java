package dev.siamese.api.pairs;

import dev.siamese.api.image.ImageShape;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable batch of picture pairs: the left pictures, the right pictures (both HWC, back to back)
 * and a flag per pair, 1 when the two pictures are of the same kind ("similar", {@code y = 1} in the
 * contrastive loss) and 0 otherwise.
 *
 * <p>A {@linkplain #labelled labelled} batch also carries the class of every picture, left ones first, then right
 * ones, for losses that compare every picture of the batch with every other (the triplet loss); its pairs are
 * picture {@code i} with picture {@code size() + i}.
 */
public final class PairBatch {
    private final ImageShape shape;
    private final float[] left;
    private final float[] right;
    private final float[] similar;
    /** The class of each picture, left ones then right ones; null when the batch has no labels. */
    private final int[] labels;

    /** Copies the three arrays. */
    public PairBatch(ImageShape shape, float[] left, float[] right, float[] similar) {
        this(shape, left.clone(), right.clone(), similar.clone(), null);
    }

    private PairBatch(ImageShape shape, float[] left, float[] right, float[] similar, int[] labels) {
        this.shape = Objects.requireNonNull(shape, "shape");
        int n = similar.length;
        if (n == 0) {
            throw new IllegalArgumentException("a pair batch needs at least one pair");
        }
        if (left.length != n * shape.length() || right.length != n * shape.length()) {
            throw new IllegalArgumentException("a batch of " + n + " pairs of " + shape + " pictures needs "
                    + (n * shape.length()) + " values per side, got " + left.length + " and " + right.length);
        }
        for (float s : similar) {
            if (s != 0f && s != 1f) {
                throw new IllegalArgumentException("similar flags must be 0 or 1, got " + s);
            }
        }
        if (labels != null && labels.length != 2 * n) {
            throw new IllegalArgumentException("a batch of " + n + " pairs needs " + (2 * n) + " labels, got "
                    + labels.length);
        }
        this.left = left;
        this.right = right;
        this.similar = similar;
        this.labels = labels;
    }

    /** Builds a batch from arrays that the caller hands over and never touches again (no copy). */
    public static PairBatch adopt(ImageShape shape, float[] left, float[] right, float[] similar) {
        return new PairBatch(shape, left, right, similar, null);
    }

    /**
     * A labelled batch of {@code labels.length} pictures (HWC, back to back; an even number, at least 2), adopted
     * without a copy of {@code labels}: the first half are the left pictures, the second half the right ones, and a
     * pair is similar when its two pictures have the same label.
     */
    public static PairBatch labelled(ImageShape shape, float[] pictures, int[] labels) {
        Objects.requireNonNull(shape, "shape");
        int count = labels.length;
        if (count < 2 || count % 2 != 0) {
            throw new IllegalArgumentException("a labelled batch needs an even number of pictures, at least 2, got "
                    + count);
        }
        if (pictures.length != (long) count * shape.length()) {
            throw new IllegalArgumentException("a labelled batch of " + count + " " + shape + " pictures needs "
                    + ((long) count * shape.length()) + " values, got " + pictures.length);
        }
        int n = count / 2;
        int half = n * shape.length();
        float[] similar = new float[n];
        for (int i = 0; i < n; i++) {
            similar[i] = labels[i] == labels[n + i] ? 1f : 0f;
        }
        return new PairBatch(shape, Arrays.copyOfRange(pictures, 0, half),
                Arrays.copyOfRange(pictures, half, 2 * half), similar, labels);
    }

    /**
     * This batch with other pictures in the same places (e.g. augmented copies): same flags and labels. The arrays are
     * adopted without a copy.
     */
    public PairBatch withPictures(float[] newLeft, float[] newRight) {
        return new PairBatch(shape, newLeft, newRight, similar, labels);
    }

    /** The class of every picture, left ones then right ones, when the batch is {@linkplain #labelled labelled}. */
    public Optional<IntBuffer> labels() {
        return labels == null ? Optional.empty() : Optional.of(IntBuffer.wrap(labels).asReadOnlyBuffer());
    }

    public ImageShape shape() {
        return shape;
    }

    /** Number of pairs. */
    public int size() {
        return similar.length;
    }

    /** Read-only view of the left pictures. */
    public FloatBuffer left() {
        return FloatBuffer.wrap(left).asReadOnlyBuffer();
    }

    /** Read-only view of the right pictures. */
    public FloatBuffer right() {
        return FloatBuffer.wrap(right).asReadOnlyBuffer();
    }

    /** Read-only view of the flags (1 similar, 0 dissimilar). */
    public FloatBuffer similar() {
        return FloatBuffer.wrap(similar).asReadOnlyBuffer();
    }

    /** Whether pair {@code i} is similar. */
    public boolean isSimilar(int i) {
        return similar[i] == 1f;
    }

    /** Number of similar pairs in the batch. */
    public int similarCount() {
        int count = 0;
        for (float s : similar) {
            count += (int) s;
        }
        return count;
    }

    @Override
    public String toString() {
        return "PairBatch[" + size() + " pairs of " + shape + ", " + similarCount() + " similar"
                + (labels == null ? "" : ", labelled") + "]";
    }
}
