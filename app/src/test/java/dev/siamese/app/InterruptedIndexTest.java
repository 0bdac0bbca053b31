package dev.siamese.app;

import com.google.inject.AbstractModule;
import com.typesafe.config.ConfigFactory;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.data.readers.SyntheticDigits;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@code index} run killed with SIGKILL after some commits leaves an index that opens and answers searches, and a
 * second run completes it with every picture exactly once.
 */
class InterruptedIndexTest {

    @TempDir
    Path dir;

    @Test
    void aKilledIndexRunLeavesAUsableIndexThatAReRunCompletes() throws Exception {
        DatasetSplits digits = SyntheticDigits.splits(500, 100, 9);
        RunOutcome run = Experiments.run(ConfigFactory.parseString("""
                siamese.experiment.output-dir = "%s"
                siamese.model.mlp.hidden = [32]
                siamese.training.iterations = 20
                siamese.training.validation.every = 0
                siamese.evaluation { calibration-pairs = 200, test-pairs = 200 }
                """.formatted(dir.resolve("runs").toString())), new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(DatasetSplits.class).toInstance(digits);
                    }
                });
        Path model = run.runDirectory();
        Path pictures = dir.resolve("pictures");
        int count = 3000;
        for (int i = 0; i < count; i++) {
            Path file = pictures.resolve("f" + (i / 500)).resolve("digit-" + i + ".png");
            Files.createDirectories(file.getParent());
            ImageIO.write(grey(digits.train().image(i % 500).pixels(), 28, i), "png", file.toFile());
        }
        Path index = dir.resolve("index");

        Process child = startIndex(pictures, model, index);
        Path lucene = index.resolve("lucene");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (commits(lucene) < 3) {
            if (!child.isAlive()) {
                throw new AssertionError("the child ended before being killed: " + Files.readString(dir.resolve("child.log")));
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                throw new AssertionError("no commits within 120 s: " + Files.readString(dir.resolve("child.log")));
            }
            Thread.sleep(5);
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Result search = run("search", pictures.resolve("f0/digit-0.png").toString(), "-m", model.toString(), "-i",
                index.toString(), "-k", "3");
        assertThat(search.code()).as(search.err()).isZero();
        assertThat(search.out().lines().count()).isEqualTo(3);

        Result rerun = run("index", pictures.toString(), "-m", model.toString(), "-i", index.toString());
        assertThat(rerun.code()).as(rerun.err()).isZero();
        assertThat(rerun.out()).contains("index " + index + " holds 3,000 pictures");
        assertThat(rerun.out()).containsPattern("3,000 pictures found, [1-9][0-9,]* unchanged");

        // one document per path: 3,000 files give 3,000 pictures only if none was indexed twice
        Result again = run("index", pictures.toString(), "-m", model.toString(), "-i", index.toString());
        assertThat(again.out()).contains("3,000 pictures found, 3,000 unchanged, 0 embedded")
                .contains("holds 3,000 pictures");
    }

    private static BufferedImage grey(float[] pixels, int side, int seed) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int v = Math.round(pixels[y * side + x] * 255);
                image.getRaster().setSample(x, y, 0, v);
            }
        }
        return image;
    }

    private static int commits(Path lucene) throws IOException {
        if (!Files.isDirectory(lucene)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(lucene)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("segments_"))
                    .mapToInt(n -> Integer.parseInt(n.substring("segments_".length()), Character.MAX_RADIX)).max().orElse(0);
        }
    }

    private Process startIndex(Path pictures, Path model, Path index) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> classpath = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                classpath.add(value);
            }
        }
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", String.join(File.pathSeparator, classpath),
                "dev.siamese.app.Main", "index", pictures.toString(), "-m", model.toString(), "-i", index.toString(),
                "--commit-every", "100", "--batch", "16"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile());
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        return builder.start();
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
    }
}
