package dev.siamese.data.pictures.internal;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The faster entropy decoding of {@link JpegEighthDecoder} gives the same pixels, bit for bit, as before
 * ({@link JpegEighthReference}), on JPEGs of every sampling layout, restart interval and quality, whole and cut short;
 * and, as an independent check, each pixel is the mean of its 8x8 block in ImageIO's full decode.
 */
class JpegEighthSameAsBeforeTest {

    private static final String FORMAT = "javax_imageio_jpeg_image_1.0";

    /** A JPEG of {@code image} with the luma sampling factors given (chroma 1x1), a restart interval and a quality. */
    static byte[] jpeg(BufferedImage image, int lumaH, int lumaV, int restartInterval, float quality, boolean progressive)
            throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
            IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
            NodeList components = root.getElementsByTagName("componentSpec");
            for (int c = 0; c < components.getLength(); c++) {
                Element spec = (Element) components.item(c);
                spec.setAttribute("HsamplingFactor", String.valueOf(c == 0 ? lumaH : 1));
                spec.setAttribute("VsamplingFactor", String.valueOf(c == 0 ? lumaV : 1));
            }
            if (restartInterval > 0) {
                IIOMetadataNode dri = new IIOMetadataNode("dri");
                dri.setAttribute("interval", String.valueOf(restartInterval));
                IIOMetadataNode markers = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
                markers.insertBefore(dri, root.getElementsByTagName("sof").item(0));
            }
            metadata.setFromTree(FORMAT, root);
            writer.write(null, new IIOImage(image, null, metadata), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Where the segment of {@code marker} starts (after its length), or -1: the written file is what the test asks. */
    static int segment(byte[] content, int marker) {
        int p = 2;
        while (p + 4 < content.length && (content[p] & 0xFF) == 0xFF) {
            if ((content[p + 1] & 0xFF) == marker) {
                return p + 4;
            }
            if ((content[p + 1] & 0xFF) == 0xDA) {
                return -1;
            }
            p += 2 + (((content[p + 2] & 0xFF) << 8) | (content[p + 3] & 0xFF));
        }
        return -1;
    }

    /** Smooth colour waves with per-pixel noise: busy entropy-coded data, and block means that subsampling keeps. */
    static BufferedImage wavesAndNoise(int width, int height, int type, long seed) {
        BufferedImage image = new BufferedImage(width, height, type);
        java.util.Random random = new java.util.Random(seed);
        double[] phase = random.doubles(6, 0, 2 * Math.PI).toArray();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = 128 + 60 * Math.sin(x / (97.0 + 23 * c) + phase[c])
                            + 40 * Math.cos(y / (83.0 + 19 * c) + phase[3 + c])
                            + random.nextInt(41) - 20;
                    rgb = (rgb << 8) | (int) Math.max(0, Math.min(255, v));
                }
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static void assertSameAsBefore(byte[] content, String what) {
        BufferedImage before = JpegEighthReference.decode(content, 8, 8);
        BufferedImage now = JpegEighthDecoder.decode(content, 8, 8);
        assertThat(before).as("%s: read at 1/8 before", what).isNotNull();
        assertThat(now).as("%s: read at 1/8", what).isNotNull();
        assertThat(now.getType()).as(what).isEqualTo(before.getType());
        assertThat(now.getWidth()).as(what).isEqualTo(before.getWidth());
        assertThat(now.getHeight()).as(what).isEqualTo(before.getHeight());
        assertThat(pixels(now)).as("%s: pixels", what).isEqualTo(pixels(before));
    }

    /** Mean absolute difference, in levels, between each pixel and the mean of its block in ImageIO's full decode. */
    private static double blockMeanDifference(byte[] content) throws IOException {
        BufferedImage eighth = JpegEighthDecoder.decode(content, 8, 8);
        BufferedImage full = ImageIO.read(new ByteArrayInputStream(content));
        assertThat(eighth.getWidth()).isEqualTo((full.getWidth() + 7) / 8);
        int[] fullPixels = pixels(full);
        double sum = 0;
        int count = 0;
        for (int by = 0; by < eighth.getHeight(); by++) {
            for (int bx = 0; bx < eighth.getWidth(); bx++) {
                int ours = eighth.getRGB(bx, by);
                for (int shift = 0; shift <= 16; shift += 8) {
                    double mean = 0;
                    int n = 0;
                    for (int y = by * 8; y < Math.min(full.getHeight(), by * 8 + 8); y++) {
                        for (int x = bx * 8; x < Math.min(full.getWidth(), bx * 8 + 8); x++) {
                            mean += (fullPixels[y * full.getWidth() + x] >> shift) & 0xFF;
                            n++;
                        }
                    }
                    sum += Math.abs(mean / n - ((ours >> shift) & 0xFF));
                    count++;
                }
            }
        }
        return sum / count;
    }

    @Test
    void colourPicturesOfEverySamplingLayoutRestartIntervalAndQualityDecodeAsBefore() throws IOException {
        int[][] layouts = {{2, 2}, {1, 1}, {2, 1}, {1, 2}};
        int[] restarts = {0, 1, 7};
        float[] qualities = {0.3f, 0.75f, 0.95f, 1.0f};
        int seed = 0;
        for (int[] layout : layouts) {
            for (int restart : restarts) {
                for (float quality : qualities) {
                    seed++;
                    int width = 203 + 16 * seed % 61;
                    int height = 157 + 8 * seed % 37;
                    String what = String.format("%dx%d sampling, restart %d, quality %.2f, %dx%d", layout[0],
                            layout[1], restart, quality, width, height);
                    byte[] busy = jpeg(JpegEighthDecoderTest.photoLike(width, height, BufferedImage.TYPE_INT_RGB, seed),
                            layout[0], layout[1], restart, quality, false);
                    int sof = segment(busy, 0xC0);
                    assertThat(busy[sof + 7]).as(what).isEqualTo((byte) (layout[0] << 4 | layout[1]));
                    assertThat(segment(busy, 0xDD) > 0).as(what).isEqualTo(restart > 0);
                    assertSameAsBefore(busy, "shapes, " + what);
                    byte[] waves = jpeg(wavesAndNoise(width, height, BufferedImage.TYPE_INT_RGB, seed), layout[0],
                            layout[1], restart, quality, false);
                    assertSameAsBefore(waves, "waves, " + what);
                    // subsampled colour: the full decode interpolates chroma across neighbouring blocks
                    assertThat(blockMeanDifference(waves)).as(what).isLessThan(layout[0] * layout[1] == 1 ? 1.0 : 2.5);
                }
            }
        }
    }

    @Test
    void greyAndProgressivePicturesDecodeAsBefore() throws IOException {
        for (int restart : new int[] {0, 3}) {
            for (float quality : new float[] {0.5f, 0.98f}) {
                BufferedImage grey = wavesAndNoise(333, 250, BufferedImage.TYPE_BYTE_GRAY, restart);
                byte[] content = jpeg(grey, 1, 1, restart, quality, false);
                assertSameAsBefore(content, "grey, restart " + restart + ", quality " + quality);
                assertThat(blockMeanDifference(content)).as("grey").isLessThan(1.0);
                BufferedImage colour = JpegEighthDecoderTest.photoLike(421, 290, BufferedImage.TYPE_INT_RGB, restart);
                assertSameAsBefore(jpeg(colour, 2, 2, restart, quality, true), "progressive, restart " + restart);
            }
        }
    }

    /** Real photographs, baseline and progressive (Debian's wallpapers, or SIAMESE_PHOTOS); skipped, saying so, without. */
    @Test
    void realPhotographsDecodeAsBefore() throws IOException {
        String dir = System.getenv().getOrDefault("SIAMESE_PHOTOS", "/usr/share/backgrounds");
        java.util.List<java.nio.file.Path> photos;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.isDirectory(java.nio.file.Path.of(dir))
                ? java.nio.file.Files.walk(java.nio.file.Path.of(dir)) : java.util.stream.Stream.empty()) {
            photos = files.filter(p -> p.toString().toLowerCase(java.util.Locale.ROOT).matches(".*\\.jpe?g$")).sorted()
                    .limit(60).toList();
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(photos.isEmpty(), "no JPEG photographs under " + dir
                + " (install Debian's ukui-wallpapers or set SIAMESE_PHOTOS): real photographs not compared");
        for (java.nio.file.Path p : photos) {
            assertSameAsBefore(java.nio.file.Files.readAllBytes(p), p.toString());
        }
    }

    @Test
    void aPictureCutShortIsRefusedAsBefore() throws IOException {
        BufferedImage image = JpegEighthDecoderTest.photoLike(640, 480, BufferedImage.TYPE_INT_RGB, 11);
        for (int restart : new int[] {0, 4}) {
            byte[] whole = jpeg(image, 2, 2, restart, 0.9f, false);
            for (int tenth = 1; tenth <= 9; tenth++) {
                byte[] cut = Arrays.copyOf(whole, whole.length * tenth / 10);
                assertThat(JpegEighthDecoder.decode(cut, 8, 8)).as("cut at %d/10, restart %d", tenth, restart).isNull();
                assertThat(JpegEighthReference.decode(cut, 8, 8)).isNull();
            }
            // without the end-of-image marker: the entropy-coded data is all there
            assertSameAsBefore(Arrays.copyOf(whole, whole.length - 2), "no end marker, restart " + restart);
        }
    }
}
