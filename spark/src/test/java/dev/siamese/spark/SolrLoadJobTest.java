package dev.siamese.spark;

import dev.siamese.search.SearchException;
import dev.siamese.search.SearchHit;
import dev.siamese.solr.SolrEmbeddings;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The solr-load job into a 2-node SolrCloud (2 shards) inside the test JVM. */
class SolrLoadJobTest {

    @TempDir
    static Path dir;
    static MiniSolrCloudCluster cluster;
    static String url;

    @BeforeAll
    static void cluster() throws Exception {
        cluster = new MiniSolrCloudCluster.Builder(2, dir.resolve("solr")).build();
        url = cluster.getJettySolrRunners().get(0).getBaseUrl().toString();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @Test
    void loadsAnEmbeddingTableThatThenFindsEachPictureFirstAtItsExactDistances() {
        SparkSession spark = LocalSpark.session();
        PlantedEmbeddings data = new PlantedEmbeddings(600, 40, 64, 21);
        String table = LocalSpark.uri(dir.resolve("embeddings"));
        spark.createDataFrame(data.rows("0123456789abcdef:64"), EmbeddingTable.SCHEMA).repartition(3).write()
                .mode(SaveMode.Overwrite).parquet(table);
        SolrLoadJob.Result result = SolrLoadJob.run(spark, new SolrLoadJob.Options(table, url, "pictures", true, 2, 1, 250));
        assertThat(result.documents()).isEqualTo(data.paths.size());
        try (SolrEmbeddings solr = SolrEmbeddings.open(url, "pictures", "0123456789abcdef:64", 64)) {
            for (int i = 0; i < data.paths.size(); i += 7) {
                List<SearchHit> hits = solr.search(data.vectors.get(i), 5);
                assertThat(hits.get(0).path()).isEqualTo(data.paths.get(i));
                assertThat(hits.get(0).distance()).isEqualTo(0.0);
                for (SearchHit hit : hits) {
                    float[] other = data.vectors.get(data.paths.indexOf(hit.path()));
                    double exact = 0;
                    for (int d = 0; d < 64; d++) {
                        double diff = data.vectors.get(i)[d] - other[d];
                        exact += diff * diff;
                    }
                    assertThat(hit.distance()).isCloseTo(Math.sqrt(exact), within(1e-4));
                }
            }
            assertThat(solr.hashes(List.of(data.paths.get(3)))).containsEntry(data.paths.get(3), data.hashes.get(3));
        }
    }

    @Test
    void aCollectionOfAnotherVectorSizeIsRefused() {
        SparkSession spark = LocalSpark.session();
        SolrEmbeddings.createCollection(url, "small", 16, 1, 1);
        String table = LocalSpark.uri(dir.resolve("embeddings-64"));
        spark.createDataFrame(new PlantedEmbeddings(30, 2, 64, 5).rows("0123456789abcdef:64"), EmbeddingTable.SCHEMA)
                .write().mode(SaveMode.Overwrite).parquet(table);
        assertThatThrownBy(() -> SolrLoadJob.run(spark, new SolrLoadJob.Options(table, url, "small", false, 1, 1, 100)))
                .isInstanceOf(SearchException.class).hasMessageContaining("16").hasMessageContaining("64");
    }
}
