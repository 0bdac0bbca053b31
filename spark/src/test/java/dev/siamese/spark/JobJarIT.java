package dev.siamese.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable job jar as a cluster runs it: {@code spark-submit} (its main class, {@code SparkSubmit}) in a separate
 * JVM with Spark's class path only (Spark and the libraries it ships, written by the build) and the job jar, which
 * must carry everything else itself (our modules, TensorFlow, Lucene, SolrJ, relocated protobuf and Jackson). Runs
 * after {@code package}.
 */
class JobJarIT {

    @TempDir
    Path dir;

    @Test
    void embedsAndDeduplicatesThroughSparkSubmitAndFailsWithOneErrorLine() throws Exception {
        Path pictures = dir.resolve("pictures");
        Files.createDirectories(pictures);
        Random random = new Random(3);
        for (int i = 0; i < 6; i++) {
            BufferedImage image = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillRect(0, 0, 48, 40);
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillOval(random.nextInt(30), random.nextInt(20), 18, 18);
            g.dispose();
            ImageIO.write(image, "png", pictures.resolve("p" + i + ".png").toFile());
        }
        Files.copy(pictures.resolve("p0.png"), pictures.resolve("p0-copy.png"));
        Files.writeString(pictures.resolve("broken.jpg"), "not a picture");

        Run embed = submit("embed", "--input", pictures.toUri().toString(), "--out", dir.resolve("emb").toUri().toString());
        assertThat(embed.code()).as(embed.err()).isZero();
        assertThat(embed.out()).contains("8 picture files: 7 embedded, 0 unchanged (reused), 1 skipped");

        Run dedup = submit("dedup", "--embeddings", dir.resolve("emb").toUri().toString(), "--out",
                dir.resolve("dups").toUri().toString());
        assertThat(dedup.code()).as(dedup.err()).isZero();
        assertThat(dedup.out()).contains("7 pictures in 1 cells");
        assertThat(Files.readString(dir.resolve("dups/duplicates.csv"))).contains("p0.png").contains("p0-copy.png");

        Run missing = submit("embed", "--input", pictures.toUri().toString(), "--out", dir.resolve("x").toUri().toString(),
                "-m", dir.resolve("no-model").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("error: model directory " + dir.resolve("no-model") + " does not exist on executor host")
                .doesNotContain("\tat ");
    }

    private record Run(int code, String out, String err) {
    }

    private Run submit(String... job) throws IOException, InterruptedException {
        String jobJar = System.getProperty("siamese.jobJar");
        String sparkClassPath = Files.readString(Path.of(System.getProperty("siamese.sparkClassPath"))).strip()
                + java.io.File.pathSeparator
                + Files.readString(Path.of(System.getProperty("siamese.sharedClassPath"))).strip();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(System.getProperty("siamese.sparkOpens").trim().split("\\s+")));
        command.addAll(List.of("-Xmx1g", "-cp", sparkClassPath + java.io.File.pathSeparator + jobJar,
                "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--driver-java-options", "-Dsiamese.cache.dir=" + dir.resolve("cache"),
                "--class", "dev.siamese.spark.SparkMain", jobJar));
        command.addAll(List.of(job));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("spark-submit " + job[0] + " did not end in 5 minutes");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
