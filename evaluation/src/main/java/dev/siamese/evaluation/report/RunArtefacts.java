package dev.siamese.evaluation.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.siamese.api.image.LabeledDataset;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.ModelDescriptor;
import dev.siamese.api.training.ValidationEnd;
import dev.siamese.config.ExperimentSettings;
import dev.siamese.evaluation.EvaluationReport;
import dev.siamese.evaluation.figures.EmbeddingMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run leaves in its folder besides the model, each file written atomically from the run's values:
 * {@code loss.csv}, {@code validation.csv}, {@code metrics.json}, {@code report.html} (with {@code report.md} and its
 * figures), and {@code evaluation.json} for a re-evaluation.
 */
public final class RunArtefacts {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path directory;
    private final ExperimentSettings experiment;

    /** The artefacts of a run of {@code experiment} in {@code directory}, which exists. */
    public RunArtefacts(Path directory, ExperimentSettings experiment) {
        this.directory = directory;
        this.experiment = experiment;
    }

    /** The loss of every iteration and the validation curve. */
    public void writeCurves(float[] losses, List<ValidationEnd> curve) {
        write("loss.csv", TrainingCurves.lossCsv(losses));
        write("validation.csv", TrainingCurves.validationCsv(curve));
    }

    /** A re-evaluation's report, as {@code evaluation.json}. */
    public void writeEvaluation(EvaluationReport report) {
        write("evaluation.json", toJson(report.toMap()));
    }

    /**
     * {@code report.html}: the run's summary, provenance, curves, the evaluation, and a map of the {@code test}
     * pictures' embeddings (at most 10,000 of them, of a few classes).
     *
     * @param batches what the model trained on, e.g. {@code 3000 x 180 pairs}
     */
    public void writeReport(ModelDescriptor descriptor, Map<String, String> provenance, String batches,
                            EvaluationReport report, float[] loss, List<ValidationEnd> curve, Embeddings testEmbeddings,
                            LabeledDataset test) {
        EmbeddingMap map = EmbeddingMap.ofFewClasses(testEmbeddings, test.labels(), test.classNames(), 10_000,
                experiment.seedFor("embedding-map"));
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("experiment", experiment.name());
        summary.put("dataset", provenance.getOrDefault("dataset", ""));
        summary.put("model", descriptor.label() + " on " + descriptor.spec().input());
        summary.put("loss", descriptor.spec().loss().toString());
        summary.put("optimizer", descriptor.spec().optimizer().toString());
        summary.put("iterations", batches);
        summary.put("seed", Long.toString(experiment.seed()));
        summary.put("backend", descriptor.backend() + " " + descriptor.backendVersion());
        new ReportWriter().writeRun(RunReportInput.of(experiment.name(), summary, provenance, report).withTraining(loss, curve)
                .withEmbeddingMap(map), directory);
    }

    /**
     * {@code metrics.json}: the model, the {@code training} summary, the evaluation, the validation curve, the wall
     * time and the trainer's {@code provenance} (whose {@code dataset} it names).
     */
    public void writeMetrics(ModelDescriptor descriptor, Map<String, Object> training, EvaluationReport report,
                             List<ValidationEnd> curve, double wallSeconds, Map<String, String> provenance) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("experiment", experiment.name());
        metrics.put("model", descriptor.spec().label());
        if (descriptor.whitened()) {
            metrics.put("whiteningShrinkage", descriptor.whitening().shrinkage());
        }
        metrics.put("dataset", provenance.get("dataset"));
        metrics.put("seed", experiment.seed());
        metrics.put("training", training);
        metrics.put("evaluation", report.toMap());
        metrics.put("validation", curve.stream().map(RunArtefacts::point).toList());
        metrics.put("wallSeconds", wallSeconds);
        metrics.put("provenance", provenance);
        write("metrics.json", toJson(metrics));
    }

    /** A validation as {@code iteration, accuracy, loss}, in that order in every run (a {@code Map.of} has none). */
    private static Map<String, Object> point(ValidationEnd v) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("iteration", v.iteration());
        point.put("accuracy", v.accuracy());
        point.put("loss", v.loss());
        return point;
    }

    private void write(String name, String content) {
        ReportWriter.writeText(directory.resolve(name), content);
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
