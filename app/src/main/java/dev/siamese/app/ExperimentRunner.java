package dev.siamese.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.siamese.api.SiameseException;
import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.EmbeddingWhitening;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.ModelDescriptor;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.spi.Backend;
import dev.siamese.api.training.TrainingListener;
import dev.siamese.config.ExperimentSettings;
import dev.siamese.config.ModelSettings;
import dev.siamese.config.Settings;
import dev.siamese.data.TrainingPairs;
import dev.siamese.api.pairs.PairSampler;
import dev.siamese.api.image.LabeledDataset;
import dev.siamese.evaluation.EvaluationSettings;
import dev.siamese.evaluation.EmbeddingEvaluator;
import dev.siamese.evaluation.EvaluationReport;
import dev.siamese.evaluation.figures.EmbeddingMap;
import dev.siamese.evaluation.report.ReportWriter;
import dev.siamese.evaluation.report.RunReportInput;
import dev.siamese.evaluation.VerificationReport;
import dev.siamese.training.Checkpoint;
import dev.siamese.training.CheckpointStore;
import dev.siamese.training.ProgressLogListener;
import dev.siamese.training.Trainer;
import dev.siamese.training.TrainingResult;
import dev.siamese.training.TrainingRun;
import dev.siamese.training.TrainingSettings;
import dev.siamese.training.ValidationSettings;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.training.ValidationEnd;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
                double margin = ((LossSpec.Contrastive) spec.loss()).margin();
                validator = Optional.of(new ValidationListener(model::embed, splits.test(), validation.pairs(),
                        Seeds.derive(experiment.seed(), "validation"), validation.every(), validation.earlyStoppingPatience(),
                        margin, options.quiet() ? null : out));
                listeners.add(validator.get());
            }
            TrainingResult result = trainer.train(new TrainingRun(model, sampler, training, listeners, splits.name(),
                    backend.name() + " " + backend.version(), settings.render(),
                    training.checkpointEvery() > 0 ? Optional.of(store) : Optional.empty(), resumeFrom));
            run.write("loss.csv", lossCsv(result.lossHistory()));
            List<ValidationEnd> curve = validator.map(ValidationListener::history).orElse(List.of());
            run.write("validation.csv", validationCsv(curve));
            if (result.averagedSnapshots() > 0 && !options.quiet()) {
                out.printf("weights: the mean of %d snapshots (siamese.training.average-weights)%n", result.averagedSnapshots());
            }
            String digest = WeightsDigest.of(model.weights());
            ModelSettings.Whitening whitening = modelSettings.whitening();
            if (whitening.enabled()) {
                Embeddings sample = DatasetEmbedder.embedSample(loaded.train(), model::embed, whitening.sample());
                model.whiten(EmbeddingWhitening.fit(sample, whitening.shrinkage()));
                if (!options.quiet()) {
                    out.printf(Locale.ROOT, "whitening: fitted on %,d training pictures (shrinkage %s)%n", sample.count(),
                            whitening.shrinkage());
                }
            }

            Embeddings testEmbeddings = DatasetEmbedder.embed(splits.test(), model::embed);
            EvaluationReport report = score(splits, model::embed, testEmbeddings);

            Map<String, String> provenance = new LinkedHashMap<>(result.provenance().toMap());
            provenance.put("experiment", experiment.name());
            resumeFrom.ifPresent(c -> provenance.put("resumedFromIteration", Integer.toString(c.iteration())));
            ModelDescriptor descriptor = model.save(run.resolve("model"), report.verification().threshold(), provenance);
            double wall = (System.nanoTime() - t0) / 1e9;
            writeMetrics(run, result, report, descriptor, wall, digest, curve);
            writeReport(run, descriptor, provenance, report, result.lossHistory(), curve,
                    embeddingMap(testEmbeddings, splits.test()));
            run.markComplete();
            store.deleteAll();
            RunOutcome outcome = new RunOutcome(run.path(), result, report, wall);
            if (!options.quiet()) {
                printSummary(out, outcome);
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
            DatasetEmbedder.EmbeddingFunction counted = (pixels, count) -> {
                Embeddings e = model.embed(pixels, count);
                done[0] += count;
                progress.update(done[0], total);
                return e;
            };
            EvaluationReport report = score(splits, counted, DatasetEmbedder.embed(splits.test(), counted));
            run.write("evaluation.json", toJson(report.toMap()));
            if (!quiet) {
                printMetrics(out, report);
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

    /** The 2-D map of the test embeddings; with many classes (copies of single pictures) only the first ten. */
    private EmbeddingMap embeddingMap(Embeddings test, LabeledDataset split) {
        int[] labels = split.labels();
        if (split.classCount() <= 20) {
            return EmbeddingMap.of(test, labels, split.classNames(), 10_000, Seeds.derive(experiment.seed(), "embedding-map"));
        }
        int first = java.util.Arrays.stream(labels).min().orElse(0);
        int[] keep = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] < first + 10).toArray();
        float[] rows = new float[keep.length * test.dimension()];
        int[] kept = new int[keep.length];
        for (int i = 0; i < keep.length; i++) {
            System.arraycopy(test.row(keep[i]), 0, rows, i * test.dimension(), test.dimension());
            kept[i] = labels[keep[i]];
        }
        return EmbeddingMap.of(Embeddings.adopt(keep.length, test.dimension(), rows), kept, split.classNames(), 10_000,
                Seeds.derive(experiment.seed(), "embedding-map"));
    }

    private DatasetSplits loadDataset() {
        try {
            return dataset.get();
        } catch (com.google.inject.ProvisionException e) {
            throw Experiments.unwrap(e);
        }
    }

    /** Embeds the training pictures and scores them with the test embeddings by this experiment's protocol. */
    private EvaluationReport score(DatasetSplits splits, DatasetEmbedder.EmbeddingFunction model, Embeddings testEmbeddings) {
        Embeddings trainEmbeddings = DatasetEmbedder.embed(splits.train(), model);
        return evaluator().evaluate(trainEmbeddings, splits.train().labels(), testEmbeddings, splits.test().labels());
    }

    private EmbeddingEvaluator evaluator() {
        return evaluation.evaluator(Seeds.derive(experiment.seed(), "evaluation"));
    }

    private void writeReport(RunDirectory run, ModelDescriptor descriptor, Map<String, String> provenance, EvaluationReport report,
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

    private void writeMetrics(RunDirectory run, TrainingResult result, EvaluationReport report, ModelDescriptor descriptor,
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

    private static String validationCsv(List<ValidationEnd> curve) {
        StringBuilder sb = new StringBuilder("iteration,pair_accuracy,loss\n");
        for (ValidationEnd v : curve) {
            sb.append(v.iteration()).append(',').append(v.accuracy()).append(',').append(v.loss()).append('\n');
        }
        return sb.toString();
    }

    private static String lossCsv(float[] losses) {
        StringBuilder sb = new StringBuilder(losses.length * 16).append("iteration,loss\n");
        for (int i = 0; i < losses.length; i++) {
            sb.append(i + 1).append(',').append(losses[i]).append('\n');
        }
        return sb.toString();
    }

    private static void printSummary(PrintStream out, RunOutcome o) {
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

    private static void printMetrics(PrintStream out, EvaluationReport full) {
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
