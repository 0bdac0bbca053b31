package dev.siamese.search;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class HnswVectorsFormatTest {

    @Test
    void segmentsOfLucenesFormatAndOfOursMergeAndSearchAsOneIndex() throws Exception {
        Random random = new Random(11);
        float[][] rows = new float[600][16];
        for (float[] row : rows) {
            for (int d = 0; d < row.length; d++) {
                row[d] = (float) random.nextGaussian();
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Directory directory = new ByteBuffersDirectory()) {
            // an index as an earlier version wrote it, with Lucene's own format and scorer
            write(directory, codec(new Lucene99HnswVectorsFormat(16, 100)), rows, 0, 300, false);
            // more rows with this format, then a parallel merge of both into one segment with it
            write(directory, codec(new HnswVectorsFormat(16, 100, 2, pool)), rows, 300, 600, true);
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                assertThat(reader.leaves()).hasSize(1);
                assertThat(reader.numDocs()).isEqualTo(600);
                IndexSearcher searcher = new IndexSearcher(reader);
                for (int q : new int[] {0, 150, 299, 300, 450, 599}) {
                    TopDocs top = searcher.search(new KnnFloatVectorQuery("v", rows[q], 1), 1);
                    int id = searcher.storedFields().document(top.scoreDocs[0].doc).getField("id").numericValue()
                            .intValue();
                    assertThat(id).as("the nearest row to row %d is itself", q).isEqualTo(q);
                    assertThat(top.scoreDocs[0].score).isEqualTo(1f);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void itCarriesLucenesNameSoThatAnyLuceneReadsIt() {
        assertThat(new HnswVectorsFormat(16, 100, 1, null).getName())
                .isEqualTo(new Lucene99HnswVectorsFormat().getName());
        assertThat(KnnVectorsFormat.forName("Lucene99HnswVectorsFormat")).isInstanceOf(Lucene99HnswVectorsFormat.class);
    }

    private static void write(Directory directory, Codec codec, float[][] rows, int from, int to, boolean merge)
            throws Exception {
        IndexWriterConfig config = new IndexWriterConfig().setCodec(codec);
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (int i = from; i < to; i++) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField("v", rows[i], VectorSimilarityFunction.EUCLIDEAN));
                doc.add(new StoredField("id", i));
                writer.addDocument(doc);
            }
            writer.commit();
            if (merge) {
                writer.forceMerge(1);
            }
        }
    }

    private static Codec codec(KnnVectorsFormat format) {
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }
}
