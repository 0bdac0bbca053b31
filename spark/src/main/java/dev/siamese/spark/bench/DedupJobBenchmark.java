package dev.siamese.spark.bench;

import dev.siamese.api.model.Embeddings;
import dev.siamese.search.dedup.DuplicateFinder;
import dev.siamese.search.dedup.DuplicateGroups;
import dev.siamese.search.dedup.IndexPairs;
import dev.siamese.search.knn.ExactKnn;
import dev.siamese.search.knn.Neighbours;
import dev.siamese.spark.DedupJob;
import dev.siamese.spark.EmbeddingTable;
import dev.siamese.spark.ModelFacts;
import dev.siamese.spark.ModelSource;
import dev.siamese.spark.SparkMain;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Measures the dedup job on clustered 64-D embeddings (the data of {@code siamese bench index}: 1,000 Gaussian
 * centres N(0, 1), spread 0.5, seed 17) with 1% of the rows planted as near-duplicate groups of 2-4 (noise 0.05):
 * time, candidate pairs per vector, and recall of the pairs against the exact single-machine pairs (all pairs by
 * the blocked kernel up to {@code exactUpTo} rows; above, the exact pairs of a random sample of rows, found among
 * their 32 nearest neighbours, which hold all of them when the 32nd is beyond the threshold, as it is checked).
 *
 * <p>{@code DedupJobBenchmark OUT_FOLDER THRESHOLD CELL_SIZE PROBES N...} with Spark on the class path.
 */
public final class DedupJobBenchmark {

    private static final int EXACT_UP_TO = 300_000;
    private static final int SAMPLED_QUERIES = 20_000;

    private DedupJobBenchmark() {
    }

    public static void main(String[] args) {
        String out = args[0];
        double threshold = Double.parseDouble(args[1]);
        int cellSize = Integer.parseInt(args[2]);
        int probes = Integer.parseInt(args[3]);
        SparkSession spark = SparkSession.builder().master(System.getProperty("spark.master", "local[2]"))
                .appName("dedup-bench").config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        ModelFacts model = SparkMainAccess.facts(spark);
        for (int a = 4; a < args.length; a++) {
            int n = Integer.parseInt(args[a]);
            float[] values = generate(n, 64, 17);
            String table = out + "/embeddings-" + n;
            List<Row> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                rows.add(RowFactory.create(String.format("file:/bench/%08d.jpg", i), 0L, 0L, 0L,
                        java.util.Arrays.copyOfRange(values, i * 64, (i + 1) * 64), model.id()));
            }
            if (Boolean.getBoolean("bench.local")) {
                // the same cells on one machine, without Spark: DuplicateFinder.cells
                rows = null;
                List<String> paths = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    paths.add(String.format("file:/bench/%08d.jpg", i));
                }
                long l0 = System.nanoTime();
                DuplicateGroups local = DuplicateFinder.cells(paths, new Embeddings(n, 64, values), null, threshold, 0,
                        cellSize, probes, Runtime.getRuntime().availableProcessors(), DuplicateFinder.Progress.NONE);
                double localSeconds = (System.nanoTime() - l0) / 1e9;
                Set<Long> pairs = new HashSet<>();
                local.groups().forEach(g -> g.pairs().forEach(p -> pairs.add(key(index(p.first()), index(p.second())))));
                double[] recall = n <= EXACT_UP_TO ? recallAll(values, n, threshold, pairs)
                        : recallSampled(values, n, threshold, pairs);
                System.out.printf(Locale.ROOT, "N %,d: DuplicateFinder.cells %.1f s; %,d pairs found; recall %.4f of %,.0f"
                        + " exact pairs%n", n, localSeconds, pairs.size(), recall[0], recall[1]);
                continue;
            }
            spark.createDataFrame(rows, EmbeddingTable.SCHEMA).repartition(8).write().mode(SaveMode.Overwrite).parquet(table);
            rows = null;
            DedupJob.Options options = DedupJob.Options.of(table, out + "/dedup-" + n, ModelSource.SHIPPED)
                    .withThreshold(threshold).withGrouping(DuplicateGroups.Grouping.CONNECTED).withCells(cellSize, probes);
            DedupJob.Result r = DedupJob.run(spark, options);
            Set<Long> found = new HashSet<>();
            for (Row g : spark.read().parquet(out + "/dedup-" + n + "/groups").select("pairs").collectAsList()) {
                for (Row p : g.<Row>getList(0)) {
                    found.add(key(index(p.getString(0)), index(p.getString(1))));
                }
            }
            long t0 = System.nanoTime();
            double[] recall = n <= EXACT_UP_TO ? recallAll(values, n, threshold, found)
                    : recallSampled(values, n, threshold, found);
            System.out.printf(Locale.ROOT, "N %,d: dedup job %.1f s; %,d cells (largest %,d), %d probes; %.0f candidate"
                            + " pairs per vector; %,d pairs found; recall %.4f of %,.0f exact pairs (%s, %.1f s)%n", n,
                    r.seconds(), r.cells(), r.largestCell(), r.probes(), r.candidatesPerVector(), r.pairs(), recall[0],
                    recall[1], n <= EXACT_UP_TO ? "all pairs" : SAMPLED_QUERIES + " sampled rows",
                    (System.nanoTime() - t0) / 1e9);
        }
        spark.stop();
    }

    /** The clustered data of the index benchmark, with 1% of rows replaced by near-copies of other rows. */
    static float[] generate(int n, int dimension, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[1000][dimension];
        for (float[] c : centres) {
            for (int d = 0; d < dimension; d++) {
                c[d] = (float) random.nextGaussian();
            }
        }
        float[] values = new float[n * dimension];
        for (int i = 0; i < n; i++) {
            float[] c = centres[random.nextInt(centres.length)];
            for (int d = 0; d < dimension; d++) {
                values[i * dimension + d] = c[d] + (float) (random.nextGaussian() * 0.5);
            }
        }
        for (int planted = 0; planted < n / 100; ) {
            int base = random.nextInt(n);
            int copies = 1 + random.nextInt(3);
            for (int k = 0; k < copies; k++, planted++) {
                int target = random.nextInt(n);
                for (int d = 0; d < dimension; d++) {
                    values[target * dimension + d] = values[base * dimension + d] + (float) (random.nextGaussian() * 0.05);
                }
            }
        }
        return values;
    }

    private static double[] recallAll(float[] values, int n, double threshold, Set<Long> found) {
        IndexPairs exact = DuplicateFinder.pairs(new Embeddings(n, 64, values), null, threshold, 0,
                Runtime.getRuntime().availableProcessors(), DuplicateFinder.Progress.NONE);
        long hit = 0;
        for (int i = 0; i < exact.size(); i++) {
            if (found.contains(key(exact.first()[i], exact.second()[i]))) {
                hit++;
            }
        }
        return new double[] {exact.size() == 0 ? 1 : (double) hit / exact.size(), exact.size()};
    }

    private static double[] recallSampled(float[] values, int n, double threshold, Set<Long> found) {
        Random random = new Random(99);
        int q = SAMPLED_QUERIES;
        int[] rows = random.ints(0, n).distinct().limit(q).toArray();
        float[] queries = new float[q * 64];
        for (int i = 0; i < q; i++) {
            System.arraycopy(values, rows[i] * 64, queries, i * 64, 64);
        }
        int k = 33;
        Neighbours nn = ExactKnn.withAllProcessors().search(new Embeddings(q, 64, queries), new Embeddings(n, 64, values), k);
        long exact = 0;
        long hit = 0;
        int incomplete = 0;
        for (int i = 0; i < q; i++) {
            if (nn.distance(i, k - 1) < threshold) {
                incomplete++;
            }
            for (int r = 0; r < k; r++) {
                int j = nn.index(i, r);
                if (j != rows[i] && nn.distance(i, r) < threshold) {
                    exact++;
                    if (found.contains(key(rows[i], j))) {
                        hit++;
                    }
                }
            }
        }
        if (incomplete > 0) {
            System.out.println("warning: " + incomplete + " sampled rows have 32 neighbours closer than the threshold");
        }
        return new double[] {exact == 0 ? 1 : (double) hit / exact, exact};
    }

    private static long key(long a, long b) {
        return Math.min(a, b) * 4_000_000_000L + Math.max(a, b);
    }

    private static int index(String path) {
        return Integer.parseInt(path.substring(path.lastIndexOf('/') + 1, path.lastIndexOf('.')));
    }

    /** Reaches the package-private probe of the jobs. */
    private static final class SparkMainAccess {
        static ModelFacts facts(SparkSession spark) {
            return dev.siamese.spark.Probe.facts(spark, ModelSource.SHIPPED);
        }
    }
}
