package dev.siamese.search.index;

import dev.siamese.search.SearchException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A damaged index is reported, by {@link EmbeddingIndex#verify} and by searches, never served. */
class DamagedIndexTest {
    private static final EmbeddingIndex.Options OPTIONS = EmbeddingIndex.Options.defaults();
    private static final int PICTURES = 300;
    private static final int DIMENSION = 8;

    @TempDir
    Path folder;

    private void build() {
        Random random = new Random(3);
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:8", DIMENSION, OPTIONS)) {
            for (int i = 0; i < PICTURES; i++) {
                float[] v = new float[DIMENSION];
                for (int d = 0; d < DIMENSION; d++) {
                    v[d] = (float) random.nextGaussian();
                }
                index.put("/pictures/p" + i + ".png", v, i, i, i);
                if (i == PICTURES / 2) {
                    index.commit();
                }
            }
            // two segments merged into one: its files stand alone (.vec, .fdt, ...) as in any index of some size,
            // where only small segments are packed into one compound file
            index.optimize();
        }
    }

    /** The one Lucene file with this extension. */
    private Path file(String extension) throws IOException {
        try (Stream<Path> files = Files.list(folder.resolve("lucene"))) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith("." + extension)).toList();
            assertThat(found).as("." + extension + " files").hasSize(1);
            return found.get(0);
        }
    }

    /** Overwrites {@code count} bytes in the middle of {@code file} with {@code value}, as a failing disk might. */
    private static void overwriteMiddle(Path file, int count, byte value) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long size = channel.size();
            assertThat(size).isGreaterThan(count + 60L);
            byte[] bytes = new byte[count];
            Arrays.fill(bytes, value);
            channel.write(ByteBuffer.wrap(bytes), size / 2 - count / 2);
        }
    }

    @Test
    void aHealthyIndexPassesTheCheck() {
        build();
        IndexCheck check = EmbeddingIndex.verify(folder);
        assertThat(check.problems()).isEmpty();
        assertThat(check.healthy()).isTrue();
        assertThat(check.pictures()).isEqualTo(PICTURES);
        assertThat(check.segments()).isEqualTo(1);
        assertThat(check.bytes()).isGreaterThan((long) PICTURES * DIMENSION * 4);
        assertThat(check.summary()).contains("healthy").contains("300 pictures").contains(folder.toString());
    }

    @Test
    void overwrittenVectorsAreNamedByTheCheckAndStopSearches() throws IOException {
        build();
        overwriteMiddle(file("vec"), 400, (byte) 0xFF);

        IndexCheck check = EmbeddingIndex.verify(folder);
        assertThat(check.healthy()).isFalse();
        assertThat(check.problems()).singleElement().asString()
                .contains("segment _").contains(".vec").contains("stored embeddings").contains("checksum failed");
        assertThat(check.summary()).contains("damaged").contains("delete the folder").contains("siamese index");

        // 0xFF bytes are NaN floats: both searches meet them and say the index is damaged instead of answering
        try (EmbeddingIndex index = EmbeddingIndex.openReadOnly(folder, "m:8", OPTIONS)) {
            assertThatThrownBy(() -> {
                for (int q = 0; q < 20; q++) {
                    index.search(new float[DIMENSION], 10);
                }
            }).isInstanceOf(SearchException.class).hasMessageContaining("is damaged").hasMessageContaining("distance")
                    .hasMessageContaining(folder.toString()).hasMessageContaining("siamese index --check");
            assertThatThrownBy(() -> IndexContents.of(index, DIMENSION)).isInstanceOf(SearchException.class)
                    .hasMessageContaining("is damaged").hasMessageContaining("siamese index --check " + folder);
        }
        try (EmbeddingIndex writer = EmbeddingIndex.open(folder, "m:8", OPTIONS)) {
            assertThatThrownBy(() -> writer.search(new float[DIMENSION], 10)).isInstanceOf(SearchException.class)
                    .hasMessageContaining("is damaged");
        }
    }

    @Test
    void plausibleButWrongVectorsAreCaughtByEveryFullRead() throws IOException {
        build();
        // 0x3F3F3F3F is 0.747: finite values a distance cannot tell from real ones, which only checksums reveal
        overwriteMiddle(file("vec"), 400, (byte) 0x3F);
        try (EmbeddingIndex index = EmbeddingIndex.openReadOnly(folder, "m:8", OPTIONS)) {
            assertThatThrownBy(() -> IndexContents.of(index, DIMENSION)).isInstanceOf(SearchException.class)
                    .hasMessageContaining("is damaged").hasMessageContaining("checksum failed")
                    .hasMessageContaining(".vec").hasMessageContaining("siamese index --check " + folder);
        }
        assertThat(EmbeddingIndex.verify(folder).problems()).singleElement().asString().contains(".vec");
    }

    @Test
    void scoresThatNoDistanceGivesAreDamage() {
        // without java -ea, a NaN stored vector reaches the search as a NaN score, a huge one as a score of 0
        assertThat(EmbeddingIndex.impossibleDistance(Float.NaN)).isEqualTo("NaN");
        assertThat(EmbeddingIndex.impossibleDistance(0f)).isEqualTo("Infinity");
        assertThat(EmbeddingIndex.impossibleDistance(-0.5f)).startsWith("impossible");
        assertThat(EmbeddingIndex.impossibleDistance(1.5f)).startsWith("impossible");
        assertThat(EmbeddingIndex.impossibleDistance(1f)).isNull();
        assertThat(EmbeddingIndex.impossibleDistance(1e-30f)).isNull();
    }

    @Test
    void damageElsewhereIsNamedWithItsFile() throws IOException {
        build();
        overwriteMiddle(file("fdt"), 40, (byte) 0x5A);
        IndexCheck check = EmbeddingIndex.verify(folder);
        assertThat(check.problems()).singleElement().asString()
                .contains("segment _").contains(".fdt").contains("stored paths").contains("checksum failed");
    }

    @Test
    void aDamagedCommitPointIsReportedAndRefusedAtOpen() throws IOException {
        build();
        Path commit;
        try (Stream<Path> files = Files.list(folder.resolve("lucene"))) {
            commit = files.filter(f -> f.getFileName().toString().startsWith("segments_")).findFirst().orElseThrow();
        }
        overwriteMiddle(commit, 8, (byte) 0x00);
        IndexCheck check = EmbeddingIndex.verify(folder);
        assertThat(check.problems()).first().asString().contains("commit point").contains(commit.getFileName().toString());
        assertThatThrownBy(() -> EmbeddingIndex.openReadOnly(folder, "m:8")).isInstanceOf(SearchException.class)
                .hasMessageContaining("is damaged").hasMessageContaining("siamese index --check");
    }

    @Test
    void aDamagedPartOfACompoundFileIsNamed() throws IOException {
        build();
        // a small second segment is written as one compound file (.cfs)
        try (EmbeddingIndex index = EmbeddingIndex.open(folder, "m:8", OPTIONS)) {
            for (int i = 0; i < 5; i++) {
                index.put("/more/q" + i + ".png", new float[] {i, 1, 2, 3, 4, 5, 6, 7}, i, i, i);
            }
        }
        Path compound = file("cfs");
        overwriteMiddle(compound, 4, (byte) 0x7F);
        IndexCheck check = EmbeddingIndex.verify(folder);
        assertThat(check.healthy()).isFalse();
        String segment = compound.getFileName().toString().replace(".cfs", "");
        assertThat(check.problems().get(0)).contains("segment " + segment).contains(".cfs").contains("checksum failed");
        // and which part of it: the compound file's parts carry checksums of their own
        assertThat(check.problems()).hasSizeGreaterThan(1);
        assertThat(check.problems().get(1)).contains("inside " + compound.getFileName()).contains("checksum failed");
    }

    @Test
    void theCheckWritesNothingAndRefusesAFolderWithoutAnIndex() {
        build();
        try (EmbeddingIndex writer = EmbeddingIndex.open(folder, "m:8", OPTIONS)) {
            // beside a writer that holds the lock
            assertThat(EmbeddingIndex.verify(folder).healthy()).isTrue();
            writer.put("/new.png", new float[DIMENSION], 0, 0, 0);
        }
        Path empty = folder.resolve("empty");
        assertThatThrownBy(() -> EmbeddingIndex.verify(empty)).isInstanceOf(SearchException.class)
                .hasMessageContaining("no embedding index in folder " + empty);
    }
}
