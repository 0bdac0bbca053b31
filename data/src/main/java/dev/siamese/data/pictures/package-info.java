/**
 * One picture file: {@link dev.siamese.data.pictures.Pictures} decodes and resamples it to a shape,
 * {@link dev.siamese.data.pictures.FileNames} walks folders and prints names that are not UTF-8,
 * {@link dev.siamese.data.pictures.SkippedFile} says why a file was left out and
 * {@link dev.siamese.data.pictures.Preprocessing} holds the paper's switches (grey, min-max, OTSU).
 */
package dev.siamese.data.pictures;
