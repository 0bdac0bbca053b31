/**
 * Implementation shared by the search packages (exported to the application only, for {@code Csv}): the blocked
 * dot-product kernels and their SIMD probe, atomic file writes and CSV quoting. {@code internal.hnsw} holds the
 * HNSW graph.
 */
package dev.siamese.search.internal;
