package dev.siamese.data.pictures.internal;

import dev.siamese.api.image.ImageShape;
import dev.siamese.data.pictures.Pictures;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The 1/8-scale DCT-domain JPEG path against the full decode it replaces. */
class JpegEighthDecoderTest {

    private static final ImageShape RGB64 = new ImageShape(64, 64, 3);

    static BufferedImage photoLike(int width, int height, int type, long seed) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        Random random = new Random(seed);
        g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt(0xFFFFFF)), width, height,
                new Color(random.nextInt(0xFFFFFF))));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.setStroke(new BasicStroke(1 + random.nextInt(12)));
            g.drawLine(random.nextInt(width), random.nextInt(height), random.nextInt(width), random.nextInt(height));
            g.fillOval(random.nextInt(width), random.nextInt(height), 10 + random.nextInt(width / 4), 10 + random.nextInt(height / 4));
        }
        g.dispose();
        return image;
    }

    static byte[] jpeg(BufferedImage image, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * Mean and largest absolute difference, in 8-bit levels, between the fast and the full decode of {@code content},
     * and the largest difference of one channel's mean over the picture.
     */
    static double[] difference(byte[] content, ImageShape shape) throws IOException {
        BufferedImage eighth = JpegEighthDecoder.decode(content, shape.width(), shape.height());
        assertThat(eighth).as("read at 1/8").isNotNull();
        byte[] fast = new byte[shape.length()];
        PictureDecoder.fit(eighth, shape, fast, 0);
        byte[] full = new byte[shape.length()];
        PictureDecoder.fit(ImageIO.read(new java.io.ByteArrayInputStream(content)), shape, full, 0);
        double sum = 0;
        int max = 0;
        double[] channelDifference = new double[shape.channels()];
        for (int i = 0; i < fast.length; i++) {
            int d = Math.abs((fast[i] & 0xFF) - (full[i] & 0xFF));
            sum += d;
            max = Math.max(max, d);
            channelDifference[i % shape.channels()] += ((fast[i] & 0xFF) - (full[i] & 0xFF));
        }
        double worstChannel = 0;
        for (double c : channelDifference) {
            worstChannel = Math.max(worstChannel, Math.abs(c) / (fast.length / shape.channels()));
        }
        return new double[] {sum / fast.length, max, worstChannel};
    }

    @Test
    void aPhotographSizedJpegAtOneEighthIsTheFullDecodeWithinAFewLevels() throws IOException {
        // 4:2:0 colour, sizes not multiples of 16, and grey; sharp saturated shapes are the worst case (measured 4.1
        // levels at 1024x768, where output pixels fall on block edges, 8.1 at 777x1313, where an output pixel spans
        // 1.5 blocks and the block means blur its edges; real photographs: 0.46, below)
        for (int[] size : new int[][] {{1024, 768}, {1203, 901}, {777, 1313}}) {
            byte[] content = jpeg(photoLike(size[0], size[1], BufferedImage.TYPE_INT_RGB, size[0]), false);
            double[] d = difference(content, RGB64);
            assertThat(d[0]).as("mean difference at %dx%d", size[0], size[1]).isLessThan(10);
            // single pixels can differ a lot where a sharp edge crosses a block an output pixel only partly covers (the
            // block's mean stands for all of it, as with libjpeg's 1/8 scaling); the colour of the whole cannot
            assertThat(d[2]).as("largest difference of a channel's mean at %dx%d", size[0], size[1]).isLessThan(1.0);
            BufferedImage eighth = JpegEighthDecoder.decode(content, 64, 64);
            assertThat(eighth.getWidth()).isEqualTo((size[0] + 7) / 8);
            assertThat(eighth.getHeight()).isEqualTo((size[1] + 7) / 8);
        }
        // progressive: the DC scans alone (first pass and refinement), the AC scans stepped over
        byte[] progressive = jpeg(photoLike(1203, 901, BufferedImage.TYPE_INT_RGB, 1203), true);
        double[] dp = difference(progressive, RGB64);
        double[] db = difference(jpeg(photoLike(1203, 901, BufferedImage.TYPE_INT_RGB, 1203), false), RGB64);
        assertThat(dp[0]).as("progressive against its full decode").isLessThan(10);
        assertThat(dp[2]).isLessThan(1.0);
        assertThat(Math.abs(dp[0] - db[0])).as("progressive as close as baseline").isLessThan(1.0);
        byte[] greyProgressive = jpeg(photoLike(900, 700, BufferedImage.TYPE_BYTE_GRAY, 10), true);
        assertThat(difference(greyProgressive, new ImageShape(64, 64, 1))[2]).isLessThan(1.0);

        // smooth colour: within a level or two everywhere
        BufferedImage smooth = new BufferedImage(1000, 750, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = smooth.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 200), 1000, 750, new Color(220, 180, 40)));
        g.fillRect(0, 0, 1000, 750);
        g.dispose();
        double[] d = difference(jpeg(smooth, false), RGB64);
        assertThat(d[0]).isLessThan(1.0);
        assertThat(d[1]).isLessThanOrEqualTo(3);
        byte[] grey = jpeg(photoLike(900, 700, BufferedImage.TYPE_BYTE_GRAY, 9), false);
        double[] g1 = difference(grey, new ImageShape(64, 64, 1));
        assertThat(g1[0]).isLessThan(10);
        assertThat(g1[2]).isLessThan(1.0);
    }

    @Test
    void whatItDoesNotReadGoesToTheFullDecoder() throws IOException {
        // (progressive JPEGs are read: see above)
        BufferedImage photo = photoLike(1000, 800, BufferedImage.TYPE_INT_RGB, 4);
        assertThat(JpegEighthDecoder.decode(jpeg(photoLike(300, 200, BufferedImage.TYPE_INT_RGB, 5), false), 64, 64))
                .as("1/8 smaller than the target").isNull();
        byte[] png = new ByteArrayOutputStream() {{ ImageIO.write(photo, "png", this); }}.toByteArray();
        assertThat(JpegEighthDecoder.decode(png, 64, 64)).as("not a JPEG").isNull();

        // a truncated JPEG is refused by both paths alike: the fast one hands it to the full one, which says so
        byte[] whole = jpeg(photo, false);
        byte[] cut = Arrays.copyOf(whole, whole.length * 6 / 10);
        assertThat(JpegEighthDecoder.decode(cut, 64, 64)).isNull();
        assertThatThrownBy(() -> Pictures.read(cut, "cut.jpg", RGB64)).hasMessageContaining("truncated");
        // and the whole one reads through the public entry point
        assertThat(Pictures.read(whole, "whole.jpg", RGB64).pixels()).hasSize(RGB64.length());
    }

    /**
     * Real photographs (Debian's wallpaper packages, or SIAMESE_PHOTOS): how far the fast path is from the full one.
     * Skipped, saying so, where none are installed.
     */
    @Test
    void realPhotographsDifferByAboutOneLevel() throws IOException {
        String dir = System.getenv().getOrDefault("SIAMESE_PHOTOS", "/usr/share/backgrounds");
        List<Path> photos;
        try (Stream<Path> files = Files.isDirectory(Path.of(dir)) ? Files.walk(Path.of(dir)) : Stream.empty()) {
            photos = files.filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g$")).sorted().toList();
        }
        Assumptions.assumeFalse(photos.isEmpty(), "no JPEG photographs under " + dir
                + " (install Debian's ukui-wallpapers or set SIAMESE_PHOTOS): real-photo difference not measured");
        double worstMean = 0;
        double worstChannel = 0;
        double sumMean = 0;
        int read = 0;
        for (Path p : photos) {
            byte[] content = Files.readAllBytes(p);
            if (JpegEighthDecoder.decode(content, 64, 64) == null) {
                continue;
            }
            double[] d = difference(content, RGB64);
            worstMean = Math.max(worstMean, d[0]);
            worstChannel = Math.max(worstChannel, d[2]);
            sumMean += d[0];
            read++;
        }
        System.out.printf(Locale.ROOT, "%d of %d photographs read at 1/8; mean difference %.3f levels, worst picture %.3f,"
                + " worst channel mean %.3f%n", read, photos.size(), sumMean / Math.max(1, read), worstMean, worstChannel);
        assertThat(read).isPositive();
        assertThat(sumMean / read).isLessThan(1.0);
        // the worst is the smallest detailed picture (1365x1074: an output pixel spans 2.7 blocks), not a colour error:
        // no picture's colour is off by much on average (1.04 levels measured, on saturated yellow: the full decoder
        // clamps each pixel after upsampling the colour, this clamps each block)
        assertThat(worstMean).isLessThan(4.0);
        assertThat(worstChannel).isLessThan(1.5);
    }
}
