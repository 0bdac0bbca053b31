package dev.siamese.search;

import java.util.List;
import java.util.Objects;

/**
 * The result of a near-duplicate search: the groups (pictures with no duplicate are left out), how distances were
 * measured ({@code euclidean} or {@code hamming}), the threshold, whether the pairs are exact or came from an
 * approximate index, and how many pictures were compared.
 */
public record DuplicateGroups(String metric, double threshold, boolean exact, int compared, List<DuplicateGroup> groups) {

    public DuplicateGroups {
        Objects.requireNonNull(metric, "metric");
        groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
    }

    /** The number of pictures that have at least one duplicate. */
    public int duplicatePictures() {
        return groups.stream().mapToInt(g -> g.paths().size()).sum();
    }
}
