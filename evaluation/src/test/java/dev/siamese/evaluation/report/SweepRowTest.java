package dev.siamese.evaluation.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** A sweep cell's row reads the headline figures from the {@code metrics.json} its run wrote. */
class SweepRowTest {

    /** The layout a run writes (Jackson, indented; NaN as a string), trimmed to what a row reads and a little more. */
    private static final String METRICS = """
            {
              "experiment" : "table1",
              "seed" : 42,
              "training" : {
                "iterations" : 5000,
                "batchPairs" : 64,
                "seconds" : 12.5,
                "pairsPerSecond" : 25600.0,
                "weightsSha256" : "ab12"
              },
              "evaluation" : {
                "recognitionRate" : 0.574,
                "rocAuc" : 0.91,
                "eer" : "NaN",
                "nearestNeighbourAccuracy" : 0.8
              },
              "validation" : [ {
                "iteration" : 500,
                "accuracy" : 0.5
              } ]
            }
            """;

    @Test
    void readsTheHeadlineFiguresOfACompletedCell(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("metrics.json"), METRICS);

        SweepRow row = SweepRow.fromMetricsJson(Map.of("kernels", "16"), file, 0.6, "conv2-k16");

        assertThat(row.metrics()).containsExactly(entry(SweepRow.RECOGNITION_RATE, 0.574), entry(SweepRow.ROC_AUC, 0.91),
                entry(SweepRow.EER, Double.NaN), entry(SweepRow.NEAREST_NEIGHBOUR_ACCURACY, 0.8),
                entry(SweepRow.PAIRS_PER_SECOND, 25600.0), entry(SweepRow.TRAINING_SECONDS, 12.5),
                entry(SweepRow.ITERATIONS, 5000.0));
        assertThat(row.cell()).containsExactly(entry("kernels", "16"));
        assertThat(row.paper()).isEqualTo(0.6);
        assertThat(row.runDirectory()).isEqualTo("conv2-k16");
    }

    @Test
    void aMetricMissingFromTheFileReadsAsZero(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("metrics.json"), "{ \"evaluation\" : { \"rocAuc\" : 0.9 } }");

        SweepRow row = SweepRow.fromMetricsJson(Map.of(), file, Double.NaN, "cell");

        assertThat(row.metrics()).containsEntry(SweepRow.ROC_AUC, 0.9).containsEntry(SweepRow.RECOGNITION_RATE, 0.0)
                .containsEntry(SweepRow.ITERATIONS, 0.0);
    }

    @Test
    void aTruncatedFileGivesNoMetrics(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("metrics.json"), METRICS.substring(0, 120));

        assertThat(SweepRow.fromMetricsJson(Map.of(), file, Double.NaN, "cell").metrics()).isEmpty();
    }
}
