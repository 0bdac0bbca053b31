package dev.siamese.app;

import dev.siamese.api.SiameseException;
import dev.siamese.api.image.DatasetSplits;
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
import dev.siamese.evaluation.ModelCalibration;
import dev.siamese.evaluation.ValidationListener;
import dev.siamese.evaluation.report.RunArtefacts;
import dev.siamese.training.Checkpoint;
import dev.siamese.training.CheckpointStore;
import dev.siamese.training.Trainer;
import dev.siamese.training.TrainingResult;
import dev.siamese.training.TrainingRun;
import dev.siamese.training.TrainingSettings;
import dev.siamese.training.WeightsDigest;

import jakarta.inject.Inject;
import jakarta.inject.Provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one experiment end to end, one step after the other: settings -> dataset -> sampler -> backend -> trainer ->
 * calibration and evaluation -> the run directory ({@code config.conf}, {@code loss.csv}, {@code model/},
 * {@code metrics.json}, then the completion marker). Each step is a call into its module; every setting was read and
 * validated when this object was built, so a bad value fails before any work.
 */
public final class ExperimentRunner {
    private final Settings settings;
    private final ExperimentSettings experiment;
    private final ModelSettings modelSettings;
    private final TrainingSettings training;
    private final Provider<DatasetSplits> dataset;
    private final Backend backend;
    private final Trainer trainer;
    private final TrainingPairs pairs;
    private final RunEvaluation scoring;

    @Inject
    ExperimentRunner(Settings settings, ExperimentSettings experiment, ModelSettings modelSettings, TrainingSettings training,
                     Provider<DatasetSplits> dataset, Backend backend, Trainer trainer, TrainingPairs pairs,
                     RunEvaluation scoring) {
        modelSettings.requireBackend(backend.name());
        this.settings = settings;
        this.experiment = experiment;
        this.modelSettings = modelSettings;
        this.training = training;
        this.dataset = dataset;
        this.backend = backend;
        this.trainer = trainer;
        this.pairs = pairs;
        this.scoring = scoring;
    }

    /** Trains, evaluates and saves; returns where everything went. */
    public RunOutcome run(RunOptions options) {
        long t0 = System.nanoTime();
        DatasetSplits splits = loadDataset(options);
        RunDirectory run = options.runDirectory().map(RunDirectory::createAt)
                .orElseGet(() -> RunDirectory.create(experiment.outputDirectory(), experiment.name()));
        run.write("config.conf", settings.render() + "\n");
        options.say("run directory: %s", run);
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
        Optional<Checkpoint> checkpoint = run.checkpoints(training.keepCheckpoints()).latest();
        run.setAside("model");
        options.say("%s", checkpoint.map(c -> "resuming " + run + " from the checkpoint of iteration " + c.iteration())
                .orElse("no intact checkpoint in " + run + "; training it again from the start"));
        return execute(run, splits, checkpoint, options, t0);
    }

    private RunOutcome execute(RunDirectory run, DatasetSplits loaded, Optional<Checkpoint> resumeFrom, RunOptions options,
                               long t0) {
        ModelSpec spec = modelSettings.toSpec(loaded.shape(), experiment.seed());
        PairSampler sampler = pairs.samplerFor(spec.loss(), loaded.train(), training.batchPairs(),
                training.similarProbability(), training.classBatches().classes(), training.classBatches().perClass(),
                experiment.seedFor("training-pairs"));
        DatasetSplits splits = scoring.scoredSplits(loaded);
        List<TrainingListener> listeners = options.listenersWithProgress(training.logEvery());
        CheckpointStore store = run.checkpoints(training.keepCheckpoints());
        try (TrainableModel model = backend.create(spec)) {
            Optional<ValidationListener> validator = scoring.validator(model, splits.test(), options);
            validator.ifPresent(listeners::add);
            // a class-balanced batch of P x K pictures counts as P x K / 2 pairs
            TrainingSettings schedule = training.withBatchPairs(sampler.batchSize());
            TrainingResult result = trainer.train(new TrainingRun(model, sampler, schedule, listeners, splits.name(),
                    backend.name() + " " + backend.version(), settings.render(),
                    training.checkpointEvery() > 0 ? Optional.of(store) : Optional.empty(), resumeFrom));
            RunArtefacts artefacts = new RunArtefacts(run.path(), experiment);
            List<ValidationEnd> curve = validator.map(ValidationListener::history).orElse(List.of());
            artefacts.writeCurves(result.lossHistory(), curve);
            if (result.averagedSnapshots() > 0) {
                options.say("weights: the mean of %d snapshots (siamese.training.average-weights)", result.averagedSnapshots());
            }
            String digest = WeightsDigest.of(model.weights());
            ModelCalibration calibration = scoring.calibrate(model, loaded.train(), splits, options)
                    .requireSpread(spec.loss());
            Map<String, String> provenance = new LinkedHashMap<>(result.provenance().toMap());
            provenance.put("experiment", experiment.name());
            provenance.putAll(training.provenance());
            provenance.putAll(pairs.provenance());
            resumeFrom.ifPresent(c -> provenance.put("resumedFromIteration", Integer.toString(c.iteration())));
            ModelDescriptor descriptor = model.save(run.resolve("model"), calibration.threshold(), calibration.whitening(),
                    provenance);
            double wall = (System.nanoTime() - t0) / 1e9;
            artefacts.writeMetrics(descriptor, result.summary(schedule.batchPairs(), digest), calibration.report(), curve,
                    wall, result.provenance().toMap());
            artefacts.writeReport(descriptor, provenance, schedule.batches(), calibration.report(), result.lossHistory(),
                    curve, calibration.testEmbeddings(), splits.test());
            run.markComplete();
            store.deleteAll();
            RunOutcome outcome = new RunOutcome(run.path(), result, calibration.report(), wall);
            options.show(outcome::printSummary);
            return outcome;
        }
    }

    private DatasetSplits loadDataset(RunOptions options) {
        DatasetSplits splits = Experiments.provide(dataset);
        options.say("dataset %s: %,d training and %,d test pictures of %s, %d classes", splits.name(), splits.train().size(),
                splits.test().size(), splits.shape(), splits.train().classCount());
        return splits;
    }
}
