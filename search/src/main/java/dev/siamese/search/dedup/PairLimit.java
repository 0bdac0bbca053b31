package dev.siamese.search.dedup;

import dev.siamese.search.SearchSettings;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the pairs a duplicate search has found, from any thread, and stops the search with a
 * {@link TooManyPairsException} once there are more than {@code maxPairs}: a loose threshold pairs every picture with
 * every other (N^2 / 2 pairs), and a bare {@link OutOfMemoryError} would say neither why nor what to do.
 */
final class PairLimit {

    /**
     * Heap one pair costs at the peak of a dedup run, rounded up: while pairs become groups the search holds each as
     * two ints and a double (16 bytes), a {@code long[2]} edge and a boxed distance (56), a sort index (20) and a
     * {@link DuplicatePair} (36); centred grouping then holds both directions of each pair (about 80). Measured:
     * 1,999,000 pairs (2,000 pictures, {@code dedup --hash-bits 64}, centred groups) peaked at 462 MB of live heap,
     * about 230 bytes a pair. The value lives in {@link SearchSettings#BYTES_PER_PAIR}, the public name of it.
     */
    static final int BYTES_PER_PAIR = SearchSettings.BYTES_PER_PAIR;

    /** Pairs counted locally by a worker before they are added to the shared count: bounds the overshoot. */
    static final int BATCH = 4096;

    private final long maxPairs;
    private final long softMax;
    private final String threshold;
    private final AtomicLong found = new AtomicLong();

    private PairLimit(long maxPairs, long softMax, String threshold) {
        if (maxPairs < 1) {
            throw new IllegalArgumentException("the most pairs kept must be at least 1, got " + maxPairs);
        }
        this.maxPairs = maxPairs;
        this.softMax = softMax;
        this.threshold = threshold;
    }

    /**
     * Candidates are counted as they are found, before the exact distance drops the few that rounding let in, so
     * {@link #add} stops only an eighth (and a batch) past the cap; {@link #check} on the pairs kept is exact.
     */
    private PairLimit(long maxPairs, String threshold) {
        this(maxPairs, saturated(maxPairs + maxPairs / 8 + BATCH), threshold);
    }

    private static long saturated(long value) {
        return value < 0 ? Long.MAX_VALUE : value;
    }

    /** No cap (library callers that bound the work themselves, such as one Spark cell). */
    static PairLimit none() {
        return new PairLimit(Long.MAX_VALUE, "");
    }

    /** A cap on pairs under a Euclidean (or combined) distance threshold. */
    static PairLimit ofDistance(long maxPairs, double threshold) {
        return new PairLimit(maxPairs, String.format(Locale.ROOT, "distance %.4f", threshold));
    }

    /** A cap on pairs within a Hamming distance. */
    static PairLimit ofBits(long maxPairs, int bits) {
        return new PairLimit(maxPairs, bits + " bits");
    }

    /**
     * The same cap where each pair may be found up to {@code times} times before duplicates are merged (a pair in
     * two overlapping cells): {@link #add} allows {@code times} as many, {@link #check} on unique pairs is unchanged.
     */
    PairLimit foundUpTo(int times) {
        return new PairLimit(maxPairs, softMax > Long.MAX_VALUE / times ? Long.MAX_VALUE : softMax * times, threshold);
    }

    /** Throws if {@code total} pairs, counted by the caller, are over the cap. */
    void check(long total) {
        if (total > maxPairs) {
            throw new TooManyPairsException(threshold, total, maxPairs);
        }
    }

    /** Counts {@code pairs} more found, from any thread; throws once they are clearly over the cap. */
    void add(long pairs) {
        if (pairs == 0) {
            return;
        }
        long total = found.addAndGet(pairs);
        if (total > softMax) {
            throw new TooManyPairsException(threshold, total, maxPairs);
        }
    }
}
