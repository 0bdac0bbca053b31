package dev.siamese.spark;

import dev.siamese.api.image.ImageShape;
import dev.siamese.app.cli.SiameseCommand;
import dev.siamese.data.pictures.Pictures;
import dev.siamese.search.hashes.DctHash;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EmbedJobTest {

    @TempDir
    static Path dir;
    static Path pictures;

    @BeforeAll
    static void pictures() throws IOException {
        pictures = dir.resolve("pictures");
        Files.createDirectories(pictures.resolve("sub"));
        Random random = new Random(5);
        for (int i = 0; i < 24; i++) {
            BufferedImage image = new BufferedImage(40 + random.nextInt(60), 40 + random.nextInt(60), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int s = 0; s < 6; s++) {
                g.setColor(new Color(random.nextInt(0xFFFFFF)));
                g.fillOval(random.nextInt(image.getWidth()), random.nextInt(image.getHeight()), 5 + random.nextInt(30),
                        5 + random.nextInt(30));
            }
            g.dispose();
            Path folder = i % 3 == 0 ? pictures.resolve("sub") : pictures;
            ImageIO.write(image, i % 2 == 0 ? "png" : "jpg", folder.resolve(String.format("p%02d.%s", i, i % 2 == 0 ? "png" : "jpg")).toFile());
        }
        Files.write(pictures.resolve("broken.jpg"), "not a picture at all".getBytes(StandardCharsets.UTF_8));
        Files.writeString(pictures.resolve("notes.txt"), "not a picture file name");
    }

    @Test
    void embedsAsSiameseEmbedDoesSkipsCorruptFilesAndReusesUnchangedOnes() throws IOException {
        SparkSession spark = LocalSpark.session();
        String out = LocalSpark.uri(dir.resolve("run1"));
        String skipped = LocalSpark.uri(dir.resolve("run1-skipped"));
        EmbedJob.Result first = EmbedJob.run(spark, EmbedJob.Options.of(LocalSpark.uri(pictures), out, skipped, null,
                ModelSource.SHIPPED));
        assertThat(first.found()).isEqualTo(25);
        assertThat(first.embedded()).isEqualTo(24);
        assertThat(first.skipped()).isEqualTo(1);
        assertThat(first.reused()).isZero();

        // the same embeddings as `siamese embed` on the same folder, within 1e-5
        Path csv = dir.resolve("embed.csv");
        int code = SiameseCommand.commandLine().execute("embed", pictures.toString(), "-o", csv.toString());
        assertThat(code).isZero();
        Map<String, float[]> expected = new HashMap<>();
        for (String line : Files.readAllLines(csv).subList(1, 25)) {
            String[] f = line.split(",");
            float[] v = new float[f.length - 1];
            for (int i = 1; i < f.length; i++) {
                v[i - 1] = Float.parseFloat(f[i]);
            }
            expected.put(f[0], v);
        }
        List<Row> rows = spark.read().parquet(out).collectAsList();
        assertThat(rows).hasSize(24);
        ImageShape shape = new ImageShape(64, 64, 3);
        for (Row r : rows) {
            Path local = Path.of(URI.create(r.getString(0)));
            float[] want = expected.get(local.toString());
            assertThat(want).as(local.toString()).isNotNull();
            float[] got = Rows.floats(r, 4);
            assertThat(got).hasSize(64);
            for (int d = 0; d < 64; d++) {
                assertThat(got[d]).isCloseTo(want[d], within(1e-5f));
            }
            assertThat(r.getLong(1)).isEqualTo(Files.size(local));
            assertThat(r.getLong(2)).isEqualTo(Files.getLastModifiedTime(local).toMillis());
            assertThat(r.getLong(3)).isEqualTo(new DctHash().hash(Pictures.read(local, shape)));
            assertThat(r.getString(5)).isEqualTo(first.model().id());
        }

        // the corrupt file is in the skipped table, with its reason
        List<Row> skips = spark.read().parquet(skipped).collectAsList();
        assertThat(skips).hasSize(1);
        assertThat(skips.get(0).getString(0)).endsWith("broken.jpg");
        assertThat(skips.get(0).getString(3)).contains("not a picture");

        // a second run with the first table: nothing but the changed picture is embedded again
        Path changed = pictures.resolve("p01.jpg");
        Files.setLastModifiedTime(changed, FileTime.fromMillis(Files.getLastModifiedTime(changed).toMillis() + 5_000));
        String out2 = LocalSpark.uri(dir.resolve("run2"));
        EmbedJob.Result second = EmbedJob.run(spark, EmbedJob.Options.of(LocalSpark.uri(pictures), out2,
                LocalSpark.uri(dir.resolve("run2-skipped")), out, ModelSource.SHIPPED));
        assertThat(second.embedded()).isEqualTo(1);
        assertThat(second.reused()).isEqualTo(23);
        assertThat(second.skipped()).isEqualTo(1);
        assertThat(spark.read().parquet(out2).count()).isEqualTo(24);
    }

    @Test
    void aModelMissingOnTheExecutorsIsOneClearError() {
        SparkSession spark = LocalSpark.session();
        Path missing = dir.resolve("no-such-model");
        assertThatThrownBy(() -> EmbedJob.run(spark, EmbedJob.Options.of(LocalSpark.uri(pictures),
                LocalSpark.uri(dir.resolve("never")), LocalSpark.uri(dir.resolve("never-skipped")), null,
                ModelSource.of(missing.toString()))))
                .satisfies(e -> assertThat(JobFailure.message(e))
                        .contains("model directory " + missing + " does not exist on executor host"));
        assertThat(Files.exists(dir.resolve("never"))).isFalse();
    }

    @Test
    void theCommandLinePrintsOneErrorLine() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        int code;
        try {
            System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            code = SparkMain.run("embed", "--input", LocalSpark.uri(pictures), "--out", LocalSpark.uri(dir.resolve("x")),
                    "--previous", LocalSpark.uri(dir.resolve("x")));
        } finally {
            System.setErr(original);
        }
        assertThat(code).isEqualTo(1);
        String text = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(text).startsWith("error: --previous and --out are both").doesNotContain("\tat ");
    }
}
