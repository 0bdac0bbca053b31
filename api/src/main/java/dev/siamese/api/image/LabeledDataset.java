package dev.siamese.api.image;

import java.util.List;

/**
 * A read-only, indexed collection of same-shaped pictures with integer class labels
 * in {@code [0, classNames().size())}. Implementations must be safe for concurrent reads.
 */
public interface LabeledDataset {

    /** A short description of where the pictures come from, for provenance. */
    String name();

    ImageShape shape();

    int size();

    /** The class label of picture {@code index}. */
    int label(int index);

    /** Class names, indexed by label. */
    List<String> classNames();

    /** Copies the pixels of picture {@code index} into {@code dest} at {@code offset} (shape().length() values). */
    void copyPixels(int index, float[] dest, int offset);

    /** Picture {@code index} as an immutable value. */
    default Image image(int index) {
        float[] pixels = new float[shape().length()];
        copyPixels(index, pixels, 0);
        return new Image(shape(), pixels);
    }

    /** All labels, as a new array. */
    default int[] labels() {
        int[] labels = new int[size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = label(i);
        }
        return labels;
    }

    /** The number of classes. */
    default int classCount() {
        return classNames().size();
    }
}
