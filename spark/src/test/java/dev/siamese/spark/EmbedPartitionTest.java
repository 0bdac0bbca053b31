package dev.siamese.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siamese.api.image.Image;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.data.pictures.Pictures;
import dev.siamese.search.hashes.DctHash;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * One partition, embedded on the task's thread without a Spark session: rows come out batch by batch in listing
 * order (each batch's unreadable files first), with the hash and embedding of each picture, and the listing is read
 * only one batch ahead of what has been handed out.
 */
class EmbedPartitionTest {
    private static final int BATCH = 3;

    @TempDir
    static Path dir;

    @BeforeAll
    static void cache() throws IOException {
        if (System.getProperty("siamese.cache.dir") == null) {
            // the shipped model unpacks here, not into the user's cache
            System.setProperty("siamese.cache.dir", Files.createTempDirectory("siamese-spark-cache").toString());
        }
    }

    @Test
    void rowsComeOutInListingOrderOneBatchAheadWithEachBatchsSkippedFilesFirst() throws IOException {
        List<Row> listing = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 8; i++) {
            Path file = dir.resolve(String.format("p%d.%s", i, i % 2 == 0 ? "png" : "jpg"));
            if (i == 2 || i == 4) {
                Files.writeString(file, "not a picture");
            } else {
                BufferedImage image = new BufferedImage(30 + 5 * i, 40, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.setColor(new Color(random.nextInt(0xFFFFFF)));
                g.fillRect(0, 0, image.getWidth(), image.getHeight());
                g.setColor(new Color(random.nextInt(0xFFFFFF)));
                g.fillOval(random.nextInt(20), random.nextInt(20), 10 + random.nextInt(20), 10 + random.nextInt(20));
                g.dispose();
                ImageIO.write(image, i % 2 == 0 ? "png" : "jpg", file.toFile());
            }
            listing.add(RowFactory.create(file.toUri().toString(), Files.size(file), 1000L + i));
        }
        int[] taken = new int[1];
        Iterator<Row> counting = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return taken[0] < listing.size();
            }

            @Override
            public Row next() {
                return listing.get(taken[0]++);
            }
        };
        HadoopFiles files = HadoopFiles.of(new Configuration(false));
        Iterator<Row> out = new EmbedPartition(ModelSource.SHIPPED, files, BATCH, 1 << 20).call(counting);
        assertThat(taken[0]).as("the first batch is taken at once").isEqualTo(BATCH);
        List<Row> rows = new ArrayList<>();
        List<Integer> takenWhenHandedOut = new ArrayList<>();
        while (out.hasNext()) {
            rows.add(out.next());
            takenWhenHandedOut.add(taken[0]);
        }
        // batches {0 1 2} {3 4 5} {6 7}: 2 and 4 are unreadable and come first in their batch
        assertThat(rows).extracting(r -> Path.of(java.net.URI.create(r.getString(0))).getFileName().toString())
                .containsExactly("p2.png", "p0.png", "p1.jpg", "p4.png", "p3.jpg", "p5.jpg", "p6.png", "p7.jpg");
        // while a batch is handed out, the next one (and no more) has been taken from the listing
        assertThat(takenWhenHandedOut).containsExactly(6, 6, 6, 8, 8, 8, 8, 8);

        EmbeddingModel model = ExecutorModels.get(ModelSource.SHIPPED, files).model();
        DctHash dct = new DctHash();
        for (Row row : rows) {
            String path = row.getString(0);
            int index = listing.indexOf(listing.stream().filter(l -> l.getString(0).equals(path)).findFirst().orElseThrow());
            assertThat(row.getLong(1)).isEqualTo(listing.get(index).getLong(1));
            assertThat(row.getLong(2)).isEqualTo(1000L + index);
            if (index == 2 || index == 4) {
                assertThat(row.isNullAt(3)).isTrue();
                assertThat(row.isNullAt(4)).isTrue();
                assertThat(row.getString(6)).isNotBlank().doesNotContain(path);
                continue;
            }
            Image picture = Pictures.read(Files.readAllBytes(Path.of(java.net.URI.create(path))), path, model.inputShape());
            assertThat(row.getLong(3)).as(path).isEqualTo(dct.hash(picture));
            float[] expected = model.embed(picture.pixels(), 1).row(0);
            float[] embedding = row.getAs(4);
            assertThat(embedding).as(path).hasSize(expected.length);
            for (int k = 0; k < expected.length; k++) {
                assertThat(embedding[k]).isCloseTo(expected[k], org.assertj.core.api.Assertions.within(1e-5f));
            }
            assertThat(row.isNullAt(6)).isTrue();
        }
    }
}
