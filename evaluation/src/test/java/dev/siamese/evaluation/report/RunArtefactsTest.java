package dev.siamese.evaluation.report;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ModelDescriptor;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.training.ValidationEnd;
import dev.siamese.config.ExperimentSettings;
import dev.siamese.evaluation.EvaluationReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's artefacts are written from its values, whole, in a stable order. */
class RunArtefactsTest {
    private static final ExperimentSettings EXPERIMENT = new ExperimentSettings("digits", 42L, Path.of("runs"));
    private static final List<ValidationEnd> CURVE = List.of(new ValidationEnd(100, 0.75, 0.5), new ValidationEnd(200, 0.875, 0.25));

    private static EvaluationReport evaluation;

    @BeforeAll
    static void evaluate() {
        evaluation = ReportFixtures.evaluation();
    }

    @Test
    void metricsJsonHoldsTheRunsValuesInAStableOrder(@TempDir Path dir) throws IOException {
        ModelDescriptor descriptor = new ModelDescriptor(ModelDescriptor.FORMAT_VERSION, "fake", "1",
                ModelSpec.paperMlp(42L).withInput(new ImageShape(2, 2, 1)), 0.5, Map.of());
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("iterations", 200);
        training.put("weightsSha256", "abc");

        new RunArtefacts(dir, EXPERIMENT).writeMetrics(descriptor, training, evaluation, CURVE, 1.5,
                Map.of("dataset", "synthetic digits"));

        String json = Files.readString(dir.resolve("metrics.json"));
        assertThat(json).startsWith("{\n  \"experiment\" : \"digits\",\n  \"model\" : ").endsWith("}\n")
                .containsSubsequence("\"dataset\" : \"synthetic digits\"", "\"seed\" : 42", "\"training\" : {",
                        "\"iterations\" : 200", "\"weightsSha256\" : \"abc\"", "\"evaluation\" : {", "\"validation\" : [",
                        "\"wallSeconds\" : 1.5", "\"provenance\" : {")
                .contains("{\n    \"iteration\" : 100,\n    \"accuracy\" : 0.75,\n    \"loss\" : 0.5\n  }")
                .doesNotContain("whiteningShrinkage");
        assertThat(filesIn(dir)).containsExactly(dir.resolve("metrics.json"));
    }

    @Test
    void curvesAreTwoCsvFiles(@TempDir Path dir) throws IOException {
        new RunArtefacts(dir, EXPERIMENT).writeCurves(new float[] {0.5f, 0.25f}, CURVE);

        assertThat(dir.resolve("loss.csv")).hasContent("iteration,loss\n1,0.5\n2,0.25");
        assertThat(dir.resolve("validation.csv")).hasContent("iteration,pair_accuracy,loss\n100,0.75,0.5\n200,0.875,0.25");
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
