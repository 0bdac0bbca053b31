/**
 * Whole data sets: the embedded {@link dev.siamese.data.readers.SyntheticDigits} (the paper's default) with their
 * glyphs and strokes, the MNIST IDX format ({@link dev.siamese.data.readers.IdxReader},
 * {@link dev.siamese.data.readers.IdxWriter}, {@link dev.siamese.data.readers.IdxDatasets}), the CIFAR-10 binary
 * release ({@link dev.siamese.data.readers.Cifar10BinaryReader}, {@link dev.siamese.data.readers.Cifar10BinaryWriter}),
 * folders of picture files ({@link dev.siamese.data.readers.ImageFolderReader} with its
 * {@link dev.siamese.data.readers.DecodedDatasetCache}) and class-balanced subsets
 * ({@link dev.siamese.data.readers.DatasetSubsets}).
 */
package dev.siamese.data.readers;
