package dev.siamese.search.index;

import dev.siamese.api.model.Embeddings;
import dev.siamese.search.SearchException;
import dev.siamese.search.SearchHit;
import dev.siamese.search.knn.ExactKnn;
import dev.siamese.search.knn.Neighbours;

import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Indexes whose HNSW graph is built and searched on int7 or int4 vectors, re-ranked by float distance. */
class QuantizedIndexTest {
    private static final int N = 5_000;
    private static final int DIM = 32;
    private static final int QUERIES = 200;
    private static final String MODEL = "clustered:32";

    @TempDir
    Path folder;

    /** {@code count} rows around 100 Gaussian centres, spread 0.5, like real embeddings (and the index benchmark). */
    private static Embeddings clustered(Random random, float[] centres, int count) {
        float[] values = new float[count * DIM];
        for (int i = 0; i < count; i++) {
            int c = random.nextInt(centres.length / DIM);
            for (int d = 0; d < DIM; d++) {
                values[i * DIM + d] = centres[c * DIM + d] + 0.5f * (float) random.nextGaussian();
            }
        }
        return new Embeddings(count, DIM, values);
    }

    private record Data(Embeddings gallery, Embeddings queries) {
    }

    private static Data data() {
        Random random = new Random(23);
        float[] centres = EmbeddingIndexTest.gaussian(random, 100, DIM);
        return new Data(clustered(random, centres, N), clustered(random, centres, QUERIES));
    }

    private static EmbeddingIndex.Options options(Quantization quantization) {
        return EmbeddingIndex.Options.defaults().withQuantization(quantization);
    }

    private static void fill(EmbeddingIndex index, Embeddings gallery) {
        for (int i = 0; i < gallery.count(); i++) {
            index.put("p" + i, gallery.row(i), i, 100 + i, 1_000 + i);
        }
    }

    /**
     * Recall@10 against exact search at 20 candidates (twice k, re-ranked by float distance); also checks that every
     * returned distance is the exact float distance. Measured here: float32 0.9995, int7 0.999, int4 0.989; with 10
     * candidates (no re-ranking beyond k) 0.97, 0.89 and 0.81.
     */
    private static double recallAtTen(EmbeddingIndex index, Data data) {
        Neighbours truth = new ExactKnn(2).search(data.queries(), data.gallery(), 10);
        int found = 0;
        for (int q = 0; q < QUERIES; q++) {
            List<SearchHit> hits = index.search(data.queries().row(q), 10, 20);
            assertThat(hits).hasSize(10);
            Set<String> exact = new HashSet<>();
            for (int i : truth.indices(q)) {
                exact.add("p" + i);
            }
            found += (int) hits.stream().filter(h -> exact.contains(h.path())).count();
            for (SearchHit hit : hits) {
                double distance = data.queries().distance(q, data.gallery(), Integer.parseInt(hit.path().substring(1)));
                // float32 scores bound the error to about 1e-6 here; quantized distances are off by percents
                assertThat(hit.distance()).isCloseTo(distance, within(1e-5 * (1 + distance)));
            }
            for (int i = 1; i < hits.size(); i++) {
                assertThat(hits.get(i).distance()).isGreaterThanOrEqualTo(hits.get(i - 1).distance());
            }
        }
        return found / (10.0 * QUERIES);
    }

    /** The vector formats of the committed segments, as Lucene recorded them. */
    private Set<String> vectorFormats() throws IOException {
        Set<String> formats = new HashSet<>();
        try (Directory directory = FSDirectory.open(folder.resolve("lucene"));
             DirectoryReader reader = DirectoryReader.open(directory)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                formats.add(leaf.reader().getFieldInfos().fieldInfo("embedding")
                        .getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY));
            }
        }
        return formats;
    }

    @Test
    void anInt7IndexFindsNineInTenTrueNeighboursAtExactDistances() throws IOException {
        Data data = data();
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, MODEL, DIM, options(Quantization.INT7))) {
            fill(index, data.gallery());
            index.commit();
            assertThat(index.quantization()).isEqualTo(Quantization.INT7);
            assertThat(recallAtTen(index, data)).isGreaterThanOrEqualTo(0.9);
        }
        // the graph was built on quantized vectors, the float ones kept beside them
        assertThat(vectorFormats()).containsExactly("Lucene99HnswScalarQuantizedVectorsFormat");
        assertThat(Files.readString(folder.resolve(EmbeddingIndex.METADATA_FILE))).contains("quantization=int7");
    }

    @Test
    void anInt4IndexFindsNineteenInTwentyTrueNeighboursAtExactDistances() {
        Data data = data();
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, MODEL, DIM, options(Quantization.INT4))) {
            fill(index, data.gallery());
            index.commit();
            // measured 0.989: the 4-bit graph misses a few more true neighbours, which re-ranking cannot add back
            assertThat(recallAtTen(index, data)).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void aQuantizedIndexReopensAfterACommitWritableAndReadOnly() {
        Data data = data();
        List<List<SearchHit>> before = new java.util.ArrayList<>();
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, MODEL, DIM, options(Quantization.INT7))) {
            fill(index, data.gallery());
            index.commit();
            for (int q = 0; q < 20; q++) {
                before.add(index.search(data.queries().row(q), 10));
            }
        }
        try (EmbeddingIndex index = EmbeddingIndex.open(folder, MODEL, options(Quantization.INT7))) {
            assertThat(index.size()).isEqualTo(N);
            for (int q = 0; q < 20; q++) {
                assertThat(index.search(data.queries().row(q), 10)).isEqualTo(before.get(q));
            }
            // new writes go to a second quantized segment and merge with the first
            index.put("new", data.queries().row(0), 0, 0, 0);
            index.optimize();
            assertThat(index.search(data.queries().row(0), 1).get(0).path()).isEqualTo("new");
            assertThat(index.search(data.queries().row(0), 1).get(0).distance()).isZero();
        }
        // reading follows the index, whatever the options say
        try (EmbeddingIndex index = EmbeddingIndex.openReadOnly(folder, MODEL)) {
            assertThat(index.quantization()).isEqualTo(Quantization.INT7);
            assertThat(index.size()).isEqualTo(N + 1);
            for (int q = 1; q < 20; q++) {
                assertThat(index.search(data.queries().row(q), 10)).extracting(SearchHit::path)
                        .isEqualTo(before.get(q).stream().map(SearchHit::path).toList());
            }
        }
    }

    @Test
    void deletedPicturesAreNeverFoundInAQuantizedIndex() {
        Data data = data();
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, MODEL, DIM, options(Quantization.INT7))) {
            fill(index, data.gallery());
            index.commit();
            for (int i = 0; i < N; i += 2) {
                index.remove("p" + i);
            }
            // the segment still holds the removed documents (marked deleted) until a merge
            for (int i = 1; i < N; i += 97) {
                List<SearchHit> hits = index.search(data.gallery().row(i), 10);
                assertThat(hits).hasSize(10);
                assertThat(hits).allSatisfy(h -> assertThat(Integer.parseInt(h.path().substring(1)) % 2).isEqualTo(1));
                if (i % 2 == 1) {
                    assertThat(hits.get(0).path()).isEqualTo("p" + i);
                }
            }
            for (int q = 0; q < 20; q++) {
                assertThat(index.search(data.queries().row(q), 10))
                        .allSatisfy(h -> assertThat(Integer.parseInt(h.path().substring(1)) % 2).isEqualTo(1));
            }
        }
    }

    @Test
    void writingWithAnotherQuantizationIsRefusedWithBothValuesAndTheKey() {
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, MODEL, DIM, options(Quantization.INT7))) {
            index.put("a", new float[DIM], 0, 0, 0);
        }
        assertThatThrownBy(() -> EmbeddingIndex.open(folder, MODEL, options(Quantization.NONE)))
                .isInstanceOf(SearchException.class)
                .hasMessageContaining("siamese.search.index.quantization = int7, not none")
                .hasMessageContaining("siamese.search.index.quantization=int7");
        assertThatThrownBy(() -> EmbeddingIndex.openOrCreate(folder, MODEL, DIM, options(Quantization.INT4)))
                .isInstanceOf(SearchException.class)
                .hasMessageContaining("int7, not int4");
        // the refused opening left the index as it was
        try (EmbeddingIndex index = EmbeddingIndex.open(folder, MODEL, options(Quantization.INT7))) {
            assertThat(index.size()).isEqualTo(1);
        }
    }

    @Test
    void anIndexMadeBeforeQuantizationExistedIsFloat32() throws IOException {
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, MODEL, DIM, EmbeddingIndex.Options.defaults())) {
            index.put("a", new float[DIM], 0, 0, 0);
        }
        Path metadata = folder.resolve(EmbeddingIndex.METADATA_FILE);
        Files.writeString(metadata, Files.readString(metadata).replaceAll("(?m)^quantization=.*\\R", ""));
        assertThat(Files.readString(metadata)).doesNotContain("quantization");
        try (EmbeddingIndex index = EmbeddingIndex.open(folder, MODEL, EmbeddingIndex.Options.defaults())) {
            assertThat(index.quantization()).isEqualTo(Quantization.NONE);
        }
        assertThatThrownBy(() -> EmbeddingIndex.open(folder, MODEL, options(Quantization.INT7)))
                .isInstanceOf(SearchException.class).hasMessageContaining("none, not int7");
    }

    @Test
    void optionsKeepTheirConstructorsAndNameTheQuantization() {
        EmbeddingIndex.Options six = new EmbeddingIndex.Options(16, 100, 100, 100_000, 256, 2);
        assertThat(six.quantization()).isEqualTo(Quantization.NONE);
        assertThat(six.withQuantization(Quantization.INT4).withCandidates(7).quantization()).isEqualTo(Quantization.INT4);
        assertThat(Quantization.of("INT7")).isEqualTo(Quantization.INT7);
        assertThat(Quantization.INT4.toString()).isEqualTo("int4");
        assertThatThrownBy(() -> Quantization.of("int8")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none, int7 or int4");
    }
}
