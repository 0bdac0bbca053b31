package dev.siamese.evaluation.retrieval;

import dev.siamese.api.model.Embeddings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Retrieval quality of embeddings: each query ranks the gallery by Euclidean distance, nearest first, and is scored
 * by where the gallery items of its own class land.
 *
 * <p>Definitions, per query, averaged over the scored queries:
 * <ul>
 *   <li><b>precision@1</b>: 1 if the nearest gallery item has the query's class, else 0;</li>
 *   <li><b>recall@k</b> (k = 1, 5, 10): 1 if at least one of the k nearest gallery items has the query's class,
 *       else 0 (the "recall@k" of the metric-learning literature, not the share of the class retrieved); so
 *       recall@1 equals precision@1;</li>
 *   <li><b>MAP@R</b>, as pytorch-metric-learning defines it: with R the number of gallery items of the query's
 *       class, capped at {@code maxR}, {@code AP@R = (1/R) * sum_{i=1..R} P(i) * rel(i)}, where rel(i) says whether
 *       the i-th nearest item has the query's class and P(i) is the share of such items among the i nearest.</li>
 * </ul>
 * Queries whose class has no item in the gallery cannot score anything and are left out of every mean (as
 * pytorch-metric-learning leaves out "lone" queries); {@link #scoredQueries()} says how many remain. Items at equal
 * distance rank by gallery index, lower first, so results are deterministic.
 *
 * @param mode          how queries and gallery were chosen, e.g. "test queries against the training gallery"
 * @param queries       number of queries
 * @param galleryItems  number of gallery items each query ranks (the gallery size, minus one in leave-one-out)
 * @param scoredQueries queries with at least one same-class gallery item; the means run over these
 * @param maxR          cap on R in MAP@R
 * @param precisionAt1  mean precision@1, NaN only when no query could be scored
 * @param recallAt1     mean recall@1
 * @param recallAt5     mean recall@5
 * @param recallAt10    mean recall@10
 * @param mapAtR        mean MAP@R with R capped at {@code maxR}
 */
public record RetrievalMetrics(
        String mode,
        int queries,
        int galleryItems,
        int scoredQueries,
        int maxR,
        double precisionAt1,
        double recallAt1,
        double recallAt5,
        double recallAt10,
        double mapAtR) {

    /** The default cap on R in MAP@R: 1,000, so a query ranks at most 1,000 gallery items beyond a cheap selection. */
    public static final int DEFAULT_MAX_R = 1000;

    /** Validates the values. */
    public RetrievalMetrics {
        if (mode == null || mode.isBlank()) {
            throw new IllegalArgumentException("mode must say how queries and gallery were chosen");
        }
        if (queries < 0 || galleryItems < 0 || scoredQueries < 0 || scoredQueries > queries) {
            throw new IllegalArgumentException("need 0 <= scoredQueries <= queries and galleryItems >= 0, got "
                    + scoredQueries + " scored of " + queries + " queries and " + galleryItems + " gallery items");
        }
        if (maxR < 1) {
            throw new IllegalArgumentException("maxR must be at least 1, got " + maxR);
        }
        for (double value : new double[] {precisionAt1, recallAt1, recallAt5, recallAt10, mapAtR}) {
            boolean valid = scoredQueries == 0 ? Double.isNaN(value) : value >= 0 && value <= 1;
            if (!valid) {
                throw new IllegalArgumentException("retrieval rates must be in [0, 1] (NaN when no query was scored), got "
                        + value + " with " + scoredQueries + " scored queries");
            }
        }
    }

    /**
     * Every query of {@code queries} ranks the whole gallery; for example test embeddings against training embeddings.
     *
     * <p>Cost: one exact distance per query and gallery item (O(queries x gallery x dimension), parallel over query
     * blocks), an O(gallery) selection of the {@code max(R, 10)} nearest per query and a sort of those; memory
     * O(gallery) per worker thread, never a queries x gallery matrix. 10,000 queries against 60,000 2-D items take
     * a few seconds on 2 cores.
     *
     * @param maxR cap on R in MAP@R, at least 1 (e.g. {@link #DEFAULT_MAX_R})
     * @throws IllegalArgumentException if label counts or dimensions do not match, the gallery is empty or an
     *                                  embedding is not finite
     */
    public static RetrievalMetrics of(Embeddings gallery, int[] galleryLabels, Embeddings queries, int[] queryLabels, int maxR) {
        return RetrievalSearch.run("test queries against the training gallery", gallery, galleryLabels, queries, queryLabels, false, maxR);
    }

    /**
     * Every item of {@code embeddings} is a query against all the others (leave-one-out), for example within the
     * test set. Same cost as {@link #of}.
     */
    public static RetrievalMetrics leaveOneOut(Embeddings embeddings, int[] labels, int maxR) {
        return RetrievalSearch.run("test queries against the other test pictures (leave-one-out)", embeddings, labels, embeddings, labels, true, maxR);
    }

    /** The scalar results by name, in a stable order, for JSON or table writers. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("precisionAt1", precisionAt1);
        map.put("recallAt1", recallAt1);
        map.put("recallAt5", recallAt5);
        map.put("recallAt10", recallAt10);
        map.put("mapAtR", mapAtR);
        map.put("maxR", maxR);
        map.put("queries", queries);
        map.put("scoredQueries", scoredQueries);
        map.put("galleryItems", galleryItems);
        map.put("mode", mode);
        return map;
    }
}
