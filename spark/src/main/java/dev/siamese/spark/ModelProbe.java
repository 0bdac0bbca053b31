package dev.siamese.spark;

import dev.siamese.api.SiameseException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.Serializable;
import java.util.List;

/**
 * Loads the model on one executor (where the jobs will load it) and brings its {@link ModelFacts} to the driver, so
 * the driver never needs TensorFlow and a model an executor cannot read fails first, with a clear message (returned,
 * not thrown, so that Spark logs no failed task).
 */
final class ModelProbe {

    private record Answer(ModelFacts facts, String error) implements Serializable {
    }

    private ModelProbe() {
    }

    static ModelFacts facts(SparkSession spark, ModelSource source, HadoopFiles files) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Answer answer = context.parallelize(List.of(0), 1).map(i -> {
            try {
                return new Answer(ExecutorModels.get(source, files).facts(), null);
            } catch (RuntimeException e) {
                return new Answer(null, JobFailure.message(e));
            }
        }).collect().get(0);
        if (answer.error() != null) {
            throw new SiameseException(answer.error());
        }
        return answer.facts();
    }
}
