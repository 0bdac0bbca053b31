/**
 * The classic perceptual hash baselines behind {@link dev.siamese.search.hashes.PerceptualHash}:
 * {@link dev.siamese.search.hashes.AverageHash}, {@link dev.siamese.search.hashes.DifferenceHash} and
 * {@link dev.siamese.search.hashes.DctHash}, with the grey resampler they share.
 */
package dev.siamese.search.hashes;
