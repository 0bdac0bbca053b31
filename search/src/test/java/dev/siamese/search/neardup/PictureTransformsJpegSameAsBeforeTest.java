package dev.siamese.search.neardup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The near-duplicate set's copies are the same JPEG files, byte for byte, now that {@link PictureTransforms#writeJpeg}
 * encodes with the one encoder in data: RGB, grey and translucent pictures (the last two drawn onto RGB first), at the
 * set's qualities; and a hidden file in a group folder is no member of the set.
 */
class PictureTransformsJpegSameAsBeforeTest {

    @TempDir
    Path folder;

    @Test
    void copiesAreTheSameFilesAsBefore() throws IOException {
        int compared = 0;
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_GRAY,
                BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_3BYTE_BGR}) {
            for (int[] size : new int[][] {{1, 1}, {33, 17}, {128, 96}}) {
                BufferedImage picture = noisy(size[0], size[1], type, type * 100L + size[0]);
                for (int quality : new int[] {25, PictureTransforms.SAVE_QUALITY}) {
                    Path before = folder.resolve("before/" + type + "-" + size[0] + "-" + quality + ".jpg");
                    Path now = folder.resolve("now/" + type + "-" + size[0] + "-" + quality + ".jpg");
                    oldWriteJpeg(picture, quality, before);
                    PictureTransforms.writeJpeg(picture, quality, now);
                    assertThat(Files.readAllBytes(now)).as("type %d, %dx%d, quality %d", type, size[0], size[1], quality)
                            .isEqualTo(Files.readAllBytes(before));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(24);
    }

    @Test
    void aHiddenFileInAGroupFolderIsNoMember() throws IOException {
        for (String group : new String[] {"g1", "g2"}) {
            PictureTransforms.writeJpeg(noisy(8, 8, BufferedImage.TYPE_INT_RGB, 1), 90, folder.resolve(group + "/original.jpg"));
        }
        // what macOS leaves beside a copied picture: a resource fork with the picture's name and extension
        Files.write(folder.resolve("g1/._original.jpg"), new byte[] {0, 5, 22, 7});
        NearDuplicateSet.Split split = NearDuplicateSet.read(folder);
        assertThat(split.members()).extracting(m -> folder.relativize(m.file()).toString().replace('\\', '/'))
                .containsExactly("g1/original.jpg", "g2/original.jpg");
    }

    private static BufferedImage noisy(int width, int height, int type, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int alpha = type == BufferedImage.TYPE_INT_ARGB ? random.nextInt(256) : 255;
                image.setRGB(x, y, alpha << 24 | random.nextInt(1 << 24));
            }
        }
        return image;
    }

    /** PictureTransforms.writeJpeg before the encoder had one home (its output stream closed here, not leaked). */
    private static void oldWriteJpeg(BufferedImage picture, int quality, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream target = Files.newOutputStream(file);
                 ImageOutputStream out = ImageIO.createImageOutputStream(target)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
                BufferedImage rgb = picture;
                if (picture.getType() != BufferedImage.TYPE_INT_RGB) {
                    rgb = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
                    Graphics2D g = rgb.createGraphics();
                    g.drawImage(picture, 0, 0, null);
                    g.dispose();
                }
                writer.write(null, new IIOImage(rgb, null, null), param);
            }
        } finally {
            writer.dispose();
        }
    }
}
