package dev.siamese.app;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.LabeledDataset;
import dev.siamese.api.model.Embedder;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.spi.Backend;
import dev.siamese.config.ExperimentSettings;
import dev.siamese.config.ModelSettings;
import dev.siamese.data.pairs.TrainingPairs;
import dev.siamese.evaluation.DatasetEmbedder;
import dev.siamese.evaluation.EmbeddingEvaluator;
import dev.siamese.evaluation.EvaluationReport;
import dev.siamese.evaluation.EvaluationSettings;
import dev.siamese.evaluation.ModelCalibration;
import dev.siamese.evaluation.ValidationListener;
import dev.siamese.evaluation.report.MetricsSummary;
import dev.siamese.evaluation.report.RunArtefacts;
import dev.siamese.training.ValidationSettings;

import jakarta.inject.Inject;
import jakarta.inject.Provider;

import java.io.PrintStream;
import java.util.Optional;

/**
 * How an experiment is scored: the splits it is scored on, its seeded evaluator, validation during training, the
 * calibration of a trained model, and the re-evaluation of a completed run's saved model with that same protocol ({@code siamese evaluate}).
 */
public final class RunEvaluation {
    private final ExperimentSettings experiment;
    private final ModelSettings modelSettings;
    private final ValidationSettings validation;
    private final EvaluationSettings evaluation;
    private final Provider<DatasetSplits> dataset;
    private final Backend backend;
    private final TrainingPairs pairs;

    @Inject
    RunEvaluation(ExperimentSettings experiment, ModelSettings modelSettings, ValidationSettings validation,
                  EvaluationSettings evaluation, Provider<DatasetSplits> dataset, Backend backend, TrainingPairs pairs) {
        this.experiment = experiment;
        this.modelSettings = modelSettings;
        this.validation = validation;
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
            new RunArtefacts(run.path(), experiment).writeEvaluation(report);
            if (!quiet) {
                MetricsSummary.print(out, report);
            }
            return report;
        }
    }

    /**
     * The calibration step of a trained model before it is saved: the whitening {@code siamese.model.whitening} asks
     * for, fitted on {@code whiteningPictures}, then the threshold calibrated by this run's evaluator on {@code scored}.
     */
    ModelCalibration calibrate(Embedder model, LabeledDataset whiteningPictures, DatasetSplits scored, RunOptions options) {
        ModelCalibration calibration = ModelCalibration.calibrate(model, whiteningPictures, modelSettings.whitening(), scored,
                evaluator());
        if (calibration.whitening() != null) {
            options.say("whitening: fitted on %,d training pictures (shrinkage %s)", calibration.whiteningSample(),
                    calibration.whitening().shrinkage());
        }
        return calibration;
    }

    /** The listener that validates {@code model} on {@code test} pairs during training, if validation is on. */
    Optional<ValidationListener> validator(TrainableModel model, LabeledDataset test, RunOptions options) {
        return validation.every() == 0 ? Optional.empty() : Optional.of(new ValidationListener(model, test,
                validation.pairs(), experiment.seedFor("validation"), validation.every(),
                validation.earlyStoppingPatience(), options.quiet() ? null : options.out()));
    }

    /** The splits a run is scored on: the loaded ones, or classes of augmented copies for augmented pairs. */
    DatasetSplits scoredSplits(DatasetSplits loaded) {
        return pairs.forEvaluation(loaded, experiment.seedFor("evaluation-copies"));
    }

    EmbeddingEvaluator evaluator() {
        return evaluation.evaluator(experiment.seedFor("evaluation"));
    }
}
