package dev.siamese.data.augmentation;

import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.internal.Resampling;
import dev.siamese.data.pictures.JpegEncoder;
import dev.siamese.data.pictures.internal.PictureDecoder;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

/**
 * Makes random altered copies of a picture, within the bounds of an {@link Augmentation}, in this order: a crop window
 * (random size and position) turned by a small random angle and resampled bilinearly to the picture's own size
 * (what falls outside the picture is black); a loss of resolution (shrunk by area averaging, enlarged back
 * bilinearly); a brightness and contrast change (contrast around the picture's mean); a JPEG re-compression. Each
 * copy is fixed by the random generator it is given, so copies are reproducible and can be made on many threads at
 * once. Thread-safe.
 */
public final class Augmenter {
    private final Augmentation augmentation;

    public Augmenter(Augmentation augmentation) {
        this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
    }

    public Augmentation augmentation() {
        return augmentation;
    }

    /** A random copy of {@code picture}, of the same shape, drawn with {@code random}. */
    public Image copy(Image picture, SplittableRandom random) {
        ImageShape shape = picture.shape();
        float[] out = new float[shape.length()];
        copyInto(picture.pixels(), shape, random, out, 0);
        return new Image(shape, out);
    }

    /**
     * Writes a random copy of the picture {@code source} (HWC, {@code shape}) into {@code out[offset ..]}; the
     * source is not changed.
     */
    public void copyInto(float[] source, ImageShape shape, SplittableRandom random, float[] out, int offset) {
        Augmentation a = augmentation;
        int h = shape.height();
        int w = shape.width();
        // draw every number first, in a fixed order, so that a copy depends only on the generator's state
        double sideX = uniform(random, a.cropMin(), 1);
        double sideY = Math.min(1, Math.max(a.cropMin(), sideX * uniform(random, 0.9, 1.1)));
        double centreX = uniform(random, sideX / 2, 1 - sideX / 2);
        double centreY = uniform(random, sideY / 2, 1 - sideY / 2);
        double angle = random.nextDouble() < a.rotationProbability()
                ? Math.toRadians(uniform(random, -a.rotationDegrees(), a.rotationDegrees())) : 0;
        double downscale = random.nextDouble() < a.downscaleProbability() ? uniform(random, a.downscaleMin(), 1) : 1;
        boolean colour = random.nextDouble() < a.colourProbability();
        double offsetBrightness = uniform(random, -a.brightness(), a.brightness());
        double factorContrast = uniform(random, 1 - a.contrast(), 1 + a.contrast());
        boolean jpeg = random.nextDouble() < a.jpegProbability();
        int quality = a.jpegQualityMin() + random.nextInt(a.jpegQualityMax() - a.jpegQualityMin() + 1);

        float[] pixels = Resampling.warp(source, shape, centreX * w, centreY * h, sideX * w, sideY * h, angle);
        if (downscale < 1) {
            int smallH = Math.max(1, (int) Math.round(h * downscale));
            int smallW = Math.max(1, (int) Math.round(w * downscale));
            if (smallH < h || smallW < w) {
                ImageShape small = new ImageShape(smallH, smallW, shape.channels());
                pixels = fit(fit(pixels, shape, small), small, shape);
            }
        }
        if (colour) {
            adjust(pixels, offsetBrightness, factorContrast);
        }
        if (jpeg) {
            pixels = jpeg(pixels, shape, quality);
        }
        System.arraycopy(pixels, 0, out, offset, pixels.length);
    }

    private static double uniform(SplittableRandom random, double low, double high) {
        return high > low ? low + (high - low) * random.nextDouble() : low;
    }

    private static void adjust(float[] pixels, double brightness, double contrast) {
        double mean = 0;
        for (float v : pixels) {
            mean += v;
        }
        mean /= pixels.length;
        for (int i = 0; i < pixels.length; i++) {
            double v = (pixels[i] - mean) * contrast + mean + brightness;
            pixels[i] = (float) Math.min(1, Math.max(0, v));
        }
    }

    private static float[] fit(float[] pixels, ImageShape from, ImageShape to) {
        byte[] bytes = new byte[to.length()];
        PictureDecoder.fit(toBufferedImage(pixels, from), to, bytes, 0);
        return toFloats(bytes);
    }

    private static float[] jpeg(float[] pixels, ImageShape shape, int quality) {
        try {
            byte[] encoded = JpegEncoder.encode(toBufferedImage(pixels, shape), quality);
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(encoded));
            byte[] bytes = new byte[shape.length()];
            PictureDecoder.fit(decoded, shape, bytes, 0);
            return toFloats(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG re-compression in memory failed", e);
        }
    }

    static BufferedImage toBufferedImage(float[] pixels, ImageShape shape) {
        int h = shape.height();
        int w = shape.width();
        if (shape.channels() == 1) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            byte[] raster = new byte[h * w];
            for (int i = 0; i < raster.length; i++) {
                raster[i] = (byte) toByte(pixels[i]);
            }
            image.getRaster().setDataElements(0, 0, w, h, raster);
            return image;
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[h * w];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = toByte(pixels[3 * i]) << 16 | toByte(pixels[3 * i + 1]) << 8 | toByte(pixels[3 * i + 2]);
        }
        image.setRGB(0, 0, w, h, rgb, 0, w);
        return image;
    }

    private static int toByte(float v) {
        return Math.round(Math.min(1f, Math.max(0f, v)) * 255f);
    }

    private static float[] toFloats(byte[] bytes) {
        float[] out = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (bytes[i] & 0xFF) / 255f;
        }
        return out;
    }
}
