package dev.siamese.data.augmentation;

import dev.siamese.config.Settings;

/**
 * How {@link Augmenter} alters a picture to make a "similar" copy of it ({@code siamese.data.augmentation}): the kinds
 * of change a picture goes through on its way between collections (cropping, slight rotation, loss of resolution,
 * brightness and contrast, JPEG re-compression), each drawn at random within these bounds.
 *
 * @param cropMin             each side of the kept window is a random fraction in [cropMin, 1] of the picture's side
 * @param rotationDegrees     largest rotation either way, in degrees (corners outside the picture become black)
 * @param rotationProbability chance that a copy is rotated
 * @param downscaleMin        smallest fraction a copy is shrunk to (and enlarged back from), losing detail
 * @param downscaleProbability chance that a copy loses resolution
 * @param brightness          largest brightness offset either way, in units of the full range [0, 1]
 * @param contrast            largest relative contrast change either way (0.3: factor in [0.7, 1.3])
 * @param colourProbability   chance that brightness and contrast change
 * @param jpegProbability     chance that a copy is re-compressed as JPEG
 * @param jpegQualityMin      lowest JPEG quality, 1-100
 * @param jpegQualityMax      highest JPEG quality, jpegQualityMin-100
 */
public record Augmentation(double cropMin, double rotationDegrees, double rotationProbability, double downscaleMin,
                           double downscaleProbability, double brightness, double contrast, double colourProbability,
                           double jpegProbability, int jpegQualityMin, int jpegQualityMax) {

    public Augmentation {
        check("crop-min", cropMin, 0.1, 1);
        check("rotation-degrees", rotationDegrees, 0, 45);
        check("rotation-probability", rotationProbability, 0, 1);
        check("downscale-min", downscaleMin, 0.05, 1);
        check("downscale-probability", downscaleProbability, 0, 1);
        check("brightness", brightness, 0, 1);
        check("contrast", contrast, 0, 1);
        check("colour-probability", colourProbability, 0, 1);
        check("jpeg-probability", jpegProbability, 0, 1);
        check("jpeg-quality-min", jpegQualityMin, 1, 100);
        check("jpeg-quality-max", jpegQualityMax, jpegQualityMin, 100);
    }

    /** The defaults of {@code reference.conf}: the changes of a near-duplicate benchmark, a little wider. */
    public static Augmentation defaults() {
        return new Augmentation(0.7, 7, 0.5, 0.35, 0.5, 0.2, 0.3, 0.5, 0.5, 15, 90);
    }

    /** No change at all: every copy equals its picture (for tests). */
    public static Augmentation none() {
        return new Augmentation(1, 0, 0, 1, 0, 0, 0, 0, 0, 100, 100);
    }

    /** Reads and validates {@code siamese.data.augmentation}. */
    public static Augmentation from(Settings s) {
        String p = "siamese.data.augmentation.";
        int qualityMin = s.getInt(p + "jpeg-quality-min", 1, 100);
        return new Augmentation(
                s.getDouble(p + "crop-min", 0.1, false, 1),
                s.getDouble(p + "rotation-degrees", 0, false, 45),
                s.getDouble(p + "rotation-probability", 0, false, 1),
                s.getDouble(p + "downscale-min", 0.05, false, 1),
                s.getDouble(p + "downscale-probability", 0, false, 1),
                s.getDouble(p + "brightness", 0, false, 1),
                s.getDouble(p + "contrast", 0, false, 1),
                s.getDouble(p + "colour-probability", 0, false, 1),
                s.getDouble(p + "jpeg-probability", 0, false, 1),
                qualityMin,
                s.getInt(p + "jpeg-quality-max", qualityMin, 100));
    }

    private static void check(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException("augmentation " + key + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}
