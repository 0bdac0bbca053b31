package dev.siamese.data.pictures.internal;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import dev.siamese.data.pictures.Pictures;
import dev.siamese.data.readers.ImageFolderReader;
import dev.siamese.data.readers.ImageFolderResult;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;

import static dev.siamese.data.pictures.internal.ExifOrientationTest.colourAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pictures as cameras and other programs save them: CMYK and YCCK JPEG, WebP (lossy, lossless, turned by EXIF) and TIFF are
 * read with their colours, and a picture folder lists them. The JPEG and WebP files are a few hundred bytes made with
 * Python's PIL (see {@code src/test/resources/dev/siamese/data/pictures/internal/formats/README.md}); TIFF files are written here.
 */
class PictureFormatsTest {

    private static final ImageShape RGB16 = new ImageShape(16, 16, 3);

    @TempDir
    Path dir;

    @Test
    void theImageIoServiceLookupFindsWebpAndTiffReaders() {
        assertThat(ImageIO.getImageReadersByFormatName("webp")).as("WebP reader").hasNext();
        assertThat(ImageIO.getImageReadersByFormatName("tiff")).as("TIFF reader").hasNext();
    }

    @Test
    void cmykJpegIsReadWithItsColours() throws IOException {
        // left half cyan (C=100%), right half magenta (M=100%), stored inverted as Adobe writes CMYK
        Image image = Pictures.read(resource("cmyk.jpg"), RGB16);

        float[] cyan = rgbAt(image, 3, 8);
        float[] magenta = rgbAt(image, 12, 8);
        assertThat(cyan[0]).as("cyan's red").isLessThan(0.3f);
        assertThat(cyan[1]).as("cyan's green").isGreaterThan(0.5f);
        assertThat(cyan[2]).as("cyan's blue").isGreaterThan(0.75f);
        assertThat(magenta[0]).as("magenta's red").isGreaterThan(0.75f);
        assertThat(magenta[1]).as("magenta's green").isLessThan(0.3f);
        assertThat(magenta[2]).as("magenta's blue").isGreaterThan(0.4f);
    }

    @Test
    void ycckJpegIsReadWithItsColours() throws IOException {
        // YCCK values that convert to CMYK (178, 0, 225, 0) on the left and (255, 208, 28, 0) on the right
        Image image = Pictures.read(resource("ycck.jpg"), RGB16);

        float[] green = rgbAt(image, 3, 8);
        float[] blue = rgbAt(image, 12, 8);
        assertThat(green[1]).as("left green").isGreaterThan(0.75f);
        assertThat(green[0]).as("left red").isLessThan(green[1] - 0.3f);
        assertThat(green[2]).as("left blue").isLessThan(green[1] - 0.3f);
        assertThat(blue[2]).as("right blue").isGreaterThan(0.75f);
        assertThat(blue[0]).as("right red").isLessThan(0.2f);
        assertThat(blue[1]).as("right green").isLessThan(blue[2] - 0.3f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lossy.webp", "lossless.webp"})
    void webpIsReadWithItsColours(String name) throws IOException {
        Image image = Pictures.read(resource(name), RGB16);

        assertThat(colourAt(image, 3, 8)).isEqualTo("red");
        assertThat(colourAt(image, 12, 8)).isEqualTo("blue");
    }

    @Test
    void webpTurnedByItsExifOrientationIsReadUpright() throws IOException {
        // stored 16 x 8, red above blue, orientation 6: upright 8 x 16, blue left of red
        Path file = resource("orientation-6.webp");

        Image image = Pictures.read(file, new ImageShape(16, 8, 3));

        assertThat(Pictures.dimensions(file)).hasValueSatisfying(d -> assertThat(d).containsExactly(8, 16));
        assertThat(colourAt(image, 1, 8)).isEqualTo("blue");
        assertThat(colourAt(image, 6, 8)).isEqualTo("red");
    }

    @Test
    void tiffIsReadWithItsColours() throws IOException {
        Path file = dir.resolve("halves.tif");
        writeTiff(halves(Color.GREEN, Color.BLUE), file);

        Image image = Pictures.read(file, RGB16);

        assertThat(colourAt(image, 3, 8)).isEqualTo("green");
        assertThat(colourAt(image, 12, 8)).isEqualTo("blue");
    }

    @Test
    void aPictureFolderListsWebpAndTiffFiles() throws IOException {
        for (String split : new String[] {"train", "test"}) {
            copy("lossy.webp", dir.resolve(split + "/red-left/a.webp"));
            writeTiff(halves(Color.RED, Color.BLUE), dir.resolve(split + "/red-left/b.TIFF"));
            copy("cmyk.jpg", dir.resolve(split + "/cyan-left/a.jpg"));
            writeTiff(halves(Color.CYAN, Color.MAGENTA), dir.resolve(split + "/cyan-left/b.tif"));
        }

        ImageFolderResult result = ImageFolderReader.read(dir, ImageFolderReader.Options.of(RGB16));

        assertThat(result.skipped()).isEmpty();
        assertThat(result.splits().train().size()).isEqualTo(4);
        assertThat(result.splits().test().classNames()).containsExactly("cyan-left", "red-left");
    }

    @Test
    void truncatedOrDamagedWebpAndTiffAreRefusedWithAReason() throws IOException {
        byte[] webp = Files.readAllBytes(resource("lossy.webp"));
        Path tiff = dir.resolve("whole.tif");
        writeTiff(halves(Color.RED, Color.BLUE), tiff);
        byte[] tiffBytes = Files.readAllBytes(tiff);
        byte[] lyingTiff = tiffBytes.clone();
        lyingTiff[4] = (byte) 0x7F; // the first directory's offset points far past the end

        assertThatThrownBy(() -> Pictures.read(Arrays.copyOf(webp, 40), "cut", RGB16))
                .hasMessage("picture cut truncated: the file ends before the picture does");
        for (byte[] bad : new byte[][] {Arrays.copyOf(webp, 40), Arrays.copyOf(webp, 20),
                Arrays.copyOf(tiffBytes, tiffBytes.length / 2), Arrays.copyOf(tiffBytes, 12), lyingTiff}) {
            assertThatThrownBy(() -> Pictures.read(bad, "bad", RGB16)).isInstanceOf(DatasetException.class)
                    .hasMessageStartingWith("picture bad ");
        }
    }

    private static float[] rgbAt(Image image, int x, int y) {
        int i = (y * image.shape().width() + x) * 3;
        return Arrays.copyOfRange(image.pixels(), i, i + 3);
    }

    private static BufferedImage halves(Color left, Color right) {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(left);
        g.fillRect(0, 0, 8, 16);
        g.setColor(right);
        g.fillRect(8, 0, 8, 16);
        g.dispose();
        return image;
    }

    private static void writeTiff(BufferedImage image, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (var out = Files.newOutputStream(file)) {
            assertThat(ImageIO.write(image, "tiff", out)).as("a TIFF writer").isTrue();
        }
    }

    private Path resource(String name) throws IOException {
        return copy(name, dir.resolve("resources").resolve(name));
    }

    private static Path copy(String name, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (InputStream in = PictureFormatsTest.class.getResourceAsStream("formats/" + name)) {
            assertThat(in).as("test resource formats/" + name).isNotNull();
            Files.copy(in, to);
        }
        return to;
    }
}
