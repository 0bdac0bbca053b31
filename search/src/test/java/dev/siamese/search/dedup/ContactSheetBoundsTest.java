package dev.siamese.search.dedup;

import dev.siamese.api.image.ImageShape;
import dev.siamese.data.pictures.Pictures;
import dev.siamese.search.neardup.PictureTransforms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The contact sheet decodes its thumbnails within the limits model input is decoded within. */
class ContactSheetBoundsTest {

    @TempDir
    Path dir;

    @Test
    void aSmallPicturesThumbnailIsWhatAFullDecodeMakes() throws Exception {
        BufferedImage image = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                image.setRGB(x, y, (x % 256) << 16 | (y * 3 % 256) << 8 | (x * y) % 256);
            }
        }
        Path file = dir.resolve("a.png");
        ImageIO.write(image, "png", file.toFile());
        BufferedImage expected = PictureTransforms.toBufferedImage(Pictures.of(ImageIO.read(file.toFile()),
                new ImageShape(85, 128, 3)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(expected, "png", bytes);
        assertThat(ContactSheet.thumbnail(file))
                .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray()));
    }

    @Test
    void aTinyPngDeclaring20000x20000At64BitsIsShownAsUnreadableNotAllocated() throws Exception {
        // decoded whole it would need 3.2 GB (16-bit RGBA), more than the tests' heap
        Path liar = dir.resolve("liar.png");
        Files.write(liar, png(20_000, 20_000));
        assertThat(ContactSheet.thumbnail(liar)).isNull();
        Path html = dir.resolve("sheet.html");
        Path other = dir.resolve("b.png");
        ImageIO.write(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB), "png", other.toFile());
        ContactSheet.write(new DuplicateGroups("euclidean", 0.5, true, 2, List.of(new DuplicateGroup(1,
                List.of(liar.toString(), other.toString()), List.of(new DuplicatePair(liar.toString(), other.toString(), 0.1))))),
                html, 10);
        assertThat(Files.readString(html)).contains("unreadable");
    }

    /** A 16-bit RGBA PNG header declaring {@code width x height}, with two rows of data. */
    private static byte[] png(int width, int height) throws Exception {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(idat)) {
            deflate.write(new byte[2 * (1 + width * 8)]);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(png);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(header);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {16, 6, 0, 0, 0});
        chunk(out, "IHDR", header.toByteArray());
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws Exception {
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
