/**
 * Data sets and pair sampling: {@link dev.siamese.data.SyntheticDigits}, {@link dev.siamese.data.IdxReader},
 * {@link dev.siamese.data.IdxWriter}, {@link dev.siamese.data.IdxDatasets} and
 * {@link dev.siamese.data.BalancedPairSampler}.
 */
package dev.siamese.data;
