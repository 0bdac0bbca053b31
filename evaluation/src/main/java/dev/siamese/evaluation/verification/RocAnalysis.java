package dev.siamese.evaluation.verification;

import java.util.ArrayList;
import java.util.List;

/**
 * The ROC curve of a set of scored pairs, with score = -distance, and the summaries read from it.
 *
 * <p>{@code auc} is the probability that a random similar pair is closer than a random dissimilar pair, ties
 * counting 1/2: the Mann–Whitney U statistic with mid-ranks divided by (similar x dissimilar pairs), which is also
 * the trapezoidal area under {@code points}. {@code eer} is the equal error rate, where the false accept rate equals
 * the false reject rate: the ROC polyline {@code points} (straight segments between adjacent operating points) is
 * intersected with the line FAR = 1 - TAR, and {@code eerThreshold} is interpolated linearly between the thresholds
 * of the two points that bracket the intersection.
 *
 * @param auc          area under the ROC curve, in [0, 1]
 * @param eer          equal error rate, in [0, 1]
 * @param eerThreshold distance threshold at the equal error rate (interpolated)
 * @param positives    the number of similar pairs
 * @param negatives    the number of dissimilar pairs
 * @param points       operating points in increasing threshold, from (0, 0) to (1, 1), one per distinct distance
 */
public record RocAnalysis(double auc, double eer, double eerThreshold, int positives, int negatives, List<RocPoint> points) {

    /** Validates the values and copies the points. */
    public RocAnalysis {
        if (!(auc >= 0 && auc <= 1)) {
            throw new IllegalArgumentException("auc must be in [0, 1], got " + auc);
        }
        if (!(eer >= 0 && eer <= 1)) {
            throw new IllegalArgumentException("eer must be in [0, 1], got " + eer);
        }
        if (positives <= 0 || negatives <= 0) {
            throw new IllegalArgumentException("a ROC curve needs similar and dissimilar pairs, got "
                    + positives + " similar and " + negatives + " dissimilar");
        }
        if (points == null || points.size() < 2) {
            throw new IllegalArgumentException("a ROC curve needs at least 2 points, got " + (points == null ? "null" : points.size()));
        }
        points = List.copyOf(points);
    }

    /**
     * Analyses pairs judged "similar iff distance &lt; t" over every threshold t. O(n log n).
     *
     * @param distances the distance of each pair, finite
     * @param similar   whether each pair is truly similar; both kinds must occur
     * @throws IllegalArgumentException if the arrays are empty, differ in length, hold a non-finite distance, or
     *                                  lack similar or dissimilar pairs
     */
    public static RocAnalysis of(double[] distances, boolean[] similar) {
        DistanceSweep sweep = DistanceSweep.of(distances, similar);
        long p = sweep.positives;
        long n = sweep.negatives;
        if (p == 0 || n == 0) {
            throw new IllegalArgumentException("ROC analysis needs similar and dissimilar pairs, got "
                    + p + " similar and " + n + " dissimilar");
        }
        List<RocPoint> points = new ArrayList<>(sweep.cuts());
        for (int c = 0; c < sweep.cuts(); c++) {
            points.add(new RocPoint(sweep.thresholds[c], (double) sweep.acceptedNegatives[c] / n,
                    (double) sweep.acceptedPositives[c] / p));
        }
        double auc = sweep.twiceU / (2.0 * p * n);

        // FAR + TAR rises from 0 to 2 along the curve; the EER is where it crosses 1. Compared in integers
        // (scaled by p * n) so that a point exactly on the line is found exactly.
        int c = 0;
        while (scaledSum(sweep, c) < p * n) {
            c++;
        }
        double eer;
        double eerThreshold;
        if (scaledSum(sweep, c) == p * n) {
            eer = (double) sweep.acceptedNegatives[c] / n;
            eerThreshold = sweep.thresholds[c];
        } else {
            long below = scaledSum(sweep, c - 1);
            double lambda = (double) (p * n - below) / (scaledSum(sweep, c) - below);
            double farBefore = (double) sweep.acceptedNegatives[c - 1] / n;
            double farAfter = (double) sweep.acceptedNegatives[c] / n;
            eer = farBefore + lambda * (farAfter - farBefore);
            eerThreshold = sweep.thresholds[c - 1] + lambda * (sweep.thresholds[c] - sweep.thresholds[c - 1]);
        }
        return new RocAnalysis(Math.min(1, auc), Math.min(1, Math.max(0, eer)), eerThreshold, (int) p, (int) n, points);
    }

    /** (FAR + TAR) * p * n at cut c. */
    private static long scaledSum(DistanceSweep sweep, int c) {
        return sweep.acceptedNegatives[c] * sweep.positives + sweep.acceptedPositives[c] * sweep.negatives;
    }

    /**
     * The true accept rate at the largest threshold whose false accept rate does not exceed {@code far}.
     *
     * <p>Only real operating points count (no interpolation), so the answer is achievable and conservative: with few
     * dissimilar pairs, or ties at the boundary, the actual FAR may be well below {@code far}.
     *
     * @param far the highest acceptable false accept rate, in [0, 1]
     */
    public double tarAtFar(double far) {
        if (!(far >= 0 && far <= 1)) {
            throw new IllegalArgumentException("false accept rate must be in [0, 1], got " + far);
        }
        double tar = 0;
        for (RocPoint point : points) {
            if (point.falseAcceptRate() > far) {
                break;
            }
            tar = point.trueAcceptRate();
        }
        return tar;
    }
}
