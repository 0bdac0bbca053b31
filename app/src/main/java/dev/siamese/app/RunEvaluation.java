package dev.siamese.app;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.spi.Backend;
import dev.siamese.config.ExperimentSettings;
import dev.siamese.data.pairs.TrainingPairs;
import dev.siamese.evaluation.DatasetEmbedder;
import dev.siamese.evaluation.EmbeddingEvaluator;
import dev.siamese.evaluation.EvaluationReport;
import dev.siamese.evaluation.EvaluationSettings;
import dev.siamese.evaluation.ModelCalibration;
import dev.siamese.evaluation.report.MetricsSummary;
import dev.siamese.training.TrainingSettings;

import jakarta.inject.Inject;
import jakarta.inject.Provider;

import java.io.PrintStream;

/**
 * How an experiment is scored: the splits it is scored on, its seeded evaluator, and the re-evaluation of a completed
 * run's saved model with that same protocol ({@code siamese evaluate}).
 */
public final class RunEvaluation {
    private final ExperimentSettings experiment;
    private final TrainingSettings training;
    private final EvaluationSettings evaluation;
    private final Provider<DatasetSplits> dataset;
    private final Backend backend;
    private final TrainingPairs pairs;

    @Inject
    RunEvaluation(ExperimentSettings experiment, TrainingSettings training, EvaluationSettings evaluation,
                  Provider<DatasetSplits> dataset, Backend backend, TrainingPairs pairs) {
        this.experiment = experiment;
        this.training = training;
        this.evaluation = evaluation;
        this.dataset = dataset;
        this.backend = backend;
        this.pairs = pairs;
    }

    /** Re-scores the saved model of a completed run with the run's own protocol; writes {@code evaluation.json}. */
    public EvaluationReport evaluate(RunDirectory run, PrintStream out, boolean quiet) {
        return evaluate(run, out, quiet, DatasetEmbedder.Progress.NONE);
    }

    /** {@link #evaluate(RunDirectory, PrintStream, boolean)}, telling {@code progress} of every picture embedded. */
    public EvaluationReport evaluate(RunDirectory run, PrintStream out, boolean quiet, DatasetEmbedder.Progress progress) {
        run.requireComplete();
        DatasetSplits splits = scoredSplits(Experiments.provide(dataset));
        try (EmbeddingModel model = backend.load(run.resolve("model"))) {
            EvaluationReport report = ModelCalibration.reevaluate(model, splits, evaluator(), progress);
            new RunArtefacts(run, experiment, training).writeEvaluation(report);
            if (!quiet) {
                MetricsSummary.print(out, report);
            }
            return report;
        }
    }

    /** The splits a run is scored on: the loaded ones, or classes of augmented copies for augmented pairs. */
    DatasetSplits scoredSplits(DatasetSplits loaded) {
        return pairs.forEvaluation(loaded, experiment.seedFor("evaluation-copies"));
    }

    EmbeddingEvaluator evaluator() {
        return evaluation.evaluator(experiment.seedFor("evaluation"));
    }
}
