package dev.siamese.data.pictures.internal;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import dev.siamese.data.pictures.Pictures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pictures whose EXIF orientation says how to turn them are read upright, on every decoding path: in full, read
 * subsampled, and at 1/8 scale in the DCT domain. The stored picture has four coloured quarters, red top left, green
 * top right, blue bottom left and white bottom right; each case names the colours seen upright.
 */
class ExifOrientationTest {

    @TempDir
    Path dir;

    /** Where each stored quarter lands upright: top left, top right, bottom left, bottom right. */
    @ParameterizedTest(name = "orientation {0}: {1} {2} / {3} {4}")
    @CsvSource({
            "1, red, green, blue, white",
            "2, green, red, white, blue",
            "3, white, blue, green, red",
            "4, blue, white, red, green",
            "5, red, blue, green, white",
            "6, blue, red, white, green",
            "7, white, green, blue, red",
            "8, green, white, red, blue"})
    void decodedInFullPixelsLandWhereTheOrientationTurnsThem(int orientation, String topLeft, String topRight,
                                                            String bottomLeft, String bottomRight) throws IOException {
        byte[] jpeg = withExif(jpeg(quarters(32, 16)), orientation, orientation % 2 == 0);
        Path file = Files.write(dir.resolve("o" + orientation + ".jpg"), jpeg);
        boolean quarterTurn = orientation >= 5;
        ImageShape upright = quarterTurn ? new ImageShape(32, 16, 3) : new ImageShape(16, 32, 3);

        Image image = Pictures.read(file, upright);

        assertQuarters(image, topLeft, topRight, bottomLeft, bottomRight);
        assertThat(Pictures.dimensions(file)).hasValueSatisfying(d -> assertThat(d)
                .containsExactly(upright.width(), upright.height()));
    }

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({"3, white, blue, green, red", "6, blue, red, white, green", "8, green, white, red, blue"})
    void readSubsampledPixelsLandWhereTheOrientationTurnsThem(int orientation, String topLeft, String topRight,
                                                             String bottomLeft, String bottomRight) throws IOException {
        // not named .jpg: streamed to the image reader, which skips every other pixel of this 256 x 128 picture
        Path file = Files.write(dir.resolve("o" + orientation + ".picture"),
                withExif(jpeg(quarters(256, 128)), orientation, false));
        ImageShape upright = orientation >= 5 ? new ImageShape(32, 16, 3) : new ImageShape(16, 32, 3);
        assertThat(PictureDecoder.subsampling(256, 32)).as("read subsampled").isEqualTo(2);

        assertQuarters(Pictures.read(file, upright), topLeft, topRight, bottomLeft, bottomRight);
    }

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({"3, white, blue, green, red", "6, blue, red, white, green", "8, green, white, red, blue"})
    void readAtAnEighthPixelsLandWhereTheOrientationTurnsThem(int orientation, String topLeft, String topRight,
                                                             String bottomLeft, String bottomRight) throws IOException {
        byte[] content = withExif(jpeg(quarters(256, 128)), orientation, true);
        Path file = Files.write(dir.resolve("o" + orientation + ".jpg"), content);
        ImageShape upright = orientation >= 5 ? new ImageShape(32, 16, 3) : new ImageShape(16, 32, 3);
        assertThat(JpegEighthDecoder.decode(content, 32, 16)).as("the 1/8-scale path reads it").isNotNull();

        assertQuarters(Pictures.read(file, upright), topLeft, topRight, bottomLeft, bottomRight);
        assertQuarters(Pictures.read(content, "content", upright), topLeft, topRight, bottomLeft, bottomRight);
    }

    @Test
    void theOrientationIsFoundBehindOtherSegmentsInBothByteOrdersAndInTiffFiles() throws IOException {
        byte[] plain = jpeg(quarters(16, 16));
        byte[] xmpFirst = splice(plain, segment(0xE1, "http://ns.adobe.com/xap/1.0/\0<x/>".getBytes()));

        assertThat(ExifOrientation.of(withExif(xmpFirst, 6, false))).isEqualTo(6);
        assertThat(ExifOrientation.of(withExif(plain, 8, true))).isEqualTo(8);
        assertThat(ExifOrientation.of(plain)).isEqualTo(ExifOrientation.NORMAL);
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 5).putShort((short) 0).putInt(0);
        assertThat(ExifOrientation.of(tiff.array())).as("a TIFF file's first directory").isEqualTo(5);
        assertThat(ExifOrientation.of("not a picture".getBytes())).isEqualTo(ExifOrientation.NORMAL);
    }

    @Test
    void malformedExifReadsAsUprightAndNeverFails() throws IOException {
        byte[] valid = withExif(jpeg(quarters(32, 16)), 6, false);
        int exifStart = 2;
        int exifEnd = exifStart + 4 + 6 + 8 + 2 + 12 + 4;
        Random random = new Random(18);
        for (int i = 0; i < 500; i++) {
            byte[] damaged = valid.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                damaged[exifStart + random.nextInt(exifEnd - exifStart)] = (byte) random.nextInt(256);
            }
            int orientation = ExifOrientation.of(damaged);
            assertThat(orientation).isBetween(1, 8);
            try {
                Pictures.read(damaged, "damaged", new ImageShape(8, 8, 3));
            } catch (DatasetException expected) {
                assertThat(expected.getMessage()).startsWith("picture damaged ");
            }
        }
        byte[] truncated = Arrays.copyOf(valid, exifStart + 16);
        assertThat(ExifOrientation.of(truncated)).isEqualTo(ExifOrientation.NORMAL);
        assertThatThrownBy(() -> Pictures.read(truncated, "cut", new ImageShape(8, 8, 3)))
                .isInstanceOf(DatasetException.class).hasMessageStartingWith("picture cut ");
    }

    @Test
    void directoryOffsetsOutsideTheSegmentAndHugeEntryCountsAreIgnored() throws IOException {
        byte[] plain = jpeg(quarters(16, 16));
        ByteBuffer outside = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        outside.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(0x7FFF_FFF0);
        assertThat(ExifOrientation.of(splice(plain, exifSegment(outside.array())))).isEqualTo(1);

        ByteBuffer huge = ByteBuffer.allocate(8 + 2 + 12).order(ByteOrder.BIG_ENDIAN);
        huge.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8).putShort((short) 0xFFFF);
        huge.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 3).putShort((short) 0);
        assertThat(ExifOrientation.of(splice(plain, exifSegment(huge.array())))).isEqualTo(3);

        ByteBuffer outOfRange = ByteBuffer.allocate(8 + 2 + 12 + 4).order(ByteOrder.BIG_ENDIAN);
        outOfRange.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8).putShort((short) 1);
        outOfRange.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 9).putShort((short) 0);
        assertThat(ExifOrientation.of(splice(plain, exifSegment(outOfRange.array())))).isEqualTo(1);
    }

    static BufferedImage quarters(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height / 2);
        g.setColor(Color.GREEN);
        g.fillRect(width / 2, 0, width / 2, height / 2);
        g.setColor(Color.BLUE);
        g.fillRect(0, height / 2, width / 2, height / 2);
        g.setColor(Color.WHITE);
        g.fillRect(width / 2, height / 2, width / 2, height / 2);
        g.dispose();
        return image;
    }

    static byte[] jpeg(BufferedImage image) throws IOException {
        return JpegEighthDecoderTest.jpeg(image, false);
    }

    /** {@code jpeg} with an APP1 Exif segment declaring {@code orientation} right after its start-of-image marker. */
    static byte[] withExif(byte[] jpeg, int orientation, boolean littleEndian) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4)
                .order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        tiff.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M');
        tiff.putShort((short) 42).putInt(8);
        tiff.putShort((short) 1); // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0); // no next directory
        return splice(jpeg, exifSegment(tiff.array()));
    }

    private static byte[] exifSegment(byte[] tiff) {
        byte[] payload = new byte[6 + tiff.length];
        System.arraycopy("Exif\0\0".getBytes(), 0, payload, 0, 6);
        System.arraycopy(tiff, 0, payload, 6, tiff.length);
        return segment(0xE1, payload);
    }

    private static byte[] segment(int marker, byte[] payload) {
        ByteBuffer segment = ByteBuffer.allocate(4 + payload.length).order(ByteOrder.BIG_ENDIAN);
        segment.put((byte) 0xFF).put((byte) marker).putShort((short) (2 + payload.length)).put(payload);
        return segment.array();
    }

    /** {@code jpeg} with {@code segment} inserted right after its start-of-image marker. */
    private static byte[] splice(byte[] jpeg, byte[] segment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(segment, 0, segment.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static void assertQuarters(Image image, String topLeft, String topRight, String bottomLeft,
                                       String bottomRight) {
        int w = image.shape().width();
        int h = image.shape().height();
        assertThat(colourAt(image, w / 4, h / 4)).as("top left").isEqualTo(topLeft);
        assertThat(colourAt(image, 3 * w / 4, h / 4)).as("top right").isEqualTo(topRight);
        assertThat(colourAt(image, w / 4, 3 * h / 4)).as("bottom left").isEqualTo(bottomLeft);
        assertThat(colourAt(image, 3 * w / 4, 3 * h / 4)).as("bottom right").isEqualTo(bottomRight);
    }

    /** The name of the colour at (x, y), each channel read as off (below 0.25) or on (above 0.75). */
    static String colourAt(Image image, int x, int y) {
        float[] p = image.pixels();
        int i = (y * image.shape().width() + x) * 3;
        String rgb = level(p[i]) + level(p[i + 1]) + level(p[i + 2]);
        return switch (rgb) {
            case "100" -> "red";
            case "010" -> "green";
            case "001" -> "blue";
            case "111" -> "white";
            case "000" -> "black";
            case "011" -> "cyan";
            case "101" -> "magenta";
            case "110" -> "yellow";
            default -> String.format("mixed %.2f %.2f %.2f", p[i], p[i + 1], p[i + 2]);
        };
    }

    private static String level(float v) {
        return v < 0.25f ? "0" : v > 0.75f ? "1" : "?";
    }
}
