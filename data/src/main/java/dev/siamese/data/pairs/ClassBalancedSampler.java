package dev.siamese.data.pairs;

import dev.siamese.api.image.LabeledDataset;
import dev.siamese.api.pairs.PairBatch;

import java.util.Arrays;

/**
 * Draws {@linkplain PairBatch#labelled labelled} batches of P classes x K pictures from one split, for the batch-hard
 * triplet loss: P different classes chosen uniformly among those present, then K pictures of each, different
 * pictures when the class has at least K (repeats only in smaller classes). The pictures come class by class; a batch
 * counts as P x K / 2 pairs. The sequence of batches is fixed by the seed; {@link #batchesDrawn()} and
 * {@link #skip(long)} let a resumed run continue it exactly. Not thread-safe: one sampler feeds one training loop.
 */
public final class ClassBalancedSampler extends SeededSampler {
    private final int classesPerBatch;
    private final int picturesPerClass;
    /** For each class present, the indices of its pictures; reordered in place by the partial shuffles. */
    private final int[][] picturesByClass;
    /** The indices of {@link #picturesByClass}; reordered in place by the partial shuffles. */
    private final int[] classOrder;
    private final int[] drawn;

    /**
     * @param dataset          the one split to draw from; every class in it needs at least 2 pictures, and at least
     *                         {@code classesPerBatch} classes need pictures
     * @param classesPerBatch  P, at least 2 (a batch needs negatives)
     * @param picturesPerClass K, at least 2 (a batch needs positives); P x K must be even
     * @param seed             fixes the sequence of batches
     */
    public ClassBalancedSampler(LabeledDataset dataset, int classesPerBatch, int picturesPerClass, long seed) {
        super(dataset, seed);
        String batch = classesPerBatch + " classes x " + picturesPerClass + " pictures";
        if (classesPerBatch < 2 || picturesPerClass < 2) {
            throw new IllegalArgumentException("a class-balanced batch needs at least 2 classes of at least 2 pictures,"
                    + " got " + batch);
        }
        long pictures = (long) classesPerBatch * picturesPerClass;
        if (pictures % 2 != 0) {
            throw new IllegalArgumentException("a class-balanced batch of " + batch + " has an odd number of pictures ("
                    + pictures + "); make the classes or the pictures per class even");
        }
        if (pictures * dataset.shape().length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a batch of " + batch + " of " + dataset.shape()
                    + " does not fit one Java array; use fewer classes or pictures per class");
        }
        this.picturesByClass = BalancedPairSampler.picturesByClass(dataset);
        for (int[] members : picturesByClass) {
            if (members.length < 2) {
                throw new IllegalArgumentException("data set '" + dataset.name() + "' has a single picture of class '"
                        + dataset.classNames().get(dataset.label(members[0])) + "'; batches of " + batch
                        + " need at least 2 pictures of every class (remove the class or add pictures)");
            }
        }
        if (picturesByClass.length < classesPerBatch) {
            throw new IllegalArgumentException("data set '" + dataset.name() + "' has pictures of "
                    + picturesByClass.length + " class(es); batches of " + batch + " need at least "
                    + classesPerBatch + " classes with pictures (use fewer classes per batch)");
        }
        this.classesPerBatch = classesPerBatch;
        this.picturesPerClass = picturesPerClass;
        this.classOrder = new int[picturesByClass.length];
        Arrays.setAll(classOrder, i -> i);
        this.drawn = new int[(int) pictures];
    }

    /** Pairs per batch: half the pictures, P x K / 2. */
    @Override
    public int batchSize() {
        return drawn.length / 2;
    }

    /** P, the classes of a batch. */
    public int classesPerBatch() {
        return classesPerBatch;
    }

    /** K, the pictures of each class in a batch. */
    public int picturesPerClass() {
        return picturesPerClass;
    }

    @Override
    PairBatch copyPictures() {
        int length = dataset.shape().length();
        float[] pictures = new float[drawn.length * length];
        int[] labels = new int[drawn.length];
        for (int i = 0; i < drawn.length; i++) {
            dataset.copyPixels(drawn[i], pictures, i * length);
            labels[i] = dataset.label(drawn[i]);
        }
        return PairBatch.labelled(dataset.shape(), pictures, labels);
    }

    @Override
    void drawIndices() {
        int at = 0;
        for (int c = 0; c < classesPerBatch; c++) {
            int[] members = picturesByClass[pickWithoutReplacement(classOrder, c)];
            if (members.length >= picturesPerClass) {
                for (int k = 0; k < picturesPerClass; k++) {
                    drawn[at++] = pickWithoutReplacement(members, k);
                }
            } else {
                for (int k = 0; k < picturesPerClass; k++) {
                    drawn[at++] = members[random.nextInt(members.length)];
                }
            }
        }
    }

    /** A partial Fisher-Yates step: moves a random one of {@code values[from..]} to {@code from} and returns it. */
    private int pickWithoutReplacement(int[] values, int from) {
        int j = from + random.nextInt(values.length - from);
        int chosen = values[j];
        values[j] = values[from];
        values[from] = chosen;
        return chosen;
    }

    @Override
    public String toString() {
        return "ClassBalancedSampler[" + dataset.name() + ", " + classesPerBatch + " classes x " + picturesPerClass
                + " pictures, seed " + seed + ", " + batchesDrawn() + " batches drawn]";
    }
}
