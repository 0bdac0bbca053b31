/**
 * Training pairs: {@link dev.siamese.data.pairs.BalancedPairSampler} draws MATLAB-style {@code getSiameseBatch}
 * mini-batches, {@link dev.siamese.data.pairs.ClassBalancedSampler} labelled P x K batches for the triplet loss,
 * {@link dev.siamese.data.pairs.AugmentedPairSampler} and
 * {@link dev.siamese.data.pairs.AugmentedCopies} add augmented pictures, and
 * {@link dev.siamese.data.pairs.TrainingPairs} picks the sampler a run's settings ask for.
 */
package dev.siamese.data.pairs;
