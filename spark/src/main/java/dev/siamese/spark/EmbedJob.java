package dev.siamese.spark;

import dev.siamese.api.SiameseException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.util.List;
import java.util.Objects;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.unix_millis;

/**
 * The embed job: every picture file ({@code .png .jpg .jpeg .bmp .gif .webp .tif .tiff}, any case) under a Hadoop
 * file-system URI becomes a row of the {@link EmbeddingTable} in Parquet, made by one model loaded once per executor
 * and fed in batches; files that cannot be used go to a second Parquet table with the reason, and never fail the job.
 * Given the table of an earlier run, files whose path, size and modification time are unchanged keep their rows and
 * are not embedded again (files since removed are dropped).
 */
public final class EmbedJob {

    /**
     * What to embed and where to write.
     *
     * @param input        the folder of pictures (any Hadoop file-system URI), searched recursively; files whose
     *                     names start with {@code .} or {@code _} are skipped, as Spark skips them
     * @param output       where the embedding table goes (replaced)
     * @param skipped      where the table of skipped files goes (replaced)
     * @param previous     an earlier run's embedding table to reuse, or null; must not be {@code output}
     * @param model        the model every executor loads
     * @param batch        pictures per embedding batch (and decoded pictures held per task)
     * @param partitions   tasks to embed in, or 0 for about one per 1,000 files (at least the default parallelism)
     * @param maxFileBytes files larger than this are skipped unread
     */
    public record Options(String input, String output, String skipped, String previous, ModelSource model, int batch,
                          int partitions, long maxFileBytes) {

        public Options {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(skipped, "skipped");
            Objects.requireNonNull(model, "model");
            if (batch < 1) {
                throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
            }
            if (partitions < 0) {
                throw new IllegalArgumentException("--partitions must be 0 (automatic) or more, got " + partitions);
            }
            if (maxFileBytes < 1) {
                throw new IllegalArgumentException("--max-file-bytes must be positive, got " + maxFileBytes);
            }
            if (previous != null && previous.equals(output)) {
                throw new IllegalArgumentException("--previous and --out are both " + output + ": write the new table"
                        + " elsewhere (Spark cannot replace a table it is reading)");
            }
            if (skipped.equals(output)) {
                throw new IllegalArgumentException("--skipped and --out are both " + output);
            }
        }

        /** Defaults: 256 pictures per batch, automatic partitions, files up to 256 MB. */
        public static Options of(String input, String output, String skipped, String previous, ModelSource model) {
            return new Options(input, output, skipped, previous, model, 256, 0, 256L << 20);
        }
    }

    /** What a run did: files found, embedded now, kept from the previous table, skipped; the model and the time. */
    public record Result(long found, long embedded, long reused, long skipped, ModelFacts model, double seconds) {

        /** One line for people. */
        public String summary() {
            return String.format(java.util.Locale.ROOT, "%,d picture files: %,d embedded, %,d unchanged (reused), %,d"
                    + " skipped, in %.1f s (%.0f embedded/s); model %s", found, embedded, reused, skipped, seconds,
                    seconds > 0 ? embedded / seconds : 0, model.id());
        }
    }

    private EmbedJob() {
    }

    /** Runs the job on {@code spark}. */
    public static Result run(SparkSession spark, Options options) {
        long start = System.nanoTime();
        Phases phases = new Phases("embed", start);
        HadoopFiles files = HadoopFiles.of(spark.sparkContext().hadoopConfiguration());
        ModelFacts facts = ModelProbe.facts(spark, options.model(), files);
        Dataset<Row> listed = list(spark, options.input());
        long found = listed.count();
        phases.done(String.format(java.util.Locale.ROOT, "%,d picture files listed under %s", found, options.input()));
        Dataset<Row> toEmbed = listed;
        Dataset<Row> carried = null;
        if (options.previous() != null) {
            Dataset<Row> previous = readTable(spark, options.previous());
            requireModel(previous, facts, options.previous());
            List<String> keys = List.of(EmbeddingTable.PATH, EmbeddingTable.SIZE, EmbeddingTable.MODIFIED);
            scala.collection.immutable.Seq<String> on = scala.jdk.javaapi.CollectionConverters.asScala(keys).toList();
            carried = previous.join(listed, on, "left_semi");
            toEmbed = listed.join(previous.select(EmbeddingTable.PATH, EmbeddingTable.SIZE, EmbeddingTable.MODIFIED), on,
                    "left_anti").persist(StorageLevel.MEMORY_AND_DISK());
        }
        long pending = toEmbed == listed ? found : toEmbed.count();
        if (toEmbed != listed) {
            phases.done(String.format(java.util.Locale.ROOT, "%,d new or changed, %,d unchanged", pending, found - pending));
        }
        int partitions = options.partitions() > 0 ? options.partitions()
                : (int) Math.max(spark.sparkContext().defaultParallelism(), Math.min(100_000, (pending + 999) / 1000));
        JavaRDD<Row> rows = toEmbed.repartition(partitions).javaRDD()
                .mapPartitions(new EmbedPartition(options.model(), files, options.batch(), options.maxFileBytes()));
        Dataset<Row> done = spark.createDataFrame(rows, EmbeddingTable.EMBEDDED_OR_SKIPPED)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> embedded = done.filter(col(EmbeddingTable.REASON).isNull()).drop(EmbeddingTable.REASON);
            Dataset<Row> table = spark.createDataFrame(embedded.javaRDD(), EmbeddingTable.SCHEMA);
            if (carried != null) {
                table = table.unionByName(carried.select(columns(EmbeddingTable.SCHEMA.fieldNames())));
            }
            table.write().mode(SaveMode.Overwrite).parquet(options.output());
            phases.done("embedding table written to " + options.output());
            Dataset<Row> skipped = done.filter(col(EmbeddingTable.REASON).isNotNull())
                    .select(columns(EmbeddingTable.SKIPPED.fieldNames()));
            skipped.write().mode(SaveMode.Overwrite).parquet(options.skipped());
            long skippedCount = done.filter(col(EmbeddingTable.REASON).isNotNull()).count();
            long reused = carried == null ? 0 : found - pending;
            return new Result(found, pending - skippedCount, reused, skippedCount, facts,
                    (System.nanoTime() - start) / 1e9);
        } finally {
            done.unpersist();
            toEmbed.unpersist();
            listed.unpersist();
        }
    }

    /**
     * The picture files under {@code input}: path (URI), size and modification time, nothing read; listed once and
     * kept (in memory or on disk) for the rest of the job.
     */
    static Dataset<Row> list(SparkSession spark, String input) {
        // binaryFile reads a file's content only when the content column is selected: here it lists. Spark packs
        // files into scan tasks as if opening each cost 4 MB, which makes hundreds of tasks for a folder of small
        // pictures: nothing is opened here, so the listing is planned and run with no opening cost
        String key = "spark.sql.files.openCostInBytes";
        scala.Option<String> before = spark.conf().getOption(key);
        spark.conf().set(key, "0");
        try {
            Dataset<Row> listed = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(input)
                    .select(col("path").as(EmbeddingTable.PATH), col("length").as(EmbeddingTable.SIZE),
                            unix_millis(col("modificationTime")).as(EmbeddingTable.MODIFIED))
                    .filter(lower(col("path")).rlike("\\.(png|jpe?g|bmp|gif|webp|tiff?)$"))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            listed.count();
            return listed;
        } catch (RuntimeException e) {
            throw new SiameseException("cannot list pictures under " + input + ": " + JobFailure.message(e), e);
        } finally {
            if (before.isDefined()) {
                spark.conf().set(key, before.get());
            } else {
                spark.conf().unset(key);
            }
        }
    }

    /** An embedding table, with a clear error when it is not one. */
    static Dataset<Row> readTable(SparkSession spark, String uri) {
        Dataset<Row> table;
        try {
            table = spark.read().parquet(uri);
        } catch (RuntimeException e) {
            throw new SiameseException("cannot read embedding table " + uri + ": " + JobFailure.message(e), e);
        }
        for (String column : EmbeddingTable.SCHEMA.fieldNames()) {
            if (!List.of(table.columns()).contains(column)) {
                throw new SiameseException(uri + " is not an embedding table of the embed job: it has no '" + column
                        + "' column (columns: " + String.join(", ", table.columns()) + ")");
            }
        }
        return table;
    }

    /** Fails unless every row of {@code table} was embedded by the model of {@code facts}. */
    static void requireModel(Dataset<Row> table, ModelFacts facts, String uri) {
        List<Row> models = table.select(EmbeddingTable.MODEL).distinct().limit(3).collectAsList();
        for (Row r : models) {
            if (!facts.id().equals(r.getString(0))) {
                throw new SiameseException("embeddings in " + uri + " were made by model " + r.getString(0)
                        + ", not by the model given (" + facts.id() + "); give the model they were made with, or"
                        + " embed again with this one");
            }
        }
    }

    static Column[] columns(String... names) {
        Column[] c = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            c[i] = col(names[i]);
        }
        return c;
    }
}
