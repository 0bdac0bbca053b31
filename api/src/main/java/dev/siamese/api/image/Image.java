package dev.siamese.api.image;

import java.util.Arrays;

/** An immutable picture: its shape and its pixels (HWC order, values in [0, 1]). */
public record Image(ImageShape shape, float[] pixels) {

    public Image {
        if (shape == null || pixels == null) {
            throw new IllegalArgumentException("image shape and pixels are required");
        }
        if (pixels.length != shape.length()) {
            throw new IllegalArgumentException("image of shape " + shape + " needs " + shape.length()
                    + " pixel values, got " + pixels.length);
        }
        pixels = pixels.clone();
        for (int i = 0; i < pixels.length; i++) {
            float v = pixels[i];
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException("pixel value " + v + " at index " + i + " is outside [0, 1]");
            }
        }
    }

    /** A copy of the pixels. */
    @Override
    public float[] pixels() {
        return pixels.clone();
    }

    /** The value at row {@code y}, column {@code x}, channel {@code c}. */
    public float get(int y, int x, int c) {
        return pixels[(y * shape.width() + x) * shape.channels() + c];
    }

    /** Copies the pixels into {@code dest} starting at {@code offset}. */
    public void copyTo(float[] dest, int offset) {
        System.arraycopy(pixels, 0, dest, offset, pixels.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Image other && shape.equals(other.shape) && Arrays.equals(pixels, other.pixels);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "Image[" + shape + "]";
    }
}
