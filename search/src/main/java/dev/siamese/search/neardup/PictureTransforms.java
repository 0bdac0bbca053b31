package dev.siamese.search.neardup;

import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import dev.siamese.data.pictures.JpegEncoder;
import dev.siamese.data.pictures.Pictures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The fixed edits of a near-duplicate benchmark, applied to whole pictures: each turns a picture into a copy that a
 * person would call "the same picture". Every copy is saved as JPEG at quality {@link #SAVE_QUALITY} except the
 * re-compressed one, which is saved at quality 25.
 */
public final class PictureTransforms {
    /** The JPEG quality copies are saved at (the re-compressed copy excepted). */
    public static final int SAVE_QUALITY = 95;

    /** One edit: a file-name-safe name, a description and the edit itself. */
    public record Transform(String name, String description, UnaryOperator<BufferedImage> edit, int quality) {
    }

    /** The five edits of the benchmark, in a fixed order. */
    public static final List<Transform> ALL = List.of(
            new Transform("resize50", "resized to 50% (area averaging)", p -> scale(p, 0.5), SAVE_QUALITY),
            new Transform("crop85", "central 85% of each side", p -> centreCrop(p, 0.85), SAVE_QUALITY),
            new Transform("jpeg25", "re-compressed as JPEG at quality 25", p -> p, 25),
            new Transform("rotate5", "turned 5 degrees about the centre, same canvas, black corners", p -> rotate(p, 5),
                    SAVE_QUALITY),
            new Transform("brightness", "brightness +12% of the range, contrast x1.25", p -> brightnessContrast(p, 0.12, 1.25),
                    SAVE_QUALITY));

    private PictureTransforms() {
    }

    /** {@code picture} scaled by {@code factor} with area averaging. */
    public static BufferedImage scale(BufferedImage picture, double factor) {
        int w = Math.max(1, (int) Math.round(picture.getWidth() * factor));
        int h = Math.max(1, (int) Math.round(picture.getHeight() * factor));
        return toBufferedImage(Pictures.of(picture, new ImageShape(h, w, 3)));
    }

    /** The central {@code fraction} of each side of {@code picture}. */
    public static BufferedImage centreCrop(BufferedImage picture, double fraction) {
        int w = Math.max(1, (int) Math.round(picture.getWidth() * fraction));
        int h = Math.max(1, (int) Math.round(picture.getHeight() * fraction));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(picture, -(picture.getWidth() - w) / 2, -(picture.getHeight() - h) / 2, null);
        g.dispose();
        return out;
    }

    /** {@code picture} turned by {@code degrees} about its centre on a canvas of its own size; corners are black. */
    public static BufferedImage rotate(BufferedImage picture, double degrees) {
        BufferedImage out = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.drawImage(picture, AffineTransform.getRotateInstance(Math.toRadians(degrees), picture.getWidth() / 2.0,
                picture.getHeight() / 2.0), null);
        g.dispose();
        return out;
    }

    /** Each channel value v (0-1) becomes {@code (v - 0.5) * contrast + 0.5 + brightness}, clamped. */
    public static BufferedImage brightnessContrast(BufferedImage picture, double brightness, double contrast) {
        BufferedImage out = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] lookup = new int[256];
        for (int v = 0; v < 256; v++) {
            double x = ((v / 255.0) - 0.5) * contrast + 0.5 + brightness;
            lookup[v] = (int) Math.round(Math.min(1, Math.max(0, x)) * 255);
        }
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                int rgb = picture.getRGB(x, y);
                out.setRGB(x, y, lookup[(rgb >> 16) & 0xFF] << 16 | lookup[(rgb >> 8) & 0xFF] << 8 | lookup[rgb & 0xFF]);
            }
        }
        return out;
    }

    /** An RGB {@link BufferedImage} of a picture (grey pictures are replicated to RGB). */
    public static BufferedImage toBufferedImage(Image picture) {
        ImageShape shape = picture.shape();
        BufferedImage out = new BufferedImage(shape.width(), shape.height(), BufferedImage.TYPE_INT_RGB);
        float[] p = picture.pixels();
        int c = shape.channels();
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                int i = (y * shape.width() + x) * c;
                int r = Math.round(p[i] * 255);
                int g = Math.round(p[i + (c == 3 ? 1 : 0)] * 255);
                int b = Math.round(p[i + (c == 3 ? 2 : 0)] * 255);
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return out;
    }

    /** Writes {@code picture} as a JPEG file of the given quality (1-100). */
    public static void writeJpeg(BufferedImage picture, int quality, Path file) {
        BufferedImage rgb = picture;
        if (picture.getType() != BufferedImage.TYPE_INT_RGB) {
            rgb = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.drawImage(picture, 0, 0, null);
            g.dispose();
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JpegEncoder.write(rgb, quality, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
