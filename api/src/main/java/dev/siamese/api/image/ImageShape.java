package dev.siamese.api.image;

/**
 * The shape of one picture: height, width and channels (1 for grey, 3 for RGB).
 * Pixels are stored row by row, channels last (HWC), as float values in [0, 1].
 */
public record ImageShape(int height, int width, int channels) {

    public ImageShape {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image height and width must be positive, got " + height + "x" + width);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("image channels must be 1 (grey) or 3 (RGB), got " + channels);
        }
    }

    /** The paper's digit shape, 28x28x1. */
    public static ImageShape digits() {
        return new ImageShape(28, 28, 1);
    }

    /** Number of float values in one picture. */
    public int length() {
        return height * width * channels;
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
