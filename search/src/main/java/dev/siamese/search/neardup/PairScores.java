package dev.siamese.search.neardup;

import dev.siamese.search.dedup.DuplicateFinder;
import dev.siamese.search.dedup.DuplicateGroup;
import dev.siamese.search.dedup.DuplicateGroups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every pair of a set of pictures with its distance and whether it is a true near-duplicate pair (both pictures of
 * one group), for pair-level precision, recall and F1 at a threshold (a pair is predicted when its distance is at most
 * the threshold), and for choosing the threshold with the best F1.
 */
public final class PairScores {
    private final double[] distances;
    private final boolean[] positive;
    private final int[] left;
    private final int[] right;
    private final int positives;
    private final int[] groups;

    /** A distance between pictures {@code i} and {@code j}. */
    @FunctionalInterface
    public interface Distance {
        double between(int i, int j);
    }

    /** One wrongly decided pair: pictures {@code left} and {@code right}, their distance, and which mistake it is. */
    public record Mistake(int left, int right, double distance, boolean falsePositive) {
    }

    /** Precision, recall and F1 at one threshold, with the counts they come from. */
    public record Score(double threshold, long truePositives, long falsePositives, long falseNegatives) {
        public double precision() {
            long predicted = truePositives + falsePositives;
            return predicted == 0 ? 1.0 : truePositives / (double) predicted;
        }

        public double recall() {
            long actual = truePositives + falseNegatives;
            return actual == 0 ? 1.0 : truePositives / (double) actual;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /**
     * All pairs {@code i < j} of {@code groups.length} pictures; pictures of equal group number are near-duplicates
     * (give each unrelated picture a group of its own).
     */
    public PairScores(int[] groups, Distance distance) {
        int n = groups.length;
        long pairs = (long) n * (n - 1) / 2;
        if (pairs > 200_000_000L) {
            throw new IllegalArgumentException(n + " pictures make " + pairs + " pairs, too many to score exactly");
        }
        Integer[] order;
        double[] d = new double[(int) pairs];
        boolean[] pos = new boolean[(int) pairs];
        int[] l = new int[(int) pairs];
        int[] r = new int[(int) pairs];
        int k = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[k] = distance.between(i, j);
                pos[k] = groups[i] == groups[j];
                l[k] = i;
                r[k] = j;
                count += pos[k] ? 1 : 0;
                k++;
            }
        }
        order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
        this.distances = new double[k];
        this.positive = new boolean[k];
        this.left = new int[k];
        this.right = new int[k];
        for (int i = 0; i < k; i++) {
            distances[i] = d[order[i]];
            positive[i] = pos[order[i]];
            left[i] = l[order[i]];
            right[i] = r[order[i]];
        }
        this.positives = count;
        this.groups = groups.clone();
    }

    /**
     * Precision, recall and F1 of the pairs that end up in one group when every pair at distance at most
     * {@code threshold} is grouped as {@code dedup} groups them ({@code grouping}): connected components add the
     * pairs a chain implies, centred groups leave out pairs between two groups.
     */
    public Score groupedAt(double threshold, DuplicateGroups.Grouping grouping) {
        int n = groups.length;
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(Integer.toString(i));
        }
        List<long[]> edges = new ArrayList<>();
        List<Double> found = new ArrayList<>();
        for (int k = 0; k < distances.length && distances[k] <= threshold; k++) {
            edges.add(new long[] {left[k], right[k]});
            found.add(distances[k]);
        }
        DuplicateGroups grouped = DuplicateFinder.components(names, edges, found, "distance", threshold, true)
                .groupedAs(grouping);
        long tp = 0;
        long fp = 0;
        for (DuplicateGroup g : grouped.groups()) {
            int[] members = g.paths().stream().mapToInt(Integer::parseInt).toArray();
            for (int a = 0; a < members.length; a++) {
                for (int b = a + 1; b < members.length; b++) {
                    if (groups[members[a]] == groups[members[b]]) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
            }
        }
        return new Score(threshold, tp, fp, positives - tp);
    }

    /** The number of true near-duplicate pairs. */
    public int positives() {
        return positives;
    }

    /** The number of pictures. */
    public int pictures() {
        return groups.length;
    }

    /** The number of pairs. */
    public int size() {
        return distances.length;
    }

    /** Precision, recall and F1 when every pair at distance at most {@code threshold} is predicted. */
    public Score at(double threshold) {
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < distances.length && distances[i] <= threshold; i++) {
            if (positive[i]) {
                tp++;
            } else {
                fp++;
            }
        }
        return new Score(threshold, tp, fp, positives - tp);
    }

    /**
     * The threshold with the best F1 on these pairs: the midpoint between the last predicted and the next distance
     * (for whole-number distances such as Hamming distances, the last predicted distance itself).
     */
    public Score best(boolean wholeNumbers) {
        long tp = 0;
        long fp = 0;
        double bestF1 = -1;
        Score best = new Score(Double.NEGATIVE_INFINITY, 0, 0, positives);
        for (int i = 0; i < distances.length; i++) {
            if (positive[i]) {
                tp++;
            } else {
                fp++;
            }
            if (i + 1 < distances.length && distances[i + 1] == distances[i]) {
                continue;
            }
            Score s = new Score(distances[i], tp, fp, positives - tp);
            if (s.f1() > bestF1) {
                bestF1 = s.f1();
                double threshold = wholeNumbers || i + 1 == distances.length ? distances[i]
                        : (distances[i] + distances[i + 1]) / 2;
                best = new Score(threshold, tp, fp, positives - tp);
            }
        }
        return best;
    }

    /** A threshold chosen for the groups it makes, with the grouped and the pair-level score at it. */
    public record Calibration(Score grouped, Score pairs, DuplicateGroups.Grouping grouping) {
        public double threshold() {
            return grouped.threshold();
        }
    }

    /** Candidate thresholds {@link #bestGrouped} tries at most. */
    static final int GROUPED_CANDIDATES = 256;

    /**
     * The threshold whose groups ({@link #groupedAt}) have the best F1: what {@code dedup} will deliver, not the F1 of
     * the pairs alone (connected components can turn a good pair-level threshold into chained groups). The
     * candidates are the pair-level best and the thresholds that admit each further near-duplicate pair (at most
     * {@value #GROUPED_CANDIDATES}, evenly spread by rank; every whole number up to the last near-duplicate pair's
     * distance for Hamming distances); ties go to the smaller threshold.
     */
    public Calibration bestGrouped(DuplicateGroups.Grouping grouping, boolean wholeNumbers) {
        java.util.SortedSet<Double> candidates = groupedCandidates(wholeNumbers);
        Score best = null;
        for (double t : candidates) {
            Score s = groupedAt(t, grouping);
            if (best == null || s.f1() > best.f1()) {
                best = s;
            }
        }
        if (best == null) {
            best = new Score(0, 0, 0, positives);
        }
        return new Calibration(best, at(best.threshold()), grouping);
    }

    /** The thresholds {@link #bestGrouped} tries, in increasing order. */
    public java.util.SortedSet<Double> groupedCandidates(boolean wholeNumbers) {
        java.util.TreeSet<Double> candidates = new java.util.TreeSet<>();
        candidates.add(best(wholeNumbers).threshold());
        double lastPositive = Double.NEGATIVE_INFINITY;
        List<Integer> positiveRanks = new ArrayList<>();
        for (int i = 0; i < distances.length; i++) {
            if (positive[i]) {
                positiveRanks.add(i);
                lastPositive = distances[i];
            }
        }
        if (wholeNumbers) {
            for (double t = 0; t <= lastPositive; t++) {
                candidates.add(t);
            }
        } else {
            int step = Math.max(1, (positiveRanks.size() + GROUPED_CANDIDATES - 1) / GROUPED_CANDIDATES);
            for (int p = 0; p < positiveRanks.size(); p += step) {
                int i = positiveRanks.get(p);
                candidates.add(i + 1 < distances.length ? (distances[i] + distances[i + 1]) / 2 : distances[i]);
            }
        }
        candidates.removeIf(t -> !Double.isFinite(t));
        return candidates;
    }

    /**
     * The pairs decided wrongly at {@code threshold}: the false positives, closest first, then the false negatives,
     * closest first (those nearest the threshold); at most {@code limit} of each.
     */
    public List<Mistake> mistakes(double threshold, int limit) {
        List<Mistake> falsePositives = new ArrayList<>();
        List<Mistake> falseNegatives = new ArrayList<>();
        for (int i = 0; i < distances.length; i++) {
            boolean predicted = distances[i] <= threshold;
            if (predicted && !positive[i] && falsePositives.size() < limit) {
                falsePositives.add(new Mistake(left[i], right[i], distances[i], true));
            } else if (!predicted && positive[i] && falseNegatives.size() < limit) {
                falseNegatives.add(new Mistake(left[i], right[i], distances[i], false));
            }
        }
        falsePositives.addAll(falseNegatives);
        return falsePositives;
    }

    /**
     * The false positives at {@code threshold} by the kinds of their two pictures ({@code "distractor"} or any other
     * kind, which counts as {@code "group"}): keys {@code group-group}, {@code group-distractor},
     * {@code distractor-distractor}.
     */
    public Map<String, Long> falsePositivesByKind(List<String> kinds, double threshold) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("group-group", 0L);
        counts.put("group-distractor", 0L);
        counts.put("distractor-distractor", 0L);
        for (int i = 0; i < distances.length && distances[i] <= threshold; i++) {
            if (positive[i]) {
                continue;
            }
            boolean a = kinds.get(left[i]).equals("distractor");
            boolean b = kinds.get(right[i]).equals("distractor");
            String key = a && b ? "distractor-distractor" : a || b ? "group-distractor" : "group-group";
            counts.merge(key, 1L, Long::sum);
        }
        return counts;
    }

    /**
     * The recall of the pairs between each group's picture of kind {@code anchor} and its pictures of every other
     * kind, by kind, at {@code threshold}.
     */
    public Map<String, Double> recallByKind(List<String> kinds, String anchor, double threshold) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (int i = 0; i < distances.length; i++) {
            if (!positive[i]) {
                continue;
            }
            String a = kinds.get(left[i]);
            String b = kinds.get(right[i]);
            String other = a.equals(anchor) ? b : b.equals(anchor) ? a : null;
            if (other == null) {
                continue;
            }
            long[] c = counts.computeIfAbsent(other, x -> new long[2]);
            c[1]++;
            if (distances[i] <= threshold) {
                c[0]++;
            }
        }
        Map<String, Double> recall = new LinkedHashMap<>();
        counts.forEach((kind, c) -> recall.put(kind, c[0] / (double) c[1]));
        return recall;
    }
}
