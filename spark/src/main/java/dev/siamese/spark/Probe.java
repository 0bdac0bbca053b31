package dev.siamese.spark;

import org.apache.spark.sql.SparkSession;

/** The facts of a model as the jobs see them on an executor (for benchmarks and host applications). */
public final class Probe {

    private Probe() {
    }

    /** Loads {@code source} on one executor and returns its identity, sizes and decision. */
    public static ModelFacts facts(SparkSession spark, ModelSource source) {
        return ModelProbe.facts(spark, source, HadoopFiles.of(spark.sparkContext().hadoopConfiguration()));
    }
}
