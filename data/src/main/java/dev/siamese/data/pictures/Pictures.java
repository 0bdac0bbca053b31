package dev.siamese.data.pictures;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import dev.siamese.data.pictures.internal.PictureDecoder;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Turns picture files and {@link BufferedImage}s into model input, converted exactly the way the image-folder reader
 * converts training pictures: RGB to grey by BT.601 luminance or grey to RGB by replication, area averaging on a side
 * that shrinks and bilinear interpolation on a side that grows, then rounding to 8 bits and scaling to [0, 1].
 * Alpha is ignored. Thread-safe.
 */
public final class Pictures {

    private Pictures() {
    }

    /** Reads {@code file} (PNG, JPEG, BMP, GIF, WebP, TIFF; EXIF orientation applied) as a picture of {@code shape}. */
    public static Image read(Path file, ImageShape shape) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(shape, "shape");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DatasetException("cannot read picture " + file + ": " + e.getMessage(), e);
        }
        byte[] bytes = new byte[shape.length()];
        String problem = PictureDecoder.decodeInto(file, size, shape, bytes, 0);
        if (problem != null) {
            throw new DatasetException("picture " + file + " " + problem);
        }
        return toImage(shape, bytes);
    }

    /**
     * Reads a picture file's {@code content} (fetched from any file system) as a picture of {@code shape}, exactly as
     * {@link #read(Path, ImageShape)} reads the same bytes from a file; {@code name} only names it in errors.
     */
    public static Image read(byte[] content, String name, ImageShape shape) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(shape, "shape");
        byte[] bytes = new byte[shape.length()];
        String problem = PictureDecoder.decodeInto(content, shape, bytes, 0);
        if (problem != null) {
            throw new DatasetException("picture " + name + " " + problem);
        }
        return toImage(shape, bytes);
    }

    /**
     * The width and height {@code file} declares in its header (nothing is decoded), or empty when it cannot be read
     * as a picture.
     */
    public static java.util.Optional<int[]> dimensions(Path file) {
        return java.util.Optional.ofNullable(PictureDecoder.dimensions(Objects.requireNonNull(file, "file")));
    }

    /** Converts {@code image} to a picture of {@code shape}. */
    public static Image of(BufferedImage image, ImageShape shape) {
        Objects.requireNonNull(image, "image");
        byte[] bytes = new byte[shape.length()];
        PictureDecoder.fit(image, shape, bytes, 0);
        return toImage(shape, bytes);
    }

    private static Image toImage(ImageShape shape, byte[] bytes) {
        float[] pixels = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            pixels[i] = (bytes[i] & 0xFF) / 255f;
        }
        return new Image(shape, pixels);
    }
}
