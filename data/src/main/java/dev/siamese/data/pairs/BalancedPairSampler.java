package dev.siamese.data.pairs;

import dev.siamese.api.image.LabeledDataset;
import dev.siamese.api.pairs.PairBatch;

import java.util.Arrays;

/**
 * Draws mini-batches of picture pairs from one split, about half of them similar, the way MATLAB's
 * {@code getSiameseBatch} feeds the paper's training loop.
 *
 * <p>Each pair is similar with probability {@code similarProbability}. A similar pair is two different pictures
 * (when the class has at least two) of one class chosen uniformly among the classes present; a dissimilar pair is
 * one picture each of two different classes chosen uniformly among those present. The sequence of batches is
 * fixed by the seed; {@link #batchesDrawn()} and {@link #skip(long)} let a resumed run continue it exactly.
 * Not thread-safe: one sampler feeds one training loop.
 */
public final class BalancedPairSampler extends SeededSampler {
    /** Pairs per batch in the paper and MATLAB's example. */
    public static final int DEFAULT_BATCH_SIZE = 180;
    /** Share of similar pairs in the paper and MATLAB's example. */
    public static final double DEFAULT_SIMILAR_PROBABILITY = 0.5;

    private final int batchSize;
    private final double similarProbability;
    /** For each class present, the indices of its pictures. */
    private final int[][] picturesByClass;
    private final int[] leftIndices;
    private final int[] rightIndices;
    private final float[] similarFlags;

    /** A sampler with the paper's batch of 180 pairs, half similar on average. */
    public BalancedPairSampler(LabeledDataset dataset, long seed) {
        this(dataset, DEFAULT_BATCH_SIZE, DEFAULT_SIMILAR_PROBABILITY, seed);
    }

    /**
     * @param dataset            the one split to draw from; needs pictures of at least two classes
     * @param batchSize          pairs per batch, positive
     * @param similarProbability chance that a pair is similar, in [0, 1]
     * @param seed               fixes the sequence of batches
     */
    public BalancedPairSampler(LabeledDataset dataset, int batchSize, double similarProbability, long seed) {
        super(dataset, seed);
        if (batchSize <= 0) {
            throw new IllegalArgumentException("pair batch size must be positive, got " + batchSize);
        }
        if (!(similarProbability >= 0 && similarProbability <= 1)) {
            throw new IllegalArgumentException("probability of a similar pair must be in [0, 1], got "
                    + similarProbability);
        }
        if ((long) batchSize * dataset.shape().length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a batch of " + batchSize + " pairs of " + dataset.shape()
                    + " pictures does not fit one Java array; use a smaller batch size");
        }
        this.picturesByClass = picturesByClass(dataset);
        if (picturesByClass.length < 2) {
            throw new IllegalArgumentException("data set '" + dataset.name() + "' has pictures of "
                    + picturesByClass.length + " class(es) among its " + dataset.size() + " pictures; dissimilar"
                    + " pairs need pictures of at least two classes");
        }
        this.batchSize = batchSize;
        this.similarProbability = similarProbability;
        this.leftIndices = new int[batchSize];
        this.rightIndices = new int[batchSize];
        this.similarFlags = new float[batchSize];
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    public double similarProbability() {
        return similarProbability;
    }

    /** The split the pairs come from. */
    public LabeledDataset dataset() {
        return dataset;
    }

    @Override
    PairBatch copyPictures() {
        int length = dataset.shape().length();
        float[] left = new float[batchSize * length];
        float[] right = new float[batchSize * length];
        for (int i = 0; i < batchSize; i++) {
            dataset.copyPixels(leftIndices[i], left, i * length);
            dataset.copyPixels(rightIndices[i], right, i * length);
        }
        return PairBatch.adopt(dataset.shape(), left, right, similarFlags.clone());
    }

    @Override
    void drawIndices() {
        int classes = picturesByClass.length;
        for (int i = 0; i < batchSize; i++) {
            if (random.nextDouble() < similarProbability) {
                int[] pictures = picturesByClass[random.nextInt(classes)];
                int first = random.nextInt(pictures.length);
                int second = first;
                if (pictures.length > 1) {
                    second = random.nextInt(pictures.length - 1);
                    if (second >= first) {
                        second++;
                    }
                }
                leftIndices[i] = pictures[first];
                rightIndices[i] = pictures[second];
                similarFlags[i] = 1f;
            } else {
                int firstClass = random.nextInt(classes);
                int secondClass = random.nextInt(classes - 1);
                if (secondClass >= firstClass) {
                    secondClass++;
                }
                int[] lefts = picturesByClass[firstClass];
                int[] rights = picturesByClass[secondClass];
                leftIndices[i] = lefts[random.nextInt(lefts.length)];
                rightIndices[i] = rights[random.nextInt(rights.length)];
                similarFlags[i] = 0f;
            }
        }
    }

    /** For each class with pictures, in label order, the indices of its pictures. */
    static int[][] picturesByClass(LabeledDataset dataset) {
        int[] labels = dataset.labels();
        int[] counts = new int[dataset.classCount()];
        for (int label : labels) {
            counts[label]++;
        }
        int[][] byLabel = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) {
            byLabel[c] = new int[counts[c]];
        }
        int[] filled = new int[counts.length];
        for (int i = 0; i < labels.length; i++) {
            byLabel[labels[i]][filled[labels[i]]++] = i;
        }
        return Arrays.stream(byLabel).filter(pictures -> pictures.length > 0).toArray(int[][]::new);
    }

    @Override
    public String toString() {
        return "BalancedPairSampler[" + dataset.name() + ", " + batchSize + " pairs, P(similar) = "
                + similarProbability + ", seed " + seed + ", " + batchesDrawn() + " batches drawn]";
    }
}
