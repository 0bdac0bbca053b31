package dev.siamese.search.dedup;

import dev.siamese.api.SiameseException;

import java.util.Locale;

/**
 * Thrown when a duplicate search finds more pairs under its threshold than it may keep in memory: the threshold is
 * looser than intended (every picture pairs with every other) or the cap is too small for the collection. Nothing has
 * been grouped or written when it is thrown.
 */
public final class TooManyPairsException extends SiameseException {
    private static final long serialVersionUID = 1L;

    private final String threshold;
    private final long pairsFound;
    private final long maxPairs;

    /**
     * @param threshold  the threshold, as a reader would write it ("distance 0.5000", "12 bits")
     * @param pairsFound pairs found when the search stopped (more than {@code maxPairs})
     * @param maxPairs   the cap
     */
    TooManyPairsException(String threshold, long pairsFound, long maxPairs) {
        super(String.format(Locale.ROOT, "more than %,d pairs of pictures are closer than the threshold (%s): stopped"
                        + " after %,d pairs, the most kept in memory (about %d bytes each); lower the threshold, or raise"
                        + " siamese.search.dedup.max-pairs and the heap (-Xmx) with it", maxPairs, threshold, pairsFound,
                PairLimit.BYTES_PER_PAIR));
        this.threshold = threshold;
        this.pairsFound = pairsFound;
        this.maxPairs = maxPairs;
    }

    /** The threshold, as a reader would write it ("distance 0.5000", "12 bits"). */
    public String threshold() {
        return threshold;
    }

    /** Pairs found when the search stopped. */
    public long pairsFound() {
        return pairsFound;
    }

    /** The cap that was exceeded. */
    public long maxPairs() {
        return maxPairs;
    }
}
