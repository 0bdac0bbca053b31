/**
 * Data sets and pair sampling: {@link dev.siamese.data.SyntheticDigits}, {@link dev.siamese.data.IdxReader},
 * {@link dev.siamese.data.IdxWriter}, {@link dev.siamese.data.IdxDatasets},
 * {@link dev.siamese.data.Cifar10BinaryReader}, {@link dev.siamese.data.Cifar10BinaryWriter},
 * {@link dev.siamese.data.ImageFolderReader} with its {@link dev.siamese.data.DecodedDatasetCache},
 * {@link dev.siamese.data.Preprocessing} and {@link dev.siamese.data.BalancedPairSampler}.
 */
package dev.siamese.data;
