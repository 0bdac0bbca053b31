package dev.siamese.spark;

import dev.siamese.search.dedup.DuplicateGroups;

import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The entry point for {@code spark-submit}: {@code spark-submit --class dev.siamese.spark.SparkMain
 * siamese-spark-VERSION-job.jar embed|dedup|solr-load OPTIONS}. Each job prints one summary line; a failure prints
 * one {@code error:} line and exits with 1 (2 for a usage error).
 */
@Command(name = "siamese-spark", mixinStandardHelpOptions = true,
        description = "Siamese picture comparison jobs on Spark.",
        subcommands = {SparkMain.Embed.class, SparkMain.Dedup.class, SparkMain.SolrLoad.class})
public final class SparkMain implements Runnable {

    public static void main(String[] args) {
        int code = run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs a job and returns its exit code (0 success, 1 failure, 2 usage error). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new SparkMain());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + JobFailure.message(e));
            return 1;
        });
        cl.setErr(new PrintWriter(System.err, true));
        return cl.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a job: embed, dedup or solr-load");
    }

    /** The active session (spark-submit's), or a local one on every core for a run outside a cluster. */
    static SparkSession session(String name) {
        SparkSession.Builder builder = SparkSession.builder().appName("siamese " + name);
        if (!SparkSession.getActiveSession().isDefined() && System.getProperty("spark.master") == null) {
            builder.master("local[*]");
        }
        return builder.getOrCreate();
    }

    @Command(name = "embed", mixinStandardHelpOptions = true,
            description = "Embed every picture under a folder (any Hadoop URI) into a Parquet embedding table.")
    static final class Embed implements Callable<Integer> {
        @Option(names = "--input", required = true, paramLabel = "URI", description = "The folder of pictures, searched recursively.")
        String input;
        @Option(names = "--out", required = true, paramLabel = "URI", description = "The embedding table to write (replaced).")
        String out;
        @Option(names = "--skipped", paramLabel = "URI", description = "The table of skipped files (default: OUT-skipped).")
        String skipped;
        @Option(names = "--previous", paramLabel = "URI", description = "An earlier embedding table: unchanged files are not embedded again.")
        String previous;
        @Option(names = {"-m", "--model"}, paramLabel = "URI", description = "A model or run directory every executor can read (default: the shipped near-duplicate twin).")
        String model;
        @Option(names = "--batch", defaultValue = "256", description = "Pictures per embedding batch (default ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--partitions", defaultValue = "0", description = "Tasks (default 0: about one per 1,000 files).")
        int partitions;
        @Option(names = "--max-file-bytes", defaultValue = "268435456", description = "Larger files are skipped unread (default ${DEFAULT-VALUE}).")
        long maxFileBytes;

        @Override
        public Integer call() {
            EmbedJob.Options options = new EmbedJob.Options(input, out, skipped != null ? skipped : out + "-skipped",
                    previous, ModelSource.of(model), batch, partitions, maxFileBytes);
            System.out.println(EmbedJob.run(session("embed"), options).summary());
            return 0;
        }
    }

    @Command(name = "dedup", mixinStandardHelpOptions = true,
            description = "Near-duplicate groups of an embedding table, written as Parquet, CSV and JSON.")
    static final class Dedup implements Callable<Integer> {
        @Option(names = "--embeddings", required = true, paramLabel = "URI", description = "The embedding table of the embed job.")
        String embeddings;
        @Option(names = "--out", required = true, paramLabel = "URI", description = "A folder for groups/, duplicates.csv and duplicates.json.")
        String out;
        @Option(names = {"-m", "--model"}, paramLabel = "URI", description = "The model the embeddings were made with (default: the shipped twin).")
        String model;
        @Option(names = {"-t", "--threshold"}, paramLabel = "DISTANCE", description = "Pairs closer than this (default: the model's decision).")
        Double threshold;
        @Option(names = "--hash-bits", paramLabel = "B", description = "Compare DCT hashes instead: pairs within B bits.")
        Integer hashBits;
        @Option(names = "--grouping", defaultValue = "centred", description = "centred (default) or connected.")
        String grouping;
        @Option(names = "--cell-size", defaultValue = "2000", description = "Vectors per k-means cell on average (default ${DEFAULT-VALUE}).")
        int cellSize;
        @Option(names = "--probes", defaultValue = "3", description = "Nearest cells each vector joins (default ${DEFAULT-VALUE}).")
        int probes;
        @Option(names = "--sample", defaultValue = "100000", description = "Vectors the cells are fitted on (default ${DEFAULT-VALUE}).")
        int sample;
        @Option(names = "--report-limit", defaultValue = "5000000", description = "Write CSV and JSON when the groups hold at most this many pictures (default ${DEFAULT-VALUE}).")
        long reportLimit;

        @Override
        public Integer call() {
            DedupJob.Options options = new DedupJob.Options(embeddings, out, ModelSource.of(model), threshold, hashBits,
                    DuplicateGroups.Grouping.of(grouping), cellSize, probes, sample, 10, 17, reportLimit);
            System.out.println(DedupJob.run(session("dedup"), options).summary());
            return 0;
        }
    }

    @Command(name = "solr-load", mixinStandardHelpOptions = true,
            description = "Write an embedding table into a SolrCloud collection (created from the shipped configset when asked).")
    static final class SolrLoad implements Callable<Integer> {
        @Option(names = "--embeddings", required = true, paramLabel = "URI", description = "The embedding table of the embed job.")
        String embeddings;
        @Option(names = "--solr", required = true, paramLabel = "URL", description = "A Solr node, e.g. http://solr1:8983/solr.")
        String solr;
        @Option(names = "--collection", required = true, description = "The collection.")
        String collection;
        @Option(names = "--create", description = "Create the collection first (configset siamese-DIMENSION).")
        boolean create;
        @Option(names = "--shards", defaultValue = "2", description = "Shards of a created collection (default ${DEFAULT-VALUE}).")
        int shards;
        @Option(names = "--replicas", defaultValue = "1", description = "Replicas per shard of a created collection (default ${DEFAULT-VALUE}).")
        int replicas;
        @Option(names = "--batch", defaultValue = "1000", description = "Documents per update request (default ${DEFAULT-VALUE}).")
        int batch;

        @Override
        public Integer call() {
            SolrLoadJob.Options options = new SolrLoadJob.Options(embeddings, solr, collection, create, shards, replicas,
                    batch);
            System.out.println(SolrLoadJob.run(session("solr-load"), options).summary());
            return 0;
        }
    }
}
