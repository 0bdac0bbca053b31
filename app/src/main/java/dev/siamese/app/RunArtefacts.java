package dev.siamese.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.siamese.api.image.LabeledDataset;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.ModelDescriptor;
import dev.siamese.api.training.ValidationEnd;
import dev.siamese.config.ExperimentSettings;
import dev.siamese.evaluation.EvaluationReport;
import dev.siamese.evaluation.figures.EmbeddingMap;
import dev.siamese.evaluation.report.MetricsSummary;
import dev.siamese.evaluation.report.ReportWriter;
import dev.siamese.evaluation.report.RunReportInput;
import dev.siamese.evaluation.report.TrainingCurves;
import dev.siamese.training.TrainingResult;
import dev.siamese.training.TrainingSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run leaves in its directory besides the model: {@code loss.csv}, {@code validation.csv},
 * {@code metrics.json}, {@code report.html} (and {@code evaluation.json} for a re-evaluation), and the summary a
 * run prints at its end.
 */
final class RunArtefacts {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RunDirectory run;
    private final ExperimentSettings experiment;
    private final TrainingSettings training;

    RunArtefacts(RunDirectory run, ExperimentSettings experiment, TrainingSettings training) {
        this.run = run;
        this.experiment = experiment;
        this.training = training;
    }

    /** The loss of every iteration and the validation curve. */
    void writeCurves(float[] losses, List<ValidationEnd> curve) {
        run.write("loss.csv", TrainingCurves.lossCsv(losses));
        run.write("validation.csv", TrainingCurves.validationCsv(curve));
    }

    /** A re-evaluation's report, as {@code evaluation.json}. */
    void writeEvaluation(EvaluationReport report) {
        run.write("evaluation.json", toJson(report.toMap()));
    }

    /**
     * {@code report.html}: the run's summary, provenance, curves, the evaluation, and a map of the {@code test}
     * pictures' embeddings (at most 10,000 of them, of a few classes).
     */
    void writeReport(ModelDescriptor descriptor, Map<String, String> provenance, EvaluationReport report,
                     float[] loss, List<ValidationEnd> curve, Embeddings testEmbeddings, LabeledDataset test) {
        EmbeddingMap map = EmbeddingMap.ofFewClasses(testEmbeddings, test.labels(), test.classNames(), 10_000,
                experiment.seedFor("embedding-map"));
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("experiment", experiment.name());
        summary.put("dataset", provenance.getOrDefault("dataset", ""));
        summary.put("model", descriptor.label() + " on " + descriptor.spec().input());
        summary.put("loss", descriptor.spec().loss().toString());
        summary.put("optimizer", descriptor.spec().optimizer().toString());
        summary.put("iterations", training.iterations() + " x " + training.batchPairs() + " pairs");
        summary.put("seed", Long.toString(experiment.seed()));
        summary.put("backend", descriptor.backend() + " " + descriptor.backendVersion());
        new ReportWriter().writeRun(RunReportInput.of(experiment.name(), summary, provenance, report).withTraining(loss, curve)
                .withEmbeddingMap(map), run.path());
    }

    void writeMetrics(TrainingResult result, EvaluationReport report, ModelDescriptor descriptor, double wall,
                      String weightsDigest, List<ValidationEnd> curve) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("experiment", experiment.name());
        metrics.put("model", descriptor.spec().label());
        if (descriptor.whitened()) {
            metrics.put("whiteningShrinkage", descriptor.whitening().shrinkage());
        }
        metrics.put("dataset", result.provenance().dataset());
        metrics.put("seed", experiment.seed());
        Map<String, Object> train = new LinkedHashMap<>();
        train.put("iterations", result.iterations());
        train.put("batchPairs", training.batchPairs());
        train.put("seconds", result.elapsedSeconds());
        train.put("pairsPerSecond", result.pairsPerSecond());
        train.put("finalLossMeanOfLast100", result.meanLossOfLast(100));
        train.put("stoppedEarly", result.stoppedEarly());
        train.put("averagedWeightSnapshots", result.averagedSnapshots());
        train.put("weightsSha256", weightsDigest);
        metrics.put("training", train);
        metrics.put("evaluation", report.toMap());
        metrics.put("validation", curve.stream().map(v -> Map.of("iteration", v.iteration(), "accuracy", v.accuracy(),
                "loss", v.loss())).toList());
        metrics.put("wallSeconds", wall);
        metrics.put("provenance", result.provenance().toMap());
        run.write("metrics.json", toJson(metrics));
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The summary a run prints at its end, unless it is quiet. */
    static void printSummary(RunOptions options, RunOutcome o) {
        if (options.quiet()) {
            return;
        }
        PrintStream out = options.out();
        out.println();
        MetricsSummary.print(out, o.report());
        out.printf(Locale.ROOT, "training:            %,d iterations in %.1f s, %,.0f pairs/s%n", o.training().iterations(),
                o.training().elapsedSeconds(), o.training().pairsPerSecond());
        out.printf(Locale.ROOT, "wall time:           %.1f s%n", o.wallSeconds());
        out.println("results in:          " + o.runDirectory() + " (report.html)");
        if (!Files.isDirectory(o.runDirectory().resolve("model"))) {
            out.println("warning: no model directory was written");
        }
    }
}
