package dev.siamese.search.dedup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a near-duplicate search: the groups (pictures with no duplicate are left out), how distances were
 * measured ({@code euclidean} or {@code hamming}), the threshold, whether the pairs are exact or came from an
 * approximate index, how many pictures were compared and how pairs became groups.
 */
public record DuplicateGroups(String metric, double threshold, boolean exact, int compared, Grouping grouping,
                              List<DuplicateGroup> groups) {

    /** How pairs closer than the threshold become groups. */
    public enum Grouping {
        /** Connected components: a chain a-b, b-c is one group, however far apart a and c are. */
        CONNECTED,
        /**
         * Each group gathers around one centre. Centres are chosen in order of how many duplicates they have, each a
         * picture that is no duplicate of an earlier centre; every other picture joins the nearest centre among its
         * duplicates (a centre left alone joins its nearest duplicate's group). No chains: two groups joined by a few
         * false pairs stay apart, and a group's members are within the threshold of its centre (but for such a lone
         * centre).
         */
        CENTRED;

        /** The name used in settings and options. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The grouping named {@code label} ({@code connected} or {@code centred}). */
        public static Grouping of(String label) {
            for (Grouping g : values()) {
                if (g.label().equals(label)) {
                    return g;
                }
            }
            throw new IllegalArgumentException("unknown grouping '" + label + "' (expected connected or centred)");
        }
    }

    public DuplicateGroups {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(grouping, "grouping");
        groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
    }

    /** Connected components. */
    public DuplicateGroups(String metric, double threshold, boolean exact, int compared, List<DuplicateGroup> groups) {
        this(metric, threshold, exact, compared, Grouping.CONNECTED, groups);
    }

    /** The number of pictures that have at least one duplicate. */
    public int duplicatePictures() {
        return groups.stream().mapToInt(g -> g.paths().size()).sum();
    }

    /**
     * These pairs grouped as {@code wanted}: connected components split into {@link Grouping#CENTRED} groups (each
     * numbered from 1 in order of its component, then of its first member; pairs between two new groups are dropped),
     * or this result itself when it is grouped so already. Centred groups cannot be joined back into components.
     */
    public DuplicateGroups groupedAs(Grouping wanted) {
        if (wanted == grouping) {
            return this;
        }
        if (wanted != Grouping.CENTRED) {
            throw new IllegalArgumentException("centred groups cannot be regrouped as " + wanted.label()
                    + "; group the pairs again from the start");
        }
        List<DuplicateGroup> split = new ArrayList<>();
        for (DuplicateGroup component : groups) {
            Map<String, Integer> groupOf = centred(component);
            // members and pairs per new group, numbered in order of first member; pairs keep their order
            Map<Integer, List<String>> members = new java.util.LinkedHashMap<>();
            for (String path : component.paths()) {
                members.computeIfAbsent(groupOf.get(path), g -> new ArrayList<>()).add(path);
            }
            Map<Integer, List<DuplicatePair>> inside = new HashMap<>();
            for (DuplicatePair p : component.pairs()) {
                int g = groupOf.get(p.first());
                if (g == groupOf.get(p.second())) {
                    inside.computeIfAbsent(g, k -> new ArrayList<>()).add(p);
                }
            }
            members.forEach((g, paths) -> split.add(new DuplicateGroup(split.size() + 1, paths,
                    inside.getOrDefault(g, List.of()))));
        }
        return new DuplicateGroups(metric, threshold, exact, compared, Grouping.CENTRED, split);
    }

    /** The centred group of each member of one component, by path (group numbers are arbitrary). */
    private static Map<String, Integer> centred(DuplicateGroup component) {
        List<String> paths = component.paths();
        int n = paths.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(paths.get(i), i);
        }
        List<List<Integer>> neighbours = new ArrayList<>();
        List<List<Double>> distances = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            neighbours.add(new ArrayList<>());
            distances.add(new ArrayList<>());
        }
        for (DuplicatePair p : component.pairs()) {
            int a = index.get(p.first());
            int b = index.get(p.second());
            neighbours.get(a).add(b);
            distances.get(a).add(p.distance());
            neighbours.get(b).add(a);
            distances.get(b).add(p.distance());
        }
        // centres: in order of most duplicates, each picture no centre covers yet; a centre covers its duplicates,
        // so no two centres are duplicates of each other
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -neighbours.get(i).size()).thenComparingInt(i -> i));
        boolean[] covered = new boolean[n];
        int[] label = new int[n];
        Arrays.fill(label, -1);
        int groups = 0;
        for (int c : order) {
            if (!covered[c]) {
                covered[c] = true;
                neighbours.get(c).forEach(j -> covered[j] = true);
                label[c] = groups++;
            }
        }
        // every other picture joins its nearest centre among its duplicates
        boolean[] centre = new boolean[n];
        for (int i = 0; i < n; i++) {
            centre[i] = label[i] >= 0;
        }
        int[] size = new int[groups];
        Arrays.fill(size, 1);
        for (int i = 0; i < n; i++) {
            if (!centre[i]) {
                int nearest = nearest(i, neighbours, distances, centre);
                label[i] = label[nearest];
                size[label[i]]++;
            }
        }
        // a centre every duplicate of which went to a nearer centre joins its nearest duplicate's group
        for (int i = 0; i < n; i++) {
            if (centre[i] && size[label[i]] == 1) {
                size[label[i]] = 0;
                label[i] = label[nearest(i, neighbours, distances, null)];
                size[label[i]]++;
            }
        }
        Map<String, Integer> groupOf = new HashMap<>();
        for (int i = 0; i < n; i++) {
            groupOf.put(paths.get(i), label[i]);
        }
        return groupOf;
    }

    /** The nearest duplicate of {@code i} (among centres only, when {@code centre} is given); ties go to the first. */
    private static int nearest(int i, List<List<Integer>> neighbours, List<List<Double>> distances, boolean[] centre) {
        int nearest = -1;
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < neighbours.get(i).size(); k++) {
            int j = neighbours.get(i).get(k);
            double d = distances.get(i).get(k);
            if ((centre == null || centre[j]) && (nearest < 0 || d < best || (d == best && j < nearest))) {
                nearest = j;
                best = d;
            }
        }
        return nearest;
    }
}
