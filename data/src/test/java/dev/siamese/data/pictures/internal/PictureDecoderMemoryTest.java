package dev.siamese.data.pictures.internal;

import dev.siamese.api.image.ImageShape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Big pictures are decoded at reduced resolution within a memory budget shared by all decoding threads; small ones
 * exactly as a full decode.
 */
class PictureDecoderMemoryTest {

    private static final ImageShape RGB = new ImageShape(32, 32, 3);
    private static final ImageShape GREY = new ImageShape(32, 32, 1);

    @TempDir
    Path dir;

    /** Random ovals on a random background, the same for the same seed. */
    private static BufferedImage picture(int seed, int width, int height, int type) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 8; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillOval(random.nextInt(width), random.nextInt(height), width / 4 + random.nextInt(width / 2),
                    height / 4 + random.nextInt(height / 2));
        }
        g.dispose();
        return image;
    }

    private static byte[] decoded(Path file, ImageShape shape, DecodeMemory memory) throws IOException {
        byte[] out = new byte[shape.length()];
        assertThat(PictureDecoder.decodeInto(file, Files.size(file), shape, out, 0, memory)).isNull();
        return out;
    }

    /** What a full decode and then the resampler make of {@code file}: the path small pictures take. */
    private static byte[] fullDecodeThenFit(Path file, ImageShape shape) throws IOException {
        byte[] out = new byte[shape.length()];
        PictureDecoder.fit(ImageIO.read(file.toFile()), shape, out, 0);
        return out;
    }

    @Test
    void picturesUnderEightTimesTheTargetDecodeByteIdenticallyToAFullDecode() throws IOException {
        int[][] sizes = {{32, 32}, {200, 150}, {255, 255}, {17, 240}};
        int[] types = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY};
        for (int[] size : sizes) {
            for (int type : types) {
                Path file = dir.resolve("p" + size[0] + "x" + size[1] + "-" + type + ".png");
                ImageIO.write(picture(size[0] + type, size[0], size[1], type), "png", file.toFile());
                assertThat(PictureDecoder.subsampling(size[0], 32)).isOne();
                for (ImageShape shape : new ImageShape[] {RGB, GREY}) {
                    assertThat(decoded(file, shape, DecodeMemory.SHARED)).as(file + " at " + shape)
                            .isEqualTo(fullDecodeThenFit(file, shape));
                }
            }
        }
    }

    @Test
    void aBigPictureIsDecodedSubsampledAndStaysCloseToAFullDecodeThenResample() throws IOException {
        Path file = dir.resolve("big.png");
        ImageIO.write(picture(7, 2400, 1800, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        assertThat(PictureDecoder.subsampling(2400, 32)).isEqualTo(18);
        assertThat(PictureDecoder.subsampling(1800, 32)).isEqualTo(14);
        // 134 x 129 px of 4 bytes, about 68 KB, where the full raster is 17 MB
        byte[] subsampled = decoded(file, RGB, new DecodeMemory(128 << 10));
        byte[] full = fullDecodeThenFit(file, RGB);
        long sum = 0;
        int max = 0;
        for (int i = 0; i < full.length; i++) {
            int d = Math.abs((subsampled[i] & 0xFF) - (full[i] & 0xFF));
            sum += d;
            max = Math.max(max, d);
        }
        // flat areas agree; pixels on an oval's edge differ by where the kept rows and columns fall
        assertThat((double) sum / full.length).as("mean difference in 8-bit levels").isLessThan(2.0);
        assertThat(max).as("largest difference in 8-bit levels").isLessThan(64);
    }

    @Test
    void aSixteenBitPngOf8000x4000IsDecodedInAFractionOfItsRaster() throws IOException {
        Path file = bigSixteenBitPng(dir.resolve("huge16.png"), 8000, 4000);
        // the full raster is 8000 x 4000 x 6 bytes = 192 MB; subsampled to 259 x 267 it is about 400 KB
        byte[] out = decoded(file, new ImageShape(64, 64, 1), new DecodeMemory(1 << 20));
        // left half white, right half black
        assertThat(out[64 * 32 + 5] & 0xFF).isEqualTo(255);
        assertThat(out[64 * 32 + 60] & 0xFF).isZero();
    }

    @Test
    void aPictureWhoseRasterAloneExceedsTheBudgetIsRefusedWithTheReasonAndTheNextOneDecodes() throws IOException {
        Path file = bigSixteenBitPng(dir.resolve("huge16.png"), 8000, 4000);
        byte[] out = new byte[64 * 64];
        String reason = PictureDecoder.decodeInto(file, Files.size(file), new ImageShape(64, 64, 1), out, 0,
                new DecodeMemory(64 << 10));
        assertThat(reason).startsWith("needs 406 KB to decode (8,000 x 4,000 px read as 259 x 267)")
                .contains("more than the 64 KB").contains("-Xmx");
        // the budget is whole again afterwards: a small picture still decodes within it
        Path small = dir.resolve("small.png");
        ImageIO.write(picture(3, 40, 30, BufferedImage.TYPE_INT_RGB), "png", small.toFile());
        DecodeMemory tight = new DecodeMemory(64 << 10);
        PictureDecoder.decodeInto(file, Files.size(file), new ImageShape(64, 64, 1), out, 0, tight);
        assertThat(decoded(small, RGB, tight)).isEqualTo(fullDecodeThenFit(small, RGB));
    }

    @Test
    void aTinyJpegDeclaring20000x5000IsReadSubsampledNotAllocatedWhole() throws IOException {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(picture(5, 64, 48, BufferedImage.TYPE_INT_RGB), "jpg", jpeg);
        byte[] bytes = jpeg.toByteArray();
        int sof = -1;
        for (int i = 2; i + 1 < bytes.length; i++) {
            if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == 0xC0) {
                sof = i;
                break;
            }
        }
        assertThat(sof).isPositive();
        // SOF0: FF C0, length (2), precision (1), height (2), width (2)
        bytes[sof + 5] = (byte) (5000 >> 8);
        bytes[sof + 6] = (byte) (5000 & 0xFF);
        bytes[sof + 7] = (byte) (20000 >> 8);
        bytes[sof + 8] = (byte) (20000 & 0xFF);
        Path file = dir.resolve("liar.jpg");
        Files.write(file, bytes);
        // 300 MB as a full raster; within a 1 MB budget it can only have been read subsampled
        byte[] out = new byte[RGB.length()];
        String reason = PictureDecoder.decodeInto(file, Files.size(file), RGB, out, 0, new DecodeMemory(1 << 20));
        assertThat(reason == null ? "" : reason).doesNotContain("memory").doesNotContain("needs");
    }

    /** An RGB PNG of 16 bits per sample, left half white and right half black, written row by row. */
    private static Path bigSixteenBitPng(Path file, int width, int height) throws IOException {
        byte[] row = new byte[1 + width * 6];
        for (int x = 0; x < width / 2; x++) {
            java.util.Arrays.fill(row, 1 + x * 6, 1 + x * 6 + 6, (byte) 0xFF);
        }
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
            for (int y = 0; y < height; y++) {
                deflate.write(row);
            }
        } finally {
            deflater.end();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(png);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(header);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {16, 2, 0, 0, 0}); // 16-bit, RGB, deflate, adaptive filters, no interlace
        chunk(out, "IHDR", header.toByteArray());
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        Files.write(file, png.toByteArray());
        return file;
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
