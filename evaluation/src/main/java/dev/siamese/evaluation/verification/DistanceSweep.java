package dev.siamese.evaluation.verification;

import java.util.Arrays;

/**
 * Every distinct way the rule "similar iff distance &lt; t" can split a set of scored pairs, in increasing t.
 *
 * <p>With the distinct distances {@code v_1 < ... < v_m}, cut {@code 0} uses {@code t = v_1} (nothing accepted),
 * cut {@code i} for {@code 0 < i < m} uses {@code t} midway between {@code v_i} and {@code v_(i+1)} (everything up
 * to {@code v_i} accepted) and cut {@code m} uses the smallest double above {@code v_m} (everything accepted).
 * Tied distances therefore always fall on the same side of a threshold.
 */
final class DistanceSweep {
    final int positives;
    final int negatives;
    /** Thresholds of the {@code m + 1} cuts. */
    final double[] thresholds;
    /** Similar pairs with distance below each threshold. */
    final long[] acceptedPositives;
    /** Dissimilar pairs with distance below each threshold. */
    final long[] acceptedNegatives;
    /** Mann–Whitney U of "dissimilar pairs are farther", doubled so that ties (worth 1/2) stay integral. */
    final long twiceU;

    private DistanceSweep(int positives, int negatives, double[] thresholds, long[] acceptedPositives,
                          long[] acceptedNegatives, long twiceU) {
        this.positives = positives;
        this.negatives = negatives;
        this.thresholds = thresholds;
        this.acceptedPositives = acceptedPositives;
        this.acceptedNegatives = acceptedNegatives;
        this.twiceU = twiceU;
    }

    int cuts() {
        return thresholds.length;
    }

    static DistanceSweep of(double[] distances, boolean[] similar) {
        validate(distances, similar);
        int p = 0;
        for (boolean s : similar) {
            if (s) {
                p++;
            }
        }
        double[] pos = new double[p];
        double[] neg = new double[distances.length - p];
        int pi = 0;
        int ni = 0;
        for (int i = 0; i < distances.length; i++) {
            if (similar[i]) {
                pos[pi++] = distances[i];
            } else {
                neg[ni++] = distances[i];
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);

        int n = distances.length;
        double[] thresholds = new double[n + 1];
        long[] ap = new long[n + 1];
        long[] an = new long[n + 1];
        double first = Math.min(p > 0 ? pos[0] : Double.POSITIVE_INFINITY, neg.length > 0 ? neg[0] : Double.POSITIVE_INFINITY);
        thresholds[0] = first;
        int cuts = 1;
        long twiceU = 0;
        int i = 0;
        int j = 0;
        while (i < pos.length || j < neg.length) {
            double v = Math.min(i < pos.length ? pos[i] : Double.POSITIVE_INFINITY, j < neg.length ? neg[j] : Double.POSITIVE_INFINITY);
            int tiedPos = 0;
            while (i < pos.length && pos[i] == v) {
                i++;
                tiedPos++;
            }
            int tiedNeg = 0;
            while (j < neg.length && neg[j] == v) {
                j++;
                tiedNeg++;
            }
            // Each dissimilar pair at v beats every similar pair strictly closer and ties with those at v.
            twiceU += (long) tiedNeg * (2L * (i - tiedPos) + tiedPos);
            double next = Math.min(i < pos.length ? pos[i] : Double.POSITIVE_INFINITY, j < neg.length ? neg[j] : Double.POSITIVE_INFINITY);
            thresholds[cuts] = next == Double.POSITIVE_INFINITY ? Math.nextUp(v) : midway(v, next);
            ap[cuts] = i;
            an[cuts] = j;
            cuts++;
        }
        return new DistanceSweep(p, neg.length, Arrays.copyOf(thresholds, cuts), Arrays.copyOf(ap, cuts),
                Arrays.copyOf(an, cuts), twiceU);
    }

    /** A threshold t with {@code low < t <= high}, as near the middle as doubles allow. */
    private static double midway(double low, double high) {
        double t = low + (high - low) / 2;
        return t > low ? t : high;
    }

    static void validate(double[] distances, boolean[] similar) {
        if (distances == null || similar == null) {
            throw new IllegalArgumentException("distances and similar flags must not be null");
        }
        if (distances.length != similar.length) {
            throw new IllegalArgumentException(distances.length + " distances but " + similar.length + " similar flags");
        }
        if (distances.length == 0) {
            throw new IllegalArgumentException("need at least one scored pair, got none");
        }
        for (int i = 0; i < distances.length; i++) {
            if (!Double.isFinite(distances[i])) {
                throw new IllegalArgumentException("distance " + i + " is " + distances[i]
                        + "; distances must be finite (diverged embeddings?)");
            }
        }
    }
}
