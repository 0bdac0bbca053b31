/**
 * The persistent approximate index: {@link dev.siamese.search.index.EmbeddingIndex} (HNSW vectors in Lucene,
 * updated incrementally) with its {@link dev.siamese.search.index.IndexEntry},
 * {@link dev.siamese.search.index.IndexContents} and {@link dev.siamese.search.index.IndexCheck}, and the
 * {@link dev.siamese.search.index.EuclideanScores} that turn Lucene scores back into distances.
 */
package dev.siamese.search.index;
