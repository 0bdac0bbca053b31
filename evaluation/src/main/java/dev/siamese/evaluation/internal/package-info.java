/**
 * Helpers for the figures and metrics (not exported): principal components for the embedding map and seeded
 * subsampling of large embedding sets.
 */
package dev.siamese.evaluation.internal;
