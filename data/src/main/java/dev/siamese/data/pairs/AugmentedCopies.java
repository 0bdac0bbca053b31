package dev.siamese.data.pairs;

import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.api.image.LabeledDataset;
import dev.siamese.data.augmentation.Augmenter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A labelled data set made of altered copies, for scoring a near-duplicate detector with the ordinary verification
 * and retrieval protocol: each of the chosen pictures becomes a class of its own, holding the picture itself and
 * {@code copies - 1} random altered copies of it, so "same class" means "the same picture".
 */
public final class AugmentedCopies {

    private AugmentedCopies() {
    }

    /**
     * @param sources  the pictures; their labels are ignored
     * @param pictures how many of them to use, spread evenly over the data set (all if it has fewer)
     * @param copies   pictures per class including the unaltered one, at least 2
     * @param seed     fixes the copies
     */
    public static InMemoryDataset of(LabeledDataset sources, int pictures, int copies, Augmenter augmenter, long seed) {
        return of(sources, pictures, copies, augmenter, seed, 0, classNames(sources, pictures));
    }

    /** The class names of the copies of {@code pictures} of {@code sources}: the data set's name and picture index. */
    public static List<String> classNames(LabeledDataset sources, int pictures) {
        int count = Math.min(pictures, sources.size());
        List<String> names = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            names.add(sources.name() + " #" + ((long) p * sources.size() / count));
        }
        return names;
    }

    /**
     * As {@link #of(LabeledDataset, int, int, Augmenter, long)}, with labels starting at {@code firstLabel} and the
     * given class names (which must name every label): two sets made with disjoint label ranges never share a class,
     * as their pictures never do.
     */
    public static InMemoryDataset of(LabeledDataset sources, int pictures, int copies, Augmenter augmenter, long seed,
                                     int firstLabel, List<String> classNames) {
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(augmenter, "augmenter");
        if (copies < 2) {
            throw new IllegalArgumentException("copies per picture must be at least 2 (the picture and one copy), got " + copies);
        }
        int count = Math.min(pictures, sources.size());
        if (count < 2) {
            throw new IllegalArgumentException("data set '" + sources.name() + "' has " + sources.size()
                    + " picture(s); scoring copies needs at least 2 pictures");
        }
        var shape = sources.shape();
        int length = shape.length();
        float[] pixels = new float[count * copies * length];
        int[] labels = new int[count * copies];
        if (firstLabel < 0 || classNames.size() < firstLabel + count) {
            throw new IllegalArgumentException("labels " + firstLabel + ".." + (firstLabel + count - 1) + " need that many"
                    + " class names, got " + classNames.size());
        }
        List<String> names = List.copyOf(classNames);
        IntStream.range(0, count).parallel().forEach(p -> {
            int index = (int) ((long) p * sources.size() / count);
            float[] source = new float[length];
            sources.copyPixels(index, source, 0);
            int base = p * copies;
            System.arraycopy(source, 0, pixels, base * length, length);
            labels[base] = firstLabel + p;
            SplittableRandom random = new SplittableRandom(AugmentedPairSampler.pairSeed(seed, -2, p));
            for (int c = 1; c < copies; c++) {
                augmenter.copyInto(source, shape, random, pixels, (base + c) * length);
                labels[base + c] = firstLabel + p;
            }
        });
        return InMemoryDataset.adopt(sources.name() + " (" + count + " pictures x " + copies + " copies)", shape, pixels,
                labels, names);
    }
}
