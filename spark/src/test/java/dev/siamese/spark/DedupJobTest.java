package dev.siamese.spark;

import dev.siamese.search.dedup.DuplicateFinder;
import dev.siamese.search.dedup.DuplicateGroups;

import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DedupJobTest {

    @TempDir
    static Path dir;
    static PlantedEmbeddings planted;
    static ModelFacts model;
    static String table;

    @BeforeAll
    static void embeddings() {
        SparkSession spark = LocalSpark.session();
        model = ModelProbe.facts(spark, ModelSource.SHIPPED, HadoopFiles.of(spark.sparkContext().hadoopConfiguration()));
        planted = new PlantedEmbeddings(2_000, 150, model.dimension(), 11);
        table = LocalSpark.uri(dir.resolve("embeddings"));
        spark.createDataFrame(planted.rows(model.id()), EmbeddingTable.SCHEMA).repartition(3).write()
                .mode(SaveMode.Overwrite).parquet(table);
    }

    private static DedupJob.Result dedup(DedupJob.Options options) {
        return DedupJob.run(LocalSpark.session(), options);
    }

    @Test
    void givesTheGroupsOfTheSingleMachineExactDedupWithTheModelsDecision() {
        // the model's decision: distance + w x hash bits < threshold, centred groups, ~17 cells of ~150, 2 probes
        DedupJob.Result spark = dedup(DedupJob.Options.of(table, LocalSpark.uri(dir.resolve("out-model")),
                ModelSource.SHIPPED).withCells(150, 2));
        DuplicateGroups exact = DuplicateFinder.combined(planted.paths, planted.embeddings(), planted.hashArray(),
                model.threshold(), model.hashBitWeight(), 2).groupedAs(DuplicateGroups.Grouping.CENTRED);
        assertThat(exact.groups()).hasSizeGreaterThan(100);
        assertThat(spark.cells()).isGreaterThan(3);
        assertThat(spark.groups().groups()).isEqualTo(exact.groups());
        assertThat(spark.groups().metric()).isEqualTo("euclidean+hash");
        assertThat(spark.candidatesPerVector()).isLessThan(planted.paths.size() / 2.0);
        assertThat(Files.exists(dir.resolve("out-model/duplicates.csv"))).isTrue();
        assertThat(Files.exists(dir.resolve("out-model/duplicates.json"))).isTrue();
        assertThat(LocalSpark.session().read().parquet(dir.resolve("out-model/groups").toString()).count())
                .isEqualTo(exact.groups().size());
    }

    @Test
    void withEveryCellProbedItIsExactForAnyThresholdAndConnectedGroups() {
        double threshold = 4.5;  // far above the planted noise: pairs of background vectors too, and chains
        DedupJob.Result spark = dedup(DedupJob.Options.of(table, LocalSpark.uri(dir.resolve("out-all")),
                ModelSource.SHIPPED).withCells(400, 100).withThreshold(threshold)
                .withGrouping(DuplicateGroups.Grouping.CONNECTED));
        DuplicateGroups exact = DuplicateFinder.exact(planted.paths, planted.embeddings(), threshold, 2);
        assertThat(spark.groups().exact()).isTrue();
        assertThat(spark.groups().groups()).isEqualTo(exact.groups());
        assertThat(spark.pairs()).isEqualTo(exact.groups().stream().mapToLong(g -> g.pairs().size()).sum());
    }

    @Test
    void hashPairsWithinBitsAreExact() {
        DedupJob.Result spark = dedup(DedupJob.Options.of(table, LocalSpark.uri(dir.resolve("out-hash")),
                ModelSource.SHIPPED).withHashBits(4));
        DuplicateGroups exact = DuplicateFinder.hashes(planted.paths, planted.hashArray(), 4)
                .groupedAs(DuplicateGroups.Grouping.CENTRED);
        assertThat(exact.groups()).hasSizeGreaterThan(100);
        assertThat(spark.groups().groups()).isEqualTo(exact.groups());
    }

    @Test
    void embeddingsOfAnotherModelAreRefused() {
        SparkSession session = LocalSpark.session();
        String other = LocalSpark.uri(dir.resolve("other-model"));
        session.createDataFrame(new PlantedEmbeddings(20, 2, model.dimension(), 3).rows("0123456789abcdef:64"),
                EmbeddingTable.SCHEMA).write().mode(SaveMode.Overwrite).parquet(other);
        assertThatThrownBy(() -> dedup(DedupJob.Options.of(other, LocalSpark.uri(dir.resolve("never")),
                ModelSource.SHIPPED)))
                .hasMessageContaining("were made by model 0123456789abcdef:64, not by the model given (" + model.id());
    }
}
