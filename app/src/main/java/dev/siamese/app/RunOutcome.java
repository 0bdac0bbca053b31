package dev.siamese.app;

import dev.siamese.evaluation.EvaluationReport;
import dev.siamese.evaluation.report.MetricsSummary;
import dev.siamese.evaluation.verification.VerificationReport;
import dev.siamese.training.TrainingResult;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The result of one experiment run: where its files are, how training went and how the model scored. */
public record RunOutcome(Path runDirectory, TrainingResult training, EvaluationReport report, double wallSeconds) {

    /** The verification part of the report: recognition rate, threshold, ROC AUC, EER, k-NN accuracy. */
    public VerificationReport evaluation() {
        return report.verification();
    }

    /** The summary a run prints at its end: the metrics, training time and throughput, wall time, where it went. */
    public void printSummary(PrintStream out) {
        out.println();
        MetricsSummary.print(out, report);
        out.printf(Locale.ROOT, "training:            %,d iterations in %.1f s, %,.0f pairs/s%n", training.iterations(),
                training.elapsedSeconds(), training.pairsPerSecond());
        out.printf(Locale.ROOT, "wall time:           %.1f s%n", wallSeconds);
        out.println("results in:          " + runDirectory + " (report.html)");
        if (!Files.isDirectory(runDirectory.resolve("model"))) {
            out.println("warning: no model directory was written");
        }
    }
}
