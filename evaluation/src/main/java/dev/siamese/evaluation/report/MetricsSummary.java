package dev.siamese.evaluation.report;

import dev.siamese.evaluation.EvaluationReport;
import dev.siamese.evaluation.verification.VerificationReport;

import java.io.PrintStream;
import java.util.Locale;

/** An evaluation report as the console shows it at the end of a run or a re-evaluation: one metric a line. */
public final class MetricsSummary {

    private MetricsSummary() {
    }

    public static void print(PrintStream out, EvaluationReport full) {
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
