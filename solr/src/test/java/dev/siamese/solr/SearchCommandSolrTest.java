package dev.siamese.solr;

import dev.siamese.api.image.Image;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.Models;
import dev.siamese.app.cli.SiameseCommand;
import dev.siamese.data.pictures.Pictures;
import dev.siamese.search.hashes.DctHash;
import dev.siamese.search.index.IndexEntry;

import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code siamese search PICTURE --solr URL --collection C} against a two-node SolrCloud loaded with the shipped model. */
class SearchCommandSolrTest {

    private static final int PICTURES = 20;

    @TempDir
    static Path tmp;

    private static MiniSolrCloudCluster cluster;
    private static String url;
    private static List<Path> pictures = new ArrayList<>();
    private static String previousCacheDir;
    private static int dimension;

    @BeforeAll
    static void loadPictures() throws Exception {
        previousCacheDir = System.setProperty(Models.CACHE_PROPERTY, tmp.resolve("cache").toString());
        cluster = new MiniSolrCloudCluster.Builder(2, tmp.resolve("solr")).build();
        url = cluster.getJettySolrRunners().get(0).getBaseUrl().toString();
        for (int i = 0; i < PICTURES; i++) {
            Path file = tmp.resolve("pictures").resolve("p" + i + ".png");
            Files.createDirectories(file.getParent());
            ImageIO.write(picture(i, 96, 72), "png", file.toFile());
            pictures.add(file.toAbsolutePath().normalize());
        }
        DctHash dct = new DctHash();
        try (EmbeddingModel model = Models.defaultNearDuplicates()) {
            dimension = model.embeddingDimension();
            String modelId = Models.identity(List.of(Models.bundledDirectory(Models.NEAR_DUPLICATES)), dimension);
            List<IndexEntry> entries = new ArrayList<>();
            for (Path p : pictures) {
                Image image = Pictures.read(p, model.inputShape());
                entries.add(new IndexEntry(p.toString(), model.embed(image), dct.hash(image), Files.size(p),
                        Files.getLastModifiedTime(p).toMillis()));
            }
            SolrEmbeddings.createCollection(url, "pictures", dimension, 2, 1);
            try (SolrEmbeddings index = SolrEmbeddings.open(url, "pictures")) {
                index.add(entries, modelId);
                index.commit();
            }
            SolrEmbeddings.createCollection(url, "other", dimension + 1, 1, 1);
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.shutdown();
        }
        if (previousCacheDir == null) {
            System.clearProperty(Models.CACHE_PROPERTY);
        } else {
            System.setProperty(Models.CACHE_PROPERTY, previousCacheDir);
        }
    }

    @Test
    void theFirstHitOfALoadedPictureIsItselfAtDistanceZero() {
        Path query = pictures.get(7);

        Result result = run("search", query.toString(), "--solr", url, "--collection", "pictures", "-k", "5");

        assertThat(result.code()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("0.00000  " + query).endsWith("(near-duplicate)");
        assertThat(lines.get(1)).matches("\\d\\.\\d{5}  .*p\\d+\\.png.*");
    }

    @Test
    void aCollectionOfAnotherDimensionIsOneErrorLine() {
        Result result = run("search", pictures.get(0).toString(), "--solr", url, "--collection", "other");

        assertThat(result.code()).isNotZero();
        assertThat(result.err().lines().toList()).singleElement().asString()
                .startsWith("error: ").contains("collection other", (dimension + 1) + " values", "makes " + dimension);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void solrAndALocalIndexAreExclusive() {
        Result withFolder = run("search", pictures.get(0).toString(), tmp.resolve("pictures").toString(),
                "--solr", url, "--collection", "pictures");
        Result withoutCollection = run("search", pictures.get(0).toString(), "--solr", url);

        assertThat(withFolder.code()).isNotZero();
        assertThat(withFolder.err()).startsWith("error: ").contains("one or the other");
        assertThat(withoutCollection.code()).isNotZero();
        assertThat(withoutCollection.err()).startsWith("error: ").contains("--collection");
    }

    /** A command's exit code, standard output, and standard error with picocli's messages. */
    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        StringWriter messages = new StringWriter();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            CommandLine cl = SiameseCommand.commandLine();
            cl.setErr(new PrintWriter(messages));
            int code = cl.execute(args);
            return new Result(code, outBytes.toString(StandardCharsets.UTF_8),
                    errBytes.toString(StandardCharsets.UTF_8) + messages);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Random coloured ovals on a random background, the same for the same seed. */
    private static BufferedImage picture(int seed, int w, int h) {
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
}
