package dev.siamese.data.pictures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The one JPEG encoder writes the same bytes, bit for bit, as the two it replaces: the augmentation's in-memory
 * re-compression (grey and RGB pictures, {@code Augmenter.jpeg} before) and the near-duplicate set's file writer
 * (RGB pictures, {@code PictureTransforms.writeJpeg} before), on generated pictures of several sizes and qualities.
 */
class JpegEncoderSameAsBeforeTest {
    private static final int[][] SIZES = {{1, 1}, {7, 5}, {28, 28}, {32, 32}, {61, 97}, {250, 180}};
    private static final int[] QUALITIES = {1, 25, 50, 80, 95, 100};

    @TempDir
    Path folder;

    @Test
    void inMemoryBytesAreTheAugmentersOldBytes() throws IOException {
        int compared = 0;
        for (int[] size : SIZES) {
            for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_RGB}) {
                BufferedImage picture = noisyGradient(size[0], size[1], type, size[0] * 31L + type);
                for (int quality : QUALITIES) {
                    assertThat(JpegEncoder.encode(picture, quality)).as("%dx%d type %d quality %d", size[0], size[1],
                            type, quality).isEqualTo(oldAugmenterBytes(picture, quality));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(SIZES.length * 2 * QUALITIES.length);
    }

    @Test
    void fileBytesAreTheNearDuplicateWritersOldBytes() throws IOException {
        for (int[] size : SIZES) {
            BufferedImage picture = noisyGradient(size[0], size[1], BufferedImage.TYPE_INT_RGB, size[1]);
            for (int quality : new int[] {25, 95}) {
                Path before = folder.resolve("before-" + size[0] + "-" + quality + ".jpg");
                Path now = folder.resolve("now-" + size[0] + "-" + quality + ".jpg");
                oldNearDuplicateWrite(picture, quality, before);
                JpegEncoder.write(picture, quality, now);
                assertThat(Files.readAllBytes(now)).as("%dx%d quality %d", size[0], size[1], quality)
                        .isEqualTo(Files.readAllBytes(before));
            }
        }
    }

    @Test
    void aQualityOutsideOneToAHundredIsRefusedByValue() {
        BufferedImage picture = noisyGradient(4, 4, BufferedImage.TYPE_INT_RGB, 1);
        assertThatThrownBy(() -> JpegEncoder.encode(picture, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> JpegEncoder.encode(picture, 101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 101");
    }

    @Test
    void aFailedEncodingWritesNoFile() {
        BufferedImage alpha = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        Path file = folder.resolve("alpha.jpg");
        assertThatThrownBy(() -> JpegEncoder.write(alpha, 90, file)).isInstanceOf(IOException.class);
        assertThat(file).doesNotExist();
    }

    /** A gradient with noise, so that every quality gives different bytes. */
    static BufferedImage noisyGradient(int width, int height, int type, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int base = (x * 255 / Math.max(1, width - 1) + y * 128 / Math.max(1, height - 1)) / 2;
                int r = clamp(base + random.nextInt(-40, 41));
                int g = clamp(255 - base + random.nextInt(-40, 41));
                int b = clamp(random.nextInt(256));
                if (type == BufferedImage.TYPE_BYTE_GRAY) {
                    image.getRaster().setSample(x, y, 0, r);
                } else {
                    image.setRGB(x, y, r << 16 | g << 8 | b);
                }
            }
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** Augmenter.jpeg's encoding before the encoder had one home. */
    private static byte[] oldAugmenterBytes(BufferedImage picture, int quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(picture.getWidth() * picture.getHeight());
            try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(buffer)) {
                writer.setOutput(stream);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
                writer.write(null, new IIOImage(picture, null, null), param);
            }
            return buffer.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    /** PictureTransforms.writeJpeg's encoding of an RGB picture before the encoder had one home. */
    private static void oldNearDuplicateWrite(BufferedImage rgb, int quality, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (java.io.OutputStream target = Files.newOutputStream(file);
             ImageOutputStream out = ImageIO.createImageOutputStream(target)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
