package dev.siamese.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.siamese.api.model.ModelDescriptor;
import dev.siamese.api.training.ValidationEnd;
import dev.siamese.config.ExperimentSettings;
import dev.siamese.evaluation.EvaluationReport;
import dev.siamese.evaluation.figures.EmbeddingMap;
import dev.siamese.evaluation.report.ReportWriter;
import dev.siamese.evaluation.report.RunReportInput;
import dev.siamese.evaluation.verification.VerificationReport;
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
        run.write("loss.csv", lossCsv(losses));
        run.write("validation.csv", validationCsv(curve));
    }

    /** A re-evaluation's report, as {@code evaluation.json}. */
    void writeEvaluation(EvaluationReport report) {
        run.write("evaluation.json", toJson(report.toMap()));
    }

    void writeReport(ModelDescriptor descriptor, Map<String, String> provenance, EvaluationReport report,
                             float[] loss, List<ValidationEnd> curve, EmbeddingMap map) {
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

    void writeMetrics(TrainingResult result, EvaluationReport report, ModelDescriptor descriptor,
                              double wall, String weightsDigest, List<ValidationEnd> curve) {
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

    static String validationCsv(List<ValidationEnd> curve) {
        StringBuilder sb = new StringBuilder("iteration,pair_accuracy,loss\n");
        for (ValidationEnd v : curve) {
            sb.append(v.iteration()).append(',').append(v.accuracy()).append(',').append(v.loss()).append('\n');
        }
        return sb.toString();
    }

    static String lossCsv(float[] losses) {
        StringBuilder sb = new StringBuilder(losses.length * 16).append("iteration,loss\n");
        for (int i = 0; i < losses.length; i++) {
            sb.append(i + 1).append(',').append(losses[i]).append('\n');
        }
        return sb.toString();
    }

    static void printSummary(PrintStream out, RunOutcome o) {
        out.println();
        printMetrics(out, o.report());
        out.printf(Locale.ROOT, "training:            %,d iterations in %.1f s, %,.0f pairs/s%n", o.training().iterations(),
                o.training().elapsedSeconds(), o.training().pairsPerSecond());
        out.printf(Locale.ROOT, "wall time:           %.1f s%n", o.wallSeconds());
        out.println("results in:          " + o.runDirectory() + " (report.html)");
        if (!Files.isDirectory(o.runDirectory().resolve("model"))) {
            out.println("warning: no model directory was written");
        }
    }

    static void printMetrics(PrintStream out, EvaluationReport full) {
        VerificationReport r = full.verification();
        out.printf(Locale.ROOT, "recognition rate:    %.4f  (95%% CI %.4f-%.4f) at threshold %.4f%n", r.recognitionRate(),
                r.recognitionRateCi95().low(), r.recognitionRateCi95().high(), r.threshold());
        out.printf(Locale.ROOT, "ROC AUC:             %.4f%n", r.rocAuc());
        out.printf(Locale.ROOT, "EER:                 %.4f%n", r.eer());
        out.printf(Locale.ROOT, "1-NN accuracy:       %.4f%n", r.nearestNeighbourAccuracy());
        out.printf(Locale.ROOT, "train-pair accuracy: %.4f%n", r.trainPairAccuracy());
        out.printf(Locale.ROOT, "MAP@R / recall@10:   %.4f / %.4f (test queries against training pictures)%n",
                full.testVsTrain().mapAtR(), full.testVsTrain().recallAt10());
        out.printf(Locale.ROOT, "MAP@R / recall@10:   %.4f / %.4f (each test picture against the other test pictures)%n",
                full.testLeaveOneOut().mapAtR(), full.testLeaveOneOut().recallAt10());
        out.printf(Locale.ROOT, "silhouette:          %.4f%n", full.silhouette().score());
        out.println("protocol:            " + r.protocol());
    }
}
