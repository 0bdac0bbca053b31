package dev.siamese.app;

import dev.siamese.evaluation.EvaluationReport;
import dev.siamese.evaluation.verification.VerificationReport;
import dev.siamese.training.TrainingResult;

import java.nio.file.Path;

/** The result of one experiment run: where its files are, how training went and how the model scored. */
public record RunOutcome(Path runDirectory, TrainingResult training, EvaluationReport report, double wallSeconds) {

    /** The verification part of the report: recognition rate, threshold, ROC AUC, EER, k-NN accuracy. */
    public VerificationReport evaluation() {
        return report.verification();
    }
}
