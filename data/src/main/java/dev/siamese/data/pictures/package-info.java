/**
 * One picture file: {@link dev.siamese.data.pictures.PictureFiles} says which files are pictures and walks folders
 * for them, {@link dev.siamese.data.pictures.Pictures} decodes and resamples one to a shape,
 * {@link dev.siamese.data.pictures.DecodePool} decodes many in parallel, {@link dev.siamese.data.pictures.JpegEncoder}
 * re-encodes one as JPEG, {@link dev.siamese.data.pictures.FileNames} prints names that are not UTF-8,
 * {@link dev.siamese.data.pictures.SkippedFile} says why a file was left out and
 * {@link dev.siamese.data.pictures.Preprocessing} holds the paper's switches (grey, min-max, OTSU).
 */
package dev.siamese.data.pictures;
