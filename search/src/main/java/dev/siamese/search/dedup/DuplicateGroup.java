package dev.siamese.search.dedup;

import java.util.List;
import java.util.Objects;

/**
 * One group of near-duplicate pictures: a connected component of the "closer than the threshold" graph, so a chain
 * a-b, b-c forms one group even when a and c are further apart, or a centred group
 * ({@link DuplicateGroups.Grouping#CENTRED}). Members are in input order; {@code pairs} are the edges found inside the
 * group.
 */
public record DuplicateGroup(int id, List<String> paths, List<DuplicatePair> pairs) {

    public DuplicateGroup {
        if (id < 1) {
            throw new IllegalArgumentException("group ids start at 1, got " + id);
        }
        paths = List.copyOf(Objects.requireNonNull(paths, "paths"));
        pairs = List.copyOf(Objects.requireNonNull(pairs, "pairs"));
        if (paths.size() < 2) {
            throw new IllegalArgumentException("a duplicate group has at least two pictures, got " + paths);
        }
    }

    /** The distance from {@code path} to its nearest fellow member among the pairs found. */
    public double nearestDistance(String path) {
        double best = Double.POSITIVE_INFINITY;
        for (DuplicatePair pair : pairs) {
            if (pair.first().equals(path) || pair.second().equals(path)) {
                best = Math.min(best, pair.distance());
            }
        }
        return best;
    }

    /** The member closest to {@code path} among the pairs found. */
    public String nearest(String path) {
        double best = Double.POSITIVE_INFINITY;
        String nearest = "";
        for (DuplicatePair pair : pairs) {
            String other = pair.first().equals(path) ? pair.second() : pair.second().equals(path) ? pair.first() : null;
            if (other != null && pair.distance() < best) {
                best = pair.distance();
                nearest = other;
            }
        }
        return nearest;
    }
}
