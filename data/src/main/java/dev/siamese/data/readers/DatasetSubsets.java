package dev.siamese.data.readers;

import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.api.image.LabeledDataset;

import java.util.Arrays;

/** Smaller data sets for quick runs that still hold every class. */
public final class DatasetSubsets {

    private DatasetSubsets() {
    }

    /**
     * The first {@code count} pictures of {@code data} taken class by class in turn: the first picture of each
     * class, then the second of each, and so on, kept in their original order. Unlike the first {@code count}
     * pictures, this keeps every class even when the data set is sorted by class, as image folders are.
     * Returns {@code data} itself (as an in-memory copy) when {@code count} is 0 or at least its size.
     */
    public static InMemoryDataset firstPerClass(LabeledDataset data, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 (all) or positive, got " + count);
        }
        int[] labels = data.labels();
        int[] keep = count == 0 || count >= labels.length ? allIndices(labels.length)
                : classByClassIndices(labels, data.classCount(), count);
        int length = data.shape().length();
        float[] pixels = new float[keep.length * length];
        int[] kept = new int[keep.length];
        for (int k = 0; k < keep.length; k++) {
            data.copyPixels(keep[k], pixels, k * length);
            kept[k] = labels[keep[k]];
        }
        String name = keep.length == labels.length ? data.name() : data.name() + " (first " + keep.length + ")";
        return InMemoryDataset.adopt(name, data.shape(), pixels, kept, data.classNames());
    }

    /** Indices of the pictures {@link #firstPerClass} keeps, in increasing order. */
    static int[] classByClassIndices(int[] labels, int classCount, int count) {
        int[][] byClass = new int[classCount][];
        int[] sizes = new int[classCount];
        for (int label : labels) {
            sizes[label]++;
        }
        for (int c = 0; c < classCount; c++) {
            byClass[c] = new int[sizes[c]];
            sizes[c] = 0;
        }
        for (int i = 0; i < labels.length; i++) {
            byClass[labels[i]][sizes[labels[i]]++] = i;
        }
        int[] keep = new int[Math.min(count, labels.length)];
        int taken = 0;
        for (int round = 0; taken < keep.length; round++) {
            for (int c = 0; c < classCount && taken < keep.length; c++) {
                if (round < byClass[c].length) {
                    keep[taken++] = byClass[c][round];
                }
            }
        }
        Arrays.sort(keep);
        return keep;
    }

    private static int[] allIndices(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }
}
