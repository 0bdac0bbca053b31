package dev.siamese.app;

import dev.siamese.api.SiameseException;
import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.model.Embedder;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.ModelDescriptor;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairSampler;
import dev.siamese.api.spi.Backend;
import dev.siamese.api.training.TrainingListener;
import dev.siamese.api.training.ValidationEnd;
import dev.siamese.config.ExperimentSettings;
import dev.siamese.config.ModelSettings;
import dev.siamese.config.Settings;
import dev.siamese.data.pairs.TrainingPairs;
import dev.siamese.evaluation.DatasetEmbedder;
import dev.siamese.evaluation.EmbeddingEvaluator;
import dev.siamese.evaluation.EvaluationReport;
import dev.siamese.evaluation.EvaluationSettings;
import dev.siamese.evaluation.ModelCalibration;
import dev.siamese.evaluation.ValidationListener;
import dev.siamese.evaluation.figures.EmbeddingMap;
import dev.siamese.training.Checkpoint;
import dev.siamese.training.CheckpointStore;
import dev.siamese.training.ProgressLogListener;
import dev.siamese.training.Trainer;
import dev.siamese.training.TrainingResult;
import dev.siamese.training.TrainingRun;
import dev.siamese.training.TrainingSettings;
import dev.siamese.training.ValidationSettings;

import jakarta.inject.Inject;
import jakarta.inject.Provider;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one experiment end to end: data, model, the training loop, evaluation, and the run directory
 * ({@code config.conf}, {@code loss.csv}, {@code model/}, {@code metrics.json}, then the completion marker).
 * Every setting was read and validated when this object was built, so a bad value fails before any work.
 */
public final class ExperimentRunner {

    private final Settings settings;
    private final ExperimentSettings experiment;
    private final ModelSettings modelSettings;
    private final TrainingSettings training;
    private final ValidationSettings validation;
    private final EvaluationSettings evaluation;
    private final Provider<DatasetSplits> dataset;
    private final Backend backend;
    private final Trainer trainer;
    private final TrainingPairs pairs;

    @Inject
    ExperimentRunner(Settings settings, ExperimentSettings experiment, ModelSettings modelSettings, TrainingSettings training,
                     ValidationSettings validation, EvaluationSettings evaluation, Provider<DatasetSplits> dataset, Backend backend, Trainer trainer,
                     TrainingPairs pairs) {
        this.settings = settings;
        this.experiment = experiment;
        this.modelSettings = modelSettings;
        this.training = training;
        this.validation = validation;
        this.evaluation = evaluation;
        this.dataset = dataset;
        this.backend = backend;
        this.trainer = trainer;
        this.pairs = pairs;
        if (!backend.name().equals(modelSettings.backend())) {
            throw new SiameseException("siamese.model.backend is '" + modelSettings.backend() + "' but the installed backend is '"
                    + backend.name() + "'");
        }
    }

    /** Trains, evaluates and saves; returns where everything went. */
    public RunOutcome run(RunOptions options) {
        long t0 = System.nanoTime();
        DatasetSplits splits = loadDataset(options);
        RunDirectory run = options.runDirectory().map(RunDirectory::createAt)
                .orElseGet(() -> RunDirectory.create(experiment.outputDirectory(), experiment.name()));
        run.write("config.conf", settings.render() + "\n");
        if (!options.quiet()) {
            options.out().println("run directory: " + run);
        }
        return execute(run, splits, Optional.empty(), options, t0);
    }

    /**
     * Continues an interrupted run in its own directory from its newest intact checkpoint (from scratch if it has none)
     * and finishes it: the result is bit-identical to an uninterrupted run with the same settings.
     */
    public RunOutcome resume(RunDirectory run, RunOptions options) {
        long t0 = System.nanoTime();
        if (run.isComplete()) {
            throw new SiameseException(run + " already completed; nothing to resume");
        }
        DatasetSplits splits = loadDataset(options);
        CheckpointStore store = checkpoints(run);
        Optional<Checkpoint> checkpoint = store.latest();
        setAside(run, "model");
        if (!options.quiet()) {
            options.out().println(checkpoint.map(c -> "resuming " + run + " from the checkpoint of iteration " + c.iteration())
                    .orElse("no intact checkpoint in " + run + "; training it again from the start"));
        }
        return execute(run, splits, checkpoint, options, t0);
    }

    private RunOutcome execute(RunDirectory run, DatasetSplits loaded, Optional<Checkpoint> resumeFrom, RunOptions options,
                               long t0) {
        PrintStream out = options.out();
        ModelSpec spec = modelSettings.toSpec(loaded.shape(), experiment.seed());
        PairSampler sampler = pairs.sampler(loaded.train(), training.batchPairs(), training.similarProbability(),
                Seeds.derive(experiment.seed(), "training-pairs"));
        DatasetSplits splits = scoredSplits(loaded);
        List<TrainingListener> listeners = new ArrayList<>(options.listeners());
        if (!options.quiet() && training.logEvery() > 0) {
            listeners.add(System.console() != null && out == System.out ? new ProgressBarListener(out)
                    : new ProgressLogListener(out, training.logEvery()));
        }
        CheckpointStore store = checkpoints(run);
        try (TrainableModel model = backend.create(spec)) {
            Optional<ValidationListener> validator = Optional.empty();
            if (validation.every() > 0) {
                validator = Optional.of(new ValidationListener(model, splits.test(), validation.pairs(),
                        Seeds.derive(experiment.seed(), "validation"), validation.every(), validation.earlyStoppingPatience(),
                        options.quiet() ? null : out));
                listeners.add(validator.get());
            }
            TrainingResult result = trainer.train(new TrainingRun(model, sampler, training, listeners, splits.name(),
                    backend.name() + " " + backend.version(), settings.render(),
                    training.checkpointEvery() > 0 ? Optional.of(store) : Optional.empty(), resumeFrom));
            RunArtefacts artefacts = new RunArtefacts(run, experiment, training);
            List<ValidationEnd> curve = validator.map(ValidationListener::history).orElse(List.of());
            artefacts.writeCurves(result.lossHistory(), curve);
            if (result.averagedSnapshots() > 0 && !options.quiet()) {
                out.printf("weights: the mean of %d snapshots (siamese.training.average-weights)%n", result.averagedSnapshots());
            }
            String digest = WeightsDigest.of(model.weights());
            ModelSettings.Whitening whitening = modelSettings.whitening();
            ModelCalibration calibration = ModelCalibration.calibrate(model, loaded.train(), whitening.shrinkage(),
                    whitening.sample(), splits, evaluator());
            if (calibration.whitening() != null && !options.quiet()) {
                out.printf(Locale.ROOT, "whitening: fitted on %,d training pictures (shrinkage %s)%n",
                        calibration.whiteningSample(), whitening.shrinkage());
            }
            EvaluationReport report = calibration.report();
            Embeddings testEmbeddings = calibration.testEmbeddings();

            Map<String, String> provenance = new LinkedHashMap<>(result.provenance().toMap());
            provenance.put("experiment", experiment.name());
            // recorded only when set, so the descriptors of runs at a constant rate without augmentation stay as they were
            if (!training.schedule().isConstant()) {
                provenance.put("training.schedule", training.schedule().describe());
            }
            if (pairs.trainingAugmentation().enabled()) {
                provenance.put("training.augmentation", pairs.trainingAugmentation().toString());
            }
            resumeFrom.ifPresent(c -> provenance.put("resumedFromIteration", Integer.toString(c.iteration())));
            ModelDescriptor descriptor = model.save(run.resolve("model"), calibration.threshold(), calibration.whitening(),
                    provenance);
            double wall = (System.nanoTime() - t0) / 1e9;
            artefacts.writeMetrics(result, report, descriptor, wall, digest, curve);
            artefacts.writeReport(descriptor, provenance, report, result.lossHistory(), curve,
                    EmbeddingMap.ofFewClasses(testEmbeddings, splits.test().labels(), splits.test().classNames(), 10_000,
                            Seeds.derive(experiment.seed(), "embedding-map")));
            run.markComplete();
            store.deleteAll();
            RunOutcome outcome = new RunOutcome(run.path(), result, report, wall);
            if (!options.quiet()) {
                RunArtefacts.printSummary(out, outcome);
            }
            return outcome;
        }
    }

    private CheckpointStore checkpoints(RunDirectory run) {
        return new CheckpointStore(run.resolve("checkpoints"), training.keepCheckpoints());
    }

    /** Moves a leftover of a crashed attempt out of the way instead of deleting it. */
    private static void setAside(RunDirectory run, String name) {
        java.nio.file.Path p = run.resolve(name);
        if (Files.exists(p)) {
            try {
                Files.move(p, run.resolve(name + ".incomplete-" + System.currentTimeMillis()));
            } catch (IOException e) {
                throw new SiameseException("cannot move " + p + " aside: " + e.getMessage(), e);
            }
        }
    }

    /** Re-scores the saved model of a completed run with the run's own protocol; writes {@code evaluation.json}. */
    public EvaluationReport evaluate(RunDirectory run, PrintStream out, boolean quiet) {
        return evaluate(run, out, quiet, DatasetEmbedder.Progress.NONE);
    }

    /** {@link #evaluate(RunDirectory, PrintStream, boolean)}, telling {@code progress} of every picture embedded. */
    public EvaluationReport evaluate(RunDirectory run, PrintStream out, boolean quiet, DatasetEmbedder.Progress progress) {
        if (!run.isComplete()) {
            throw new SiameseException(run + " is not a completed run (no " + RunDirectory.COMPLETE_MARKER
                    + " marker); it crashed or is still running");
        }
        DatasetSplits splits = scoredSplits(loadDataset());
        try (EmbeddingModel model = backend.load(run.resolve("model"))) {
            long total = (long) splits.train().size() + splits.test().size();
            long[] done = {0};
            Embedder counted = (pixels, count) -> {
                Embeddings e = model.embed(pixels, count);
                done[0] += count;
                progress.update(done[0], total);
                return e;
            };
            EvaluationReport report = ModelCalibration.evaluate(counted, splits, DatasetEmbedder.embed(splits.test(), counted),
                    evaluator());
            new RunArtefacts(run, experiment, training).writeEvaluation(report);
            if (!quiet) {
                RunArtefacts.printMetrics(out, report);
            }
            return report;
        }
    }

    private DatasetSplits loadDataset(RunOptions options) {
        DatasetSplits splits = loadDataset();
        if (!options.quiet()) {
            options.out().printf(Locale.ROOT, "dataset %s: %,d training and %,d test pictures of %s, %d classes%n", splits.name(),
                    splits.train().size(), splits.test().size(), splits.shape(), splits.train().classCount());
        }
        return splits;
    }

    /** The splits a run is scored on: the loaded ones, or classes of augmented copies for augmented pairs. */
    private DatasetSplits scoredSplits(DatasetSplits loaded) {
        return pairs.forEvaluation(loaded, Seeds.derive(experiment.seed(), "evaluation-copies"));
    }

    private DatasetSplits loadDataset() {
        try {
            return dataset.get();
        } catch (com.google.inject.ProvisionException e) {
            throw Experiments.unwrap(e);
        }
    }

    private EmbeddingEvaluator evaluator() {
        return evaluation.evaluator(Seeds.derive(experiment.seed(), "evaluation"));
    }

}
