package dev.siamese.spark;

import dev.siamese.api.SiameseException;
import dev.siamese.search.dedup.DuplicateGroup;
import dev.siamese.search.dedup.DuplicateGroups;
import dev.siamese.search.dedup.DuplicateReports;
import dev.siamese.search.knn.KMeansCells;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import static org.apache.spark.sql.functions.col;

/**
 * The dedup job: every pair of an embedding table closer than the model's near-duplicate decision (or within B bits
 * of the DCT hash), grouped as {@code siamese dedup} groups them (connected components, or centred groups), written
 * as a Parquet {@link GroupsTable} plus the CSV and JSON reports of {@code siamese dedup}.
 *
 * <p>It scales linearly: k-means cells (about {@code cellSize} vectors each) are fitted on a sample, every vector is
 * put in its {@code probes} nearest cells, and an exact blocked join runs inside each cell; each pair is kept once.
 * A pair is missed only when its two vectors share none of their nearest cells, so recall grows with the probes;
 * with as many probes as cells the result is exact. Work: about {@code probes^2 x cellSize / 2} distance
 * computations per vector. Memory per task: the largest cell's vectors (4 D bytes each, plus row overhead) and the
 * largest connected component's pairs; on the driver, the sample ({@code sample x 4 D} bytes) and, for the CSV and
 * JSON reports, the groups when they hold at most {@code reportLimit} pictures.
 */
public final class DedupJob {

    private static final StructType IDS = new StructType()
            .add("id", DataTypes.LongType, false)
            .add(EmbeddingTable.PATH, DataTypes.StringType, false)
            .add(EmbeddingTable.HASH, DataTypes.LongType, false)
            .add(EmbeddingTable.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false);
    private static final StructType ASSIGNED = new StructType()
            .add("cell", DataTypes.IntegerType, false)
            .add("rank", DataTypes.DoubleType, false)
            .add("id", DataTypes.LongType, false)
            .add(EmbeddingTable.HASH, DataTypes.LongType, false)
            .add(EmbeddingTable.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false);
    private static final StructType CHUNKS = new StructType()
            .add("chunk", DataTypes.IntegerType, false)
            .add("value", DataTypes.LongType, false)
            .add("id", DataTypes.LongType, false)
            .add(EmbeddingTable.HASH, DataTypes.LongType, false);
    private static final StructType PAIRS = new StructType()
            .add("a", DataTypes.LongType, false)
            .add("b", DataTypes.LongType, false)
            .add("distance", DataTypes.DoubleType, false);

    /**
     * What to compare and where to write.
     *
     * @param embeddings  the embedding table of the embed job
     * @param output      a folder: {@code groups/} (Parquet), {@code duplicates.csv}, {@code duplicates.json}
     * @param model       the model the embeddings were made with (its identity is checked; its decision is used)
     * @param threshold   a distance to use instead of the model's decision (then without its hash term), or null
     * @param hashBits    compare DCT hashes instead, pairs within this many bits, or null
     * @param grouping    how pairs become groups (default centred, as {@code siamese dedup})
     * @param cellSize    vectors per k-means cell on average (default 2,000)
     * @param probes      cells each vector is put in (default 3)
     * @param sample      vectors the cells are fitted on (default 100,000)
     * @param iterations  k-means rounds (default 10)
     * @param seed        for the sample and the first centres
     * @param reportLimit the CSV and JSON reports are written when the groups hold at most this many pictures
     */
    public record Options(String embeddings, String output, ModelSource model, Double threshold, Integer hashBits,
                          DuplicateGroups.Grouping grouping, int cellSize, int probes, int sample, int iterations,
                          long seed, long reportLimit) {

        public Options {
            Objects.requireNonNull(embeddings, "embeddings");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(grouping, "grouping");
            if (threshold != null && !(threshold > 0 && Double.isFinite(threshold))) {
                throw new IllegalArgumentException("--threshold must be a positive distance, got " + threshold);
            }
            if (hashBits != null && (hashBits < 0 || hashBits > 32)) {
                throw new IllegalArgumentException("--hash-bits must be 0 to 32, got " + hashBits);
            }
            if (cellSize < 2) {
                throw new IllegalArgumentException("--cell-size must be at least 2, got " + cellSize);
            }
            if (probes < 1) {
                throw new IllegalArgumentException("--probes must be at least 1, got " + probes);
            }
            if (sample < 1 || iterations < 0 || reportLimit < 0) {
                throw new IllegalArgumentException("--sample must be positive, --iterations and --report-limit not"
                        + " negative");
            }
        }

        /** The defaults: the model's decision, centred groups, cells of ~2,000, 3 probes, a 100,000 sample. */
        public static Options of(String embeddings, String output, ModelSource model) {
            return new Options(embeddings, output, model, null, null, DuplicateGroups.Grouping.CENTRED, 2_000, 3,
                    100_000, 10, 17, 5_000_000);
        }

        public Options withCells(int cellSize, int probes) {
            return new Options(embeddings, output, model, threshold, hashBits, grouping, cellSize, probes, sample,
                    iterations, seed, reportLimit);
        }

        public Options withThreshold(Double value) {
            return new Options(embeddings, output, model, value, hashBits, grouping, cellSize, probes, sample,
                    iterations, seed, reportLimit);
        }

        public Options withGrouping(DuplicateGroups.Grouping value) {
            return new Options(embeddings, output, model, threshold, hashBits, value, cellSize, probes, sample,
                    iterations, seed, reportLimit);
        }

        public Options withHashBits(Integer value) {
            return new Options(embeddings, output, model, threshold, value, grouping, cellSize, probes, sample,
                    iterations, seed, reportLimit);
        }
    }

    /**
     * What a run found: pictures compared, cells and probes, the largest cell, candidate pairs per vector (pairs
     * the cell joins compared), pairs kept, groups, and the groups themselves when within the report limit.
     */
    public record Result(long pictures, int cells, int probes, long largestCell, double candidatesPerVector,
                         long pairs, long groupCount, long duplicatePictures, double seconds, DuplicateGroups groups) {

        /** One line for people. */
        public String summary() {
            return String.format(Locale.ROOT, "%,d pictures in %,d cells (%d probes, largest %,d): %.0f candidate pairs"
                            + " per picture, %,d pairs, %,d groups of %,d pictures, in %.1f s", pictures, cells, probes,
                    largestCell, candidatesPerVector, pairs, groupCount, duplicatePictures, seconds);
        }
    }

    private DedupJob() {
    }

    /** Runs the job on {@code spark}. */
    public static Result run(SparkSession spark, Options o) {
        long start = System.nanoTime();
        Phases phases = new Phases("dedup", start);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        HadoopFiles files = HadoopFiles.of(spark.sparkContext().hadoopConfiguration());
        ModelFacts facts = ModelProbe.facts(spark, o.model(), files);
        Dataset<Row> table = EmbedJob.readTable(spark, o.embeddings());
        EmbedJob.requireModel(table, facts, o.embeddings());
        // ids in path order: groups are numbered, and members ordered, as on one machine
        JavaRDD<Row> numbered = table.select(EmbeddingTable.PATH, EmbeddingTable.HASH, EmbeddingTable.EMBEDDING)
                .orderBy(EmbeddingTable.PATH).javaRDD().zipWithIndex()
                .map(t -> RowFactory.create(t._2(), t._1().getString(0), t._1().getLong(1), t._1().get(2)));
        Dataset<Row> vectors = spark.createDataFrame(numbered, IDS).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long n = vectors.count();
            phases.done(String.format(Locale.ROOT, "%,d embeddings numbered in path order", n));
            String metric;
            double threshold;
            Dataset<Row> pairs;
            int cells = 0;
            int probes = 0;
            long largest = 0;
            double candidates;
            if (o.hashBits() != null) {
                metric = "hamming";
                threshold = o.hashBits();
                pairs = hashPairs(spark, vectors, o.hashBits());
                candidates = Double.NaN;
            } else {
                threshold = o.threshold() != null ? o.threshold() : facts.threshold();
                double bitWeight = o.threshold() == null ? facts.bitWeight().orElse(Double.NaN) : Double.NaN;
                boolean withHashes = !Double.isNaN(bitWeight);
                metric = withHashes ? "euclidean+hash" : "euclidean";
                KMeansCells fitted = fit(vectors, n, facts.dimension(), o);
                phases.done(String.format(Locale.ROOT, "%,d k-means cells fitted", fitted.count()));
                cells = fitted.count();
                probes = Math.min(o.probes(), cells);
                Broadcast<KMeansCells> shared = context.broadcast(fitted);
                int p = probes;
                double t = threshold;
                JavaRDD<Row> assigned = vectors.javaRDD().mapPartitions(rows -> assign(rows, shared.value(), p, t));
                Dataset<Row> inCells = spark.createDataFrame(assigned, ASSIGNED).persist(StorageLevel.MEMORY_AND_DISK());
                long guestLimit = (long) (probes - 1) * o.cellSize();
                try {
                    // what the cell joins compare: every home vector, and at most guestLimit guests per cell
                    List<Row> sizes = inCells.groupBy("cell").agg(
                            org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(col("rank").lt(0), 1)
                                    .otherwise(0)).as("homes"),
                            org.apache.spark.sql.functions.count("*").as("all")).collectAsList();
                    double compared = 0;
                    for (Row s : sizes) {
                        long homes = s.getLong(1);
                        long m = homes + Math.min(s.getLong(2) - homes, guestLimit);
                        compared += m * (m - 1) / 2.0;
                        largest = Math.max(largest, m);
                    }
                    candidates = n == 0 ? 0 : compared / n;
                    phases.done(String.format(Locale.ROOT, "vectors put in cells (largest %,d, %.0f candidate pairs"
                            + " per vector)", largest, candidates));
                    int partitions = Math.max(1, Math.min(cells, spark.sparkContext().defaultParallelism() * 4));
                    JavaRDD<Row> found = inCells.repartition(partitions, col("cell"))
                            .sortWithinPartitions("cell", "rank", "id").javaRDD()
                            .mapPartitions(new CellJoin(threshold, withHashes ? bitWeight : 0, withHashes, guestLimit));
                    // a pair of vectors that share several cells is found in each
                    pairs = spark.createDataFrame(found, PAIRS).dropDuplicates("a", "b").coalesce(partitions)
                            .persist(StorageLevel.MEMORY_AND_DISK());
                    // counted while the cells are still held
                    phases.done(String.format(Locale.ROOT, "%,d pairs found in the cells", pairs.count()));
                } finally {
                    inCells.unpersist();
                }
            }
            if (o.hashBits() != null) {
                pairs = pairs.persist(StorageLevel.MEMORY_AND_DISK());
            }
            long pairCount = pairs.count();
            boolean exact = o.hashBits() != null || probes >= cells;
            Dataset<Row> groups = group(spark, vectors, pairs, metric, threshold, o.grouping());
            groups.write().mode(SaveMode.Overwrite).parquet(o.output() + "/groups");
            Dataset<Row> written = spark.read().parquet(o.output() + "/groups");
            long groupCount = written.count();
            phases.done(String.format(Locale.ROOT, "%,d groups written", groupCount));
            long members = groupCount == 0 ? 0 : written.agg(org.apache.spark.sql.functions.sum("size")).first().getLong(0);
            DuplicateGroups report = null;
            if (members <= o.reportLimit()) {
                List<DuplicateGroup> list = new ArrayList<>();
                Iterator<Row> rows = written.orderBy("group").toLocalIterator();
                while (rows.hasNext()) {
                    list.add(GroupsTable.group(rows.next()));
                }
                report = new DuplicateGroups(metric, threshold, exact, (int) Math.min(Integer.MAX_VALUE, n),
                        o.grouping(), list);
                writeReports(spark, report, o.output());
            }
            pairs.unpersist();
            return new Result(n, cells, probes, largest, candidates, pairCount, groupCount, members,
                    (System.nanoTime() - start) / 1e9, report);
        } finally {
            vectors.unpersist();
        }
    }

    private static KMeansCells fit(Dataset<Row> vectors, long n, int dimension, Options o) {
        int k = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round((double) n / o.cellSize())));
        double fraction = Math.min(1.0, 1.1 * o.sample() / Math.max(1, n));
        List<Row> drawn = vectors.select(EmbeddingTable.EMBEDDING).sample(false, fraction, o.seed()).limit(o.sample())
                .collectAsList();
        if (drawn.isEmpty()) {
            drawn = vectors.select(EmbeddingTable.EMBEDDING).limit(1).collectAsList();
        }
        if (drawn.isEmpty()) {
            return KMeansCells.fit(new float[dimension], 1, dimension, 1, 0, o.seed(), 1);
        }
        int count = drawn.size();
        float[] sample = new float[count * dimension];
        for (int i = 0; i < count; i++) {
            float[] v = Rows.floats(drawn.get(i), 0);
            if (v.length != dimension) {
                throw new SiameseException("embeddings in " + o.embeddings() + " have " + v.length + " values, the"
                        + " model's have " + dimension);
            }
            System.arraycopy(v, 0, sample, i * dimension, dimension);
        }
        return KMeansCells.fit(sample, count, dimension, Math.min(k, count), o.iterations(), o.seed(),
                Runtime.getRuntime().availableProcessors());
    }

    /** Each vector at home in its nearest cell, and as a guest in the cells {@link KMeansCells#assign} gives it. */
    private static Iterator<Row> assign(Iterator<Row> rows, KMeansCells cells, int probes, double threshold) {
        return Batches.flatMap(rows, 4096, batch -> {
            int d = cells.dimension();
            float[] values = new float[batch.size() * d];
            for (int i = 0; i < batch.size(); i++) {
                float[] v = Rows.floats(batch.get(i), 3);
                if (v.length != d) {
                    throw new SiameseException("embedding of " + batch.get(i).getString(1) + " has " + v.length
                            + " values, the model's have " + d);
                }
                System.arraycopy(v, 0, values, i * d, d);
            }
            int[] cellOf = new int[batch.size() * probes];
            double[] margins = new double[batch.size() * probes];
            cells.assign(values, batch.size(), probes, threshold, cellOf, margins);
            List<Row> out = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Row r = batch.get(i);
                for (int p = 0; p < probes && cellOf[i * probes + p] >= 0; p++) {
                    out.add(RowFactory.create(cellOf[i * probes + p], p == 0 ? -1.0 : margins[i * probes + p],
                            r.getLong(0), r.getLong(2), r.get(3)));
                }
            }
            return out;
        });
    }

    private static Dataset<Row> hashPairs(SparkSession spark, Dataset<Row> vectors, int bits) {
        JavaRDD<Row> chunks = vectors.select("id", EmbeddingTable.HASH).javaRDD().flatMap(r -> {
            List<Row> out = new ArrayList<>(bits + 1);
            for (int c = 0; c <= bits; c++) {
                out.add(RowFactory.create(c, HashJoin.chunk(r.getLong(1), c, bits), r.getLong(0), r.getLong(1)));
            }
            return out.iterator();
        });
        int partitions = spark.sparkContext().defaultParallelism() * 4;
        JavaRDD<Row> found = spark.createDataFrame(chunks, CHUNKS).repartition(partitions, col("chunk"), col("value"))
                .sortWithinPartitions("chunk", "value", "id").javaRDD().mapPartitions(new HashJoin(bits));
        return spark.createDataFrame(found, PAIRS).coalesce(partitions);
    }

    /** The groups, numbered in order of component, then of first member (as on one machine). */
    private static Dataset<Row> group(SparkSession spark, Dataset<Row> vectors, Dataset<Row> pairs, String metric,
                                      double threshold, DuplicateGroups.Grouping grouping) {
        JavaPairRDD<Long, Long> components = Components.of(pairs.javaRDD().map(r -> new Tuple2<>(r.getLong(0),
                r.getLong(1))));
        Dataset<Row> componentOf = spark.createDataFrame(components.map(t -> RowFactory.create(t._1(), t._2())),
                new StructType().add("cid", DataTypes.LongType, false).add("component", DataTypes.LongType, false));
        Dataset<Row> paths = vectors.select(col("id"), col(EmbeddingTable.PATH));
        Dataset<Row> edges = pairs
                .join(componentOf, pairs.col("a").equalTo(componentOf.col("cid")))
                .join(paths.withColumnRenamed("id", "ia").withColumnRenamed(EmbeddingTable.PATH, "pa"),
                        col("a").equalTo(col("ia")))
                .join(paths.withColumnRenamed("id", "ib").withColumnRenamed(EmbeddingTable.PATH, "pb"),
                        col("b").equalTo(col("ib")))
                .select("component", "a", "b", "distance", "pa", "pb");
        JavaRDD<Row> unnumbered = edges.javaRDD()
                .mapToPair(r -> new Tuple2<>(r.getLong(0), RowFactory.create(r.getLong(1), r.getLong(2), r.getDouble(3),
                        r.getString(4), r.getString(5))))
                .groupByKey()
                .flatMap(new GroupComponent(metric, threshold, grouping));
        JavaRDD<Row> numbered = spark.createDataFrame(unnumbered, GroupsTable.UNNUMBERED).orderBy("component", "first")
                .javaRDD().zipWithIndex()
                .map(t -> {
                    Row r = t._1();
                    List<String> members = r.getList(2);
                    return RowFactory.create((int) (t._2() + 1), members.size(), r.get(2), r.get(3), r.get(4), r.get(5));
                });
        return spark.createDataFrame(numbered, GroupsTable.SCHEMA);
    }

    private static void writeReports(SparkSession spark, DuplicateGroups groups, String output) {
        writeText(spark, output + "/duplicates.csv", w -> DuplicateReports.writeCsv(groups, w));
        writeText(spark, output + "/duplicates.json", w -> DuplicateReports.writeJson(groups, w));
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    /** Writes a text file through Hadoop: first under a temporary name, renamed when complete. */
    private static void writeText(SparkSession spark, String uri, Body body) {
        Path target = new Path(uri);
        Path partial = new Path(uri + ".partial");
        try {
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (FSDataOutputStream out = fs.create(partial, true);
                 Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                body.write(w);
            }
            fs.delete(target, false);
            if (!fs.rename(partial, target)) {
                throw new IOException("cannot rename " + partial + " to " + target);
            }
        } catch (IOException e) {
            throw new SiameseException("cannot write " + uri + ": " + e.getMessage(), e);
        }
    }
}
