package dev.siamese.app;

import dev.siamese.app.cli.SiameseCommand;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Runs the CLI in this JVM for the command tests, and makes the pictures they feed it. */
final class Cli {

    /** A command's exit code, standard output, and standard error with picocli's messages. */
    record Result(int code, String out, String err) {
    }

    private Cli() {
    }

    /** Runs {@code siamese ARGS...}, capturing what it prints. */
    static Result run(String... args) {
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            CommandLine cl = SiameseCommand.commandLine();
            cl.setErr(new PrintWriter(err));
            int code = cl.execute(args);
            return new Result(code, bytes.toString(StandardCharsets.UTF_8),
                    errBytes.toString(StandardCharsets.UTF_8) + err);
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
    }

    /** A picture of random coloured ovals on a random background, the same for the same seed. */
    static BufferedImage picture(int seed, int w, int h) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 5; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillOval(random.nextInt(w), random.nextInt(h), w / 3 + random.nextInt(w / 2), h / 3 + random.nextInt(h / 2));
        }
        g.dispose();
        return image;
    }

    /** Writes {@code image} as a PNG, creating its folder. */
    static void write(Path file, BufferedImage image) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
