package dev.siamese.evaluation.verification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Pairs of picture indices to compare, each flagged similar (same label) or dissimilar (different labels).
 *
 * <p>Pair {@code i} compares picture {@code left[i]} with picture {@code right[i]}. The arrays are copied on the
 * way in and on the way out, so a value of this type never changes.
 *
 * @param left    index of the first picture of each pair
 * @param right   index of the second picture of each pair
 * @param similar whether each pair is similar
 */
public record EvaluationPairs(int[] left, int[] right, boolean[] similar) {

    /** Validates and copies the arrays. */
    public EvaluationPairs {
        if (left == null || right == null || similar == null) {
            throw new IllegalArgumentException("left, right and similar must not be null");
        }
        if (left.length != right.length || left.length != similar.length) {
            throw new IllegalArgumentException("left, right and similar must have the same length, got "
                    + left.length + ", " + right.length + " and " + similar.length);
        }
        for (int i = 0; i < left.length; i++) {
            if (left[i] < 0 || right[i] < 0) {
                throw new IllegalArgumentException("pair " + i + " has a negative picture index: (" + left[i] + ", " + right[i] + ")");
            }
        }
        left = left.clone();
        right = right.clone();
        similar = similar.clone();
    }

    /**
     * Draws {@code count} random pairs, exactly {@code count / 2} similar and {@code count - count / 2} dissimilar,
     * in random order, deterministically for {@code seed}.
     *
     * <p>A similar pair picks a class uniformly among the classes with at least two pictures, then two different
     * pictures of it uniformly. A dissimilar pair picks two different classes uniformly, then one picture of each
     * uniformly (as MATLAB's {@code getSiameseBatch} does). Pairs are drawn independently, so the same pair can
     * occur twice.
     *
     * @param labels the label of each picture; the pair indices point into this array
     * @param count  the number of pairs, at least 1
     * @param seed   seed of the {@link SplittableRandom} that draws the pairs
     * @throws IllegalArgumentException if {@code count <= 0}, there are fewer than two classes, or similar pairs are
     *                                  needed but no class has two pictures
     */
    public static EvaluationPairs balanced(int[] labels, int count, long seed) {
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        int[][] classes = members(labels);
        if (classes.length < 2) {
            throw new IllegalArgumentException("balanced pairs need pictures of at least 2 classes, got "
                    + classes.length + " class(es) among " + labels.length + " pictures");
        }
        int similarCount = count / 2;
        List<int[]> eligible = new ArrayList<>();
        for (int[] members : classes) {
            if (members.length >= 2) {
                eligible.add(members);
            }
        }
        if (similarCount > 0 && eligible.isEmpty()) {
            throw new IllegalArgumentException("similar pairs need a class with at least 2 pictures; each of the "
                    + classes.length + " classes has only one");
        }

        SplittableRandom random = new SplittableRandom(seed);
        int[] left = new int[count];
        int[] right = new int[count];
        boolean[] similar = new boolean[count];
        for (int i = 0; i < count; i++) {
            if (i < similarCount) {
                int[] members = eligible.get(random.nextInt(eligible.size()));
                int a = random.nextInt(members.length);
                int b = random.nextInt(members.length - 1);
                if (b >= a) {
                    b++;
                }
                left[i] = members[a];
                right[i] = members[b];
                similar[i] = true;
            } else {
                int a = random.nextInt(classes.length);
                int b = random.nextInt(classes.length - 1);
                if (b >= a) {
                    b++;
                }
                left[i] = classes[a][random.nextInt(classes[a].length)];
                right[i] = classes[b][random.nextInt(classes[b].length)];
            }
        }
        // Shuffle so that any prefix of the pairs is balanced in expectation.
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = left[i];
            left[i] = left[j];
            left[j] = t;
            t = right[i];
            right[i] = right[j];
            right[j] = t;
            boolean s = similar[i];
            similar[i] = similar[j];
            similar[j] = s;
        }
        return new EvaluationPairs(left, right, similar);
    }

    /** The picture indices of each class, classes in ascending label order (so sampling is deterministic). */
    private static int[][] members(int[] labels) {
        Map<Integer, int[]> counts = new TreeMap<>();
        for (int label : labels) {
            counts.computeIfAbsent(label, l -> new int[1])[0]++;
        }
        Map<Integer, int[]> members = new TreeMap<>();
        Map<Integer, int[]> filled = new TreeMap<>();
        counts.forEach((label, n) -> {
            members.put(label, new int[n[0]]);
            filled.put(label, new int[1]);
        });
        for (int i = 0; i < labels.length; i++) {
            members.get(labels[i])[filled.get(labels[i])[0]++] = i;
        }
        return members.values().toArray(new int[0][]);
    }

    /** The number of pairs. */
    public int size() {
        return left.length;
    }

    /** The number of similar pairs. */
    public int similarCount() {
        int n = 0;
        for (boolean s : similar) {
            if (s) {
                n++;
            }
        }
        return n;
    }

    /** A copy of the first picture index of each pair. */
    @Override
    public int[] left() {
        return left.clone();
    }

    /** A copy of the second picture index of each pair. */
    @Override
    public int[] right() {
        return right.clone();
    }

    /** A copy of the similar flag of each pair. */
    @Override
    public boolean[] similar() {
        return similar.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvaluationPairs p && Arrays.equals(p.left, left) && Arrays.equals(p.right, right)
                && Arrays.equals(p.similar, similar);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(left) * 31 + Arrays.hashCode(right)) * 31 + Arrays.hashCode(similar);
    }

    @Override
    public String toString() {
        return "EvaluationPairs[" + size() + " pairs, " + similarCount() + " similar]";
    }
}
