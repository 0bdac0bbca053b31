package dev.siamese.app.bench;

import dev.siamese.tf.TfOptions;

import java.util.Objects;

/**
 * How long the benchmark measures: sizes, warm-up and timed repetitions of every section.
 *
 * @param quick           whether this is the short smoke-test profile
 * @param threads         TensorFlow thread settings of every section except the backend-options one
 * @param repeats         timed blocks per measurement; medians are taken over them
 * @param roofSize        n of the square roof product
 * @param roofWarmUp      untimed roof products
 * @param roofRepetitions timed roof products
 * @param warmUpSteps     untimed training steps before a model is timed
 * @param stepsPerBlock   training steps per timed block
 * @param samplerCalls    sampler or feed calls per timed block
 * @param singleCalls     one-picture embedding calls per timed block
 * @param largeCalls      large-batch embedding calls per timed block
 * @param largeBatch      pictures per large-batch embedding call
 * @param pictures        pictures in each generated data set
 * @param seed            seed of data, samplers and weights
 */
public record BenchSettings(boolean quick, TfOptions threads, int repeats, int roofSize, int roofWarmUp,
                            int roofRepetitions, int warmUpSteps, int stepsPerBlock, int samplerCalls, int singleCalls,
                            int largeCalls, int largeBatch, int pictures, long seed) {

    public BenchSettings {
        Objects.requireNonNull(threads, "threads");
        requirePositive("repeats", repeats);
        requirePositive("roof size", roofSize);
        requirePositive("roof repetitions", roofRepetitions);
        requirePositive("steps per block", stepsPerBlock);
        requirePositive("sampler calls", samplerCalls);
        requirePositive("single-picture calls", singleCalls);
        requirePositive("large-batch calls", largeCalls);
        requirePositive("large batch", largeBatch);
        requirePositive("pictures", pictures);
        if (roofWarmUp < 0 || warmUpSteps < 0) {
            throw new IllegalArgumentException("warm-up counts must be >= 0, got " + roofWarmUp + " and " + warmUpSteps);
        }
    }

    /** A few minutes on two cores: 2048 roof, 7 blocks of 30 steps per training measurement. */
    public static BenchSettings full() {
        return new BenchSettings(false, TfOptions.defaults(), 7, 2048, 3, 15, 15, 30, 50, 200, 5, 1024, 4000, 42);
    }

    /** Well under a minute: every section, but small and with few repetitions; for tests and a first look. */
    public static BenchSettings quickProfile() {
        return new BenchSettings(true, TfOptions.defaults(), 3, 2048, 2, 3, 3, 4, 5, 20, 1, 1024, 1200, 42);
    }

    /**
     * The timing of a twin whose step takes a second or more (the residual twin): a tenth of the steps per block (at
     * least 2), a fifth of the warm-up (at least 1), at most 5 repeats (2 in the quick profile); the rest unchanged.
     */
    public BenchSettings forSlowSteps() {
        return new BenchSettings(quick, threads, Math.min(repeats, quick ? 2 : 5), roofSize, roofWarmUp, roofRepetitions,
                Math.max(1, warmUpSteps / 5), Math.max(2, stepsPerBlock / 10), samplerCalls, singleCalls, largeCalls,
                largeBatch, pictures, seed);
    }

    public BenchSettings withThreads(TfOptions newThreads) {
        return new BenchSettings(quick, newThreads, repeats, roofSize, roofWarmUp, roofRepetitions, warmUpSteps,
                stepsPerBlock, samplerCalls, singleCalls, largeCalls, largeBatch, pictures, seed);
    }

    public BenchSettings withRepeats(int newRepeats) {
        return new BenchSettings(quick, threads, newRepeats, roofSize, roofWarmUp, roofRepetitions, warmUpSteps,
                stepsPerBlock, samplerCalls, singleCalls, largeCalls, largeBatch, pictures, seed);
    }

    private static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
