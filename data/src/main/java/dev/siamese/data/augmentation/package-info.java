/**
 * Random warps of training pictures: the settings {@link dev.siamese.data.augmentation.Augmentation} (crop, rotation,
 * loss of resolution, brightness and contrast, JPEG re-compression) and the
 * {@link dev.siamese.data.augmentation.Augmenter} that applies them.
 */
package dev.siamese.data.augmentation;
