package dev.siamese.api.pairs;

import dev.siamese.api.image.ImageShape;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * An immutable batch of picture pairs: the left pictures, the right pictures (both HWC, back to back)
 * and a flag per pair, 1 when the two pictures are of the same kind ("similar", {@code y = 1} in the
 * contrastive loss) and 0 otherwise.
 */
public final class PairBatch {
    private final ImageShape shape;
    private final float[] left;
    private final float[] right;
    private final float[] similar;

    /** Copies the three arrays. */
    public PairBatch(ImageShape shape, float[] left, float[] right, float[] similar) {
        this(shape, left.clone(), right.clone(), similar.clone(), true);
    }

    private PairBatch(ImageShape shape, float[] left, float[] right, float[] similar, boolean unused) {
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
        this.left = left;
        this.right = right;
        this.similar = similar;
    }

    /** Builds a batch from arrays that the caller hands over and never touches again (no copy). */
    public static PairBatch adopt(ImageShape shape, float[] left, float[] right, float[] similar) {
        return new PairBatch(shape, left, right, similar, true);
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
        return "PairBatch[" + size() + " pairs of " + shape + ", " + similarCount() + " similar]";
    }
}
