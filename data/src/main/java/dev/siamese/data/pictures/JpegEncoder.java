package dev.siamese.data.pictures;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes pictures as baseline JPEG with {@code javax.imageio} at an explicit quality, for the augmentation's
 * re-compression and the near-duplicate set's copies. The picture is encoded as it is: a grey picture becomes a
 * one-channel JPEG, an RGB one a three-channel JPEG. Thread-safe: each call has its own writer.
 */
public final class JpegEncoder {

    private JpegEncoder() {
    }

    /**
     * The JPEG bytes of {@code picture} at {@code quality}.
     *
     * @param quality 1 (smallest) to 100 (best), as {@code ImageWriteParam.setCompressionQuality(quality / 100f)}
     * @throws IOException when the writer fails (an image type JPEG cannot hold, such as one with alpha)
     */
    public static byte[] encode(BufferedImage picture, int quality) throws IOException {
        Objects.requireNonNull(picture, "picture");
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be in [1, 100], got " + quality);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(picture.getWidth() * picture.getHeight() + 1024);
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

    /**
     * Writes {@link #encode}'s bytes to {@code file}, replacing it; nothing is written when encoding fails.
     *
     * @throws IOException when encoding or writing fails
     */
    public static void write(BufferedImage picture, int quality, Path file) throws IOException {
        byte[] bytes = encode(picture, quality);
        Files.write(Objects.requireNonNull(file, "file"), bytes);
    }
}
