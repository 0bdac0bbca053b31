/**
 * Exact k-nearest neighbours in cache-friendly blocks ({@link dev.siamese.search.knn.ExactKnn} returning
 * {@link dev.siamese.search.knn.Neighbours}) and the k-means cells ({@link dev.siamese.search.knn.KMeansCells}) that
 * split a large collection for dedup.
 */
package dev.siamese.search.knn;
