/**
 * The decoders behind {@link dev.siamese.data.pictures.Pictures} (not exported): the ImageIO decoder with its
 * resampler, the eighth-scale JPEG decoder, EXIF orientation, a path-backed image stream and the decode memory
 * budget.
 */
package dev.siamese.data.pictures.internal;
