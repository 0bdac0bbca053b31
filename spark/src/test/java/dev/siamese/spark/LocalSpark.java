package dev.siamese.spark;

import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;

/** One local[2] Spark session for all the tests of this module (starting one costs seconds). */
final class LocalSpark {

    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            try {
                // the shipped model unpacks here, not into the user's cache
                System.setProperty("siamese.cache.dir", Files.createTempDirectory("siamese-spark-cache").toString());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            session = SparkSession.builder().master("local[2]").appName("siamese-spark-test")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "2")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }

    static String uri(Path p) {
        return p.toUri().toString();
    }
}
