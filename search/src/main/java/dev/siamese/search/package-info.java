/**
 * Searching and de-duplicating large picture collections: {@link dev.siamese.search.PerceptualHash} baselines,
 * {@link dev.siamese.search.ExactKnn}, the on-disk {@link dev.siamese.search.EmbeddingIndex},
 * {@link dev.siamese.search.DuplicateFinder} and {@link dev.siamese.search.FolderScanner}.
 */
package dev.siamese.search;
