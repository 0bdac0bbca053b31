package dev.siamese.search;

import dev.siamese.config.Settings;
import dev.siamese.search.dedup.DuplicateGroups;
import dev.siamese.search.index.EmbeddingIndex;
import dev.siamese.search.index.Quantization;

import java.util.Set;

/**
 * The settings of large-scale comparison ({@code siamese.search}): how the embedding index is built and searched and
 * how near-duplicate groups are found and shown.
 *
 * @param index         the index's HNSW, search and commit options
 * @param batch         pictures decoded and embedded per batch
 * @param neighbours    approximate dedup: neighbours fetched per picture
 * @param htmlMaxGroups groups shown on the contact sheet
 * @param grouping      how dedup turns pairs into groups
 * @param maxPairs      dedup: the most pairs under the threshold kept in memory; more stop the run with an error
 */
public record SearchSettings(EmbeddingIndex.Options index, int batch, int neighbours, int htmlMaxGroups,
                             DuplicateGroups.Grouping grouping, long maxPairs) {

    /**
     * Heap one dedup pair costs at its peak, in bytes: what {@code siamese.search.dedup.max-pairs} multiplies. Where
     * the bytes go and how they were measured: {@code dev.siamese.search.dedup.PairLimit}.
     */
    public static final int BYTES_PER_PAIR = 240;

    public SearchSettings {
        if (index == null || grouping == null) {
            throw new IllegalArgumentException("index options and a grouping are required");
        }
        if (batch < 1 || neighbours < 1 || htmlMaxGroups < 1) {
            throw new IllegalArgumentException("batch, neighbours and html-max-groups must be at least 1");
        }
        if (maxPairs < 1) {
            throw new IllegalArgumentException("max-pairs must be at least 1, got " + maxPairs);
        }
    }

    private static int mergeThreads(int configured) {
        return configured > 0 ? configured : EmbeddingIndex.Options.defaults().mergeThreads();
    }

    /** Reads and validates {@code siamese.search}. */
    public static SearchSettings from(Settings s) {
        String p = "siamese.search.index.";
        return new SearchSettings(new EmbeddingIndex.Options(
                s.getInt(p + "max-connections", 2, 512),
                s.getInt(p + "beam-width", 1, 3200),
                s.getInt(p + "candidates", 1, 100_000),
                s.getInt(p + "commit-every", 1, Integer.MAX_VALUE),
                s.getDouble(p + "ram-buffer-mb", 1, false, 2000),
                mergeThreads(s.getInt(p + "merge-threads", 0, 256)),
                EmbeddingIndex.Graph.of(s.getChoice(p + "graph", Set.of("own", "lucene"))),
                Quantization.of(s.getChoice(p + "quantization", Set.of("none", "int7", "int4")))),
                s.getInt(p + "batch", 1, 65_536),
                s.getInt("siamese.search.dedup.neighbours", 1, 10_000),
                s.getInt("siamese.search.dedup.html-max-groups", 1, 1_000_000),
                DuplicateGroups.Grouping.of(s.getChoice("siamese.search.dedup.grouping", Set.of("connected", "centred"))),
                s.getLong("siamese.search.dedup.max-pairs", 1, Long.MAX_VALUE));
    }
}
