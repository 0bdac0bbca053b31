/**
 * The data a run learns from, chosen by settings: {@link dev.siamese.data.DataSettings} (which data set, how many
 * pictures, which preprocessing and pairs), {@link dev.siamese.data.LoadedData} with its
 * {@link dev.siamese.data.LoadProgress}, and the Guice binding {@link dev.siamese.data.DataModule}.
 *
 * <p>The parts live in sub-packages: {@link dev.siamese.data.pictures} (reading one picture file),
 * {@link dev.siamese.data.readers} (whole data sets), {@link dev.siamese.data.pairs} (pair sampling) and
 * {@link dev.siamese.data.augmentation} (random warps of training pictures).
 */
package dev.siamese.data;
