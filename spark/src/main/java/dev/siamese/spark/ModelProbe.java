package dev.siamese.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * Loads the model on one executor (where the jobs will load it) and brings its {@link ModelFacts} to the driver, so
 * the driver never needs TensorFlow and a model an executor cannot read fails first, with a clear message.
 */
final class ModelProbe {

    private ModelProbe() {
    }

    static ModelFacts facts(SparkSession spark, ModelSource source, HadoopFiles files) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return context.parallelize(List.of(0), 1).map(i -> ExecutorModels.get(source, files).facts()).collect().get(0);
    }
}
