package dev.siamese.search;

import dev.siamese.search.index.EmbeddingIndex;

import java.util.List;

/**
 * Embeddings held by a search cluster (a SolrCloud collection, say) rather than a local {@link EmbeddingIndex}:
 * answers k-nearest-neighbour queries with the Euclidean distances the local index would give. Opened through
 * {@link RemoteIndexes#open}; close it to release its connections.
 */
public interface RemoteIndex extends AutoCloseable {

    /** Where it lives, for messages ({@code solr http://host:8983/solr collection pictures}). */
    String location();

    /** The length of the vectors it holds. */
    int dimension();

    /** How many pictures it holds. */
    long size();

    /** The {@code k} nearest pictures to {@code query}, nearest first, with their Euclidean distances. */
    List<SearchHit> search(float[] query, int k);

    /** The 64-bit DCT hashes stored with {@code paths} (those it does not hold are left out). */
    java.util.Map<String, Long> hashes(List<String> paths);

    @Override
    void close();
}
