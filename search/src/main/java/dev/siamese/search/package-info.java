/**
 * Searching and de-duplicating large picture collections. This package holds what the parts share: the settings
 * {@link dev.siamese.search.SearchSettings} and the Guice binding {@link dev.siamese.search.SearchModule},
 * {@link dev.siamese.search.SearchHit}, {@link dev.siamese.search.SearchException} and the search-cluster SPI
 * ({@link dev.siamese.search.RemoteIndex}, {@link dev.siamese.search.RemoteIndexProvider},
 * {@link dev.siamese.search.RemoteIndexes}).
 *
 * <p>The parts live in sub-packages: {@link dev.siamese.search.hashes} (perceptual hash baselines),
 * {@link dev.siamese.search.knn} (exact k-nearest neighbours), {@link dev.siamese.search.index} (the on-disk
 * embedding index), {@link dev.siamese.search.dedup} (near-duplicate groups and their reports),
 * {@link dev.siamese.search.scan} (decoding and embedding a folder in parallel batches),
 * {@link dev.siamese.search.neardup} (the near-duplicate benchmark) and {@link dev.siamese.search.bench}
 * (command-line benchmarks).
 */
package dev.siamese.search;
