package dev.siamese.evaluation.internal;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded uniform subsampling of indices, for metrics and figures that cap how many points they use. */
public final class Subsample {

    private Subsample() {
    }

    /** All indices {@code 0..population-1} if {@code population <= max}, else {@code max} distinct ones drawn uniformly, sorted. */
    public static int[] indices(int population, int max, long seed) {
        int[] index = new int[population];
        Arrays.setAll(index, i -> i);
        if (population <= max) {
            return index;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(population - i);
            int swap = index[i];
            index[i] = index[j];
            index[j] = swap;
        }
        int[] chosen = Arrays.copyOf(index, max);
        Arrays.sort(chosen);
        return chosen;
    }
}
