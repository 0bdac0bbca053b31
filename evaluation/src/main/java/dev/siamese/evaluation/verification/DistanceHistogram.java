package dev.siamese.evaluation.verification;

/**
 * Counts of pair distances in equal bins from {@code lower} to {@code upper}, separately for similar and for
 * dissimilar pairs. Bin i covers {@code [lower + i w, lower + (i + 1) w)}, the last one closed.
 *
 * @param lower            left edge of the first bin
 * @param upper            right edge of the last bin
 * @param similarCounts    similar pairs per bin
 * @param dissimilarCounts dissimilar pairs per bin
 */
public record DistanceHistogram(double lower, double upper, long[] similarCounts, long[] dissimilarCounts) {

    /** Validates and copies. */
    public DistanceHistogram {
        if (!(Double.isFinite(lower) && Double.isFinite(upper) && lower < upper)) {
            throw new IllegalArgumentException("need finite lower < upper, got " + lower + " and " + upper);
        }
        if (similarCounts == null || dissimilarCounts == null || similarCounts.length == 0
                || similarCounts.length != dissimilarCounts.length) {
            throw new IllegalArgumentException("need equally many (at least 1) similar and dissimilar bins");
        }
        similarCounts = similarCounts.clone();
        dissimilarCounts = dissimilarCounts.clone();
    }

    @Override
    public long[] similarCounts() {
        return similarCounts.clone();
    }

    @Override
    public long[] dissimilarCounts() {
        return dissimilarCounts.clone();
    }

    public int bins() {
        return similarCounts.length;
    }

    /** The width of one bin. */
    public double binWidth() {
        return (upper - lower) / bins();
    }
}
