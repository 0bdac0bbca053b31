package dev.siamese.data.pictures;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Writes small picture files with javax.imageio for the image-folder tests. */
public final class TestPictures {
    private TestPictures() {
    }

    /** A grey picture of one value (0-255), in the format its file name's extension names. */
    public static Path grey(Path file, int width, int height, int value) {
        int[] values = new int[width * height];
        java.util.Arrays.fill(values, value);
        return grey(file, width, height, values);
    }

    /** A grey picture with the given values (row by row, 0-255). */
    public static Path grey(Path file, int width, int height, int[] values) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, width, height, 0, values);
        return write(image, file);
    }

    /** An RGB picture of one colour (each 0-255). */
    public static Path rgb(Path file, int width, int height, int r, int g, int b) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return write(image, file);
    }

    public static Path write(BufferedImage image, Path file) {
        String name = file.getFileName().toString();
        String format = name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        if (format.equals("jpg")) {
            format = "jpeg";
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (java.io.OutputStream out = Files.newOutputStream(file)) { // by the Path: any name, any locale
                if (!ImageIO.write(image, format, out)) {
                    throw new IllegalStateException("no ImageIO writer for " + format);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Pictures of two classes, a and b, in train and test; each picture grey of a value unique within its split. */
    public static void twoClassFolder(Path root, int perClass) {
        for (String split : new String[] {"train", "test"}) {
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < perClass; i++) {
                    grey(root.resolve(split).resolve(c == 0 ? "a" : "b").resolve(String.format("%03d.png", i)), 4, 4,
                            c * 100 + i);
                }
            }
        }
    }
}
