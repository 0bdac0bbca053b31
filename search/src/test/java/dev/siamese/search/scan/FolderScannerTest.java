package dev.siamese.search.scan;

import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.Embeddings;
import dev.siamese.search.hashes.DctHash;
import dev.siamese.search.hashes.PerceptualHash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FolderScannerTest {
    private static final ImageShape SHAPE = new ImageShape(8, 8, 1);

    @TempDir
    Path root;

    /** Writes a uniform grey PNG of the given level (0-255). */
    static void png(Path file, int level) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(16, 12, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 16; x++) {
                image.getRaster().setSample(x, y, 0, level);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    /** An embedding function that returns each picture's mean brightness, and counts its batches. */
    static final class MeanEmbedder implements dev.siamese.api.model.Embedder {
        final List<Integer> batches = new ArrayList<>();

        @Override
        public Embeddings embed(float[] pixels, int count) {
            batches.add(count);
            float[] means = new float[count];
            int length = SHAPE.length();
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < length; p++) {
                    means[i] += pixels[i * length + p] / length;
                }
            }
            return new Embeddings(count, 1, means);
        }
    }

    @Test
    void everyPictureIsEmbeddedInWalkOrderInBoundedBatches() throws Exception {
        png(root.resolve("b/2.png"), 51);
        png(root.resolve("a/1.PNG"), 255);
        png(root.resolve("a/0.png"), 0);
        png(root.resolve("c.png"), 102);
        png(root.resolve(".hidden/x.png"), 0);
        Files.writeString(root.resolve("notes.txt"), "not a picture");
        MeanEmbedder embedder = new MeanEmbedder();
        List<String> names = new ArrayList<>();
        List<Float> means = new ArrayList<>();
        ScanReport report = new FolderScanner(SHAPE, 3, 2).scan(root, f -> true, embedder, (file, picture, embedding) -> {
            assertThat(picture.shape()).isEqualTo(SHAPE);
            names.add(root.relativize(file.path()).toString().replace('\\', '/'));
            means.add(embedding[0]);
        });
        assertThat(names).containsExactly("a/0.png", "a/1.PNG", "b/2.png", "c.png");
        assertThat(means).usingElementComparator((x, y) -> Math.abs(x - y) < 1e-5 ? 0 : Float.compare(x, y))
                .containsExactly(0f, 1f, 0.2f, 0.4f);
        assertThat(embedder.batches).containsExactly(3, 1);
        assertThat(report.found()).isEqualTo(4);
        assertThat(report.embedded()).isEqualTo(4);
        assertThat(report.unreadable()).isEmpty();
        assertThat(report.summary()).contains("4 embedded");
    }

    @Test
    void unreadableFilesAreSkippedAndNamed() throws Exception {
        png(root.resolve("good.png"), 128);
        Files.write(root.resolve("broken.jpg"), new byte[] {1, 2, 3, 4});
        Files.write(root.resolve("empty.gif"), new byte[0]);
        List<Path> embedded = new ArrayList<>();
        ScanReport report = new FolderScanner(SHAPE, 8, 1).scan(root, f -> true, new MeanEmbedder(),
                (file, picture, embedding) -> embedded.add(file.path()));
        assertThat(embedded).containsExactly(root.resolve("good.png"));
        assertThat(report.unreadable()).extracting(s -> s.path().getFileName().toString())
                .containsExactly("broken.jpg", "empty.gif");
        assertThat(report.unreadable().get(1).reason()).contains("empty");
    }

    @Test
    void symbolicLinksAreCountedNotFollowed() throws Exception {
        Path elsewhere = Files.createTempDirectory("scanner-links");
        try {
            png(elsewhere.resolve("target.png"), 40);
            png(root.resolve("real.png"), 80);
            Files.createSymbolicLink(root.resolve("link.png"), elsewhere.resolve("target.png"));
            Files.createSymbolicLink(root.resolve("linked-folder"), elsewhere);
            List<Path> embedded = new ArrayList<>();
            ScanReport report = new FolderScanner(SHAPE, 4, 1).scan(root, f -> true, new MeanEmbedder(),
                    (file, picture, embedding) -> embedded.add(file.path()));
            assertThat(embedded).containsExactly(root.resolve("real.png"));
            assertThat(report.linksSkipped()).isEqualTo(2);
            assertThat(report.summary()).endsWith("; 2 symbolic link(s) not followed");
        } finally {
            Files.delete(elsewhere.resolve("target.png"));
            Files.delete(elsewhere);
        }
    }

    @Test
    void filesTheFilterRejectsAreNeitherDecodedNorEmbedded() throws Exception {
        png(root.resolve("old.png"), 10);
        png(root.resolve("new.png"), 20);
        MeanEmbedder embedder = new MeanEmbedder();
        List<Path> embedded = new ArrayList<>();
        ScanReport report = new FolderScanner(SHAPE, 4, 2).scan(root,
                f -> !f.path().getFileName().toString().startsWith("old") && f.size() > 0 && f.modified() > 0,
                embedder, (file, picture, embedding) -> embedded.add(file.path()));
        assertThat(embedded).containsExactly(root.resolve("new.png"));
        assertThat(report.unchanged()).isEqualTo(1);
        assertThat(embedder.batches).containsExactly(1);
    }

    @Test
    void aMissingFolderIsNamed() {
        Path missing = root.resolve("nope");
        assertThatThrownBy(() -> new FolderScanner(SHAPE, 4, 1).scan(missing, f -> true, new MeanEmbedder(),
                (f, p, e) -> { })).hasMessageContaining(missing.toString());
    }

    private static float[] uniform(float value) {
        float[] pixels = new float[SHAPE.length()];
        java.util.Arrays.fill(pixels, value);
        return pixels;
    }

    @Test
    void picturesCanBeHashedInTheSink() throws Exception {
        png(root.resolve("x.png"), 77);
        List<Long> hashes = new ArrayList<>();
        PerceptualHash hash = new DctHash();
        new FolderScanner(SHAPE, 2, 1).scan(root, f -> true, new MeanEmbedder(),
                (file, picture, embedding) -> hashes.add(hash.hash(picture)));
        assertThat(hashes).containsExactly(new DctHash().hash(new Image(SHAPE, uniform(77 / 255f))));
    }
}
