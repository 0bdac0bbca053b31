package dev.siamese.app.bench;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.api.image.LabeledDataset;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.OptimizerSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;
import dev.siamese.api.training.IterationEnd;
import dev.siamese.api.training.TrainingListener;
import dev.siamese.data.pairs.BalancedPairSampler;
import dev.siamese.data.readers.SyntheticDigits;
import dev.siamese.tf.TfBackend;
import dev.siamese.tf.TfOptions;
import dev.siamese.tf.bench.TfFeedCost;
import dev.siamese.tf.bench.TfMatMulRoof;
import dev.siamese.training.Trainer;
import dev.siamese.training.TrainingRun;
import dev.siamese.training.TrainingSettings;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

/**
 * Runs every benchmark section in this process, one after another: the MatMul roof, training throughput of the
 * MLP, the conv twin and the residual twin with their FLOP rates as a fraction of the roof, the Java-side share of a
 * step of the MLP and of the residual twin, embedding
 * throughput through a trainable and a saved model, and TensorFlow's thread settings. Each figure is the median of
 * {@link BenchSettings#repeats()} timed blocks after a warm-up; figures that are compared are measured in
 * alternating blocks, so a burst of load from other processes hits both sides. The residual twin's steps take a
 * second or more, so it is timed in fewer and shorter blocks ({@link BenchSettings#forSlowSteps()}).
 */
public final class BenchSuite {

    /** The thread settings the backend-options section compares; the first is TensorFlow's default. */
    public static final List<TfOptions> THREAD_SETTINGS = List.of(
            new TfOptions(0, 0), new TfOptions(2, 2), new TfOptions(1, 1), new TfOptions(2, 1));

    private static final int MLP_BATCH_PICTURES = 2 * BalancedPairSampler.DEFAULT_BATCH_SIZE;

    private final BenchSettings settings;
    private final PrintWriter progress;
    /** The fastest roof product seen so far in this run, in GFLOP/s. */
    private double bestRoof;

    public BenchSuite(BenchSettings settings, PrintWriter progress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** One twin under test: its name, spec, the data its sampler draws from and how long it is timed. */
    private record Subject(String name, ModelSpec spec, LabeledDataset data, BenchSettings timing) {
    }

    /** A live model with its sampler and a pre-drawn batch. */
    private record Live(Subject subject, TfBackend backend, TrainableModel model, BalancedPairSampler sampler,
                        PairBatch batch) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /** Runs all sections; {@code command} is recorded in the report as the command line that made it. */
    public BenchReport run(String command) {
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        TfOptions threads = settings.threads();
        String tensorflow = new TfBackend(threads).version();
        progress.printf("siamese bench (%s): TensorFlow %s, %d cores, threads %s%n",
                settings.quick() ? "quick" : "full", tensorflow, Runtime.getRuntime().availableProcessors(), label(threads));

        try (TfMatMulRoof probe = TfMatMulRoof.open(settings.roofSize(), settings.roofSize(), settings.roofSize(), threads)) {
            return run(command, started, t0, tensorflow, probe);
        }
    }

    private BenchReport run(String command, Instant started, long t0, String tensorflow, TfMatMulRoof probe) {
        TfOptions threads = settings.threads();
        BenchReport.Roof roof = roof(probe);

        ImageShape rgb32 = new ImageShape(32, 32, 3);
        InMemoryDataset digits = SyntheticDigits.generate(settings.pictures(), settings.seed(), "synthetic-digits");
        InMemoryDataset random32 = randomDataset(rgb32, settings.pictures(), settings.seed());
        Subject mlp = new Subject("mlp 28x28x1", ModelSpec.paperMlp(settings.seed()), digits, settings);
        Subject conv28 = new Subject("conv 28x28x1", convSpec(ImageShape.digits()), digits, settings);
        Subject conv32 = new Subject("conv 32x32x3", convSpec(rgb32), random32, settings);
        Subject resnet32 = new Subject("resnet 32x32x3", resNetSpec(rgb32), random32, settings.forSlowSteps());

        List<BenchReport.Training> training = new ArrayList<>();
        List<BenchReport.Embedding> embedding = new ArrayList<>();
        List<BenchReport.JavaSide> javaSide = new ArrayList<>();
        Path work = createWorkDirectory();
        try (Live liveMlp = live(mlp, threads); Live liveConv28 = live(conv28, threads)) {
            training.add(training(liveMlp, probe));
            training.add(training(liveConv28, probe));
            try (Live liveConv32 = live(conv32, threads)) {
                training.add(training(liveConv32, probe));
            }
            javaSide.add(javaSide(liveMlp, training.get(0)));
            try (Live liveResNet = live(resnet32, threads)) {
                BenchReport.Training t = training(liveResNet, probe);
                training.add(t);
                javaSide.add(javaSide(liveResNet, t));
            }
            embedding.addAll(embedding(liveMlp, work.resolve("mlp")));
            embedding.addAll(embedding(liveConv28, work.resolve("conv")));
        } finally {
            deleteRecursively(work);
        }
        List<BenchReport.BackendOption> options = new ArrayList<>();
        options.addAll(backendOptions(mlp));
        options.addAll(backendOptions(conv32));

        String xlaFlags = System.getenv().getOrDefault("TF_XLA_FLAGS", "");
        BenchReport.Xla xla = new BenchReport.Xla(false, xlaFlags,
                "TfOptions has no JIT setting, so XLA cannot be switched per session here; XLA auto-clustering on the"
                        + " CPU is process-wide via TF_XLA_FLAGS=\"--tf_xla_auto_jit=2 --tf_xla_cpu_global_jit\":"
                        + " compare two runs, with and without it" + (xlaFlags.isEmpty() ? "" : " (this run: on)"));

        BenchReport.Meta meta = new BenchReport.Meta(started.truncatedTo(ChronoUnit.SECONDS).toString(), cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), tensorflow, command,
                settings.quick(), label(threads), settings.repeats(), xlaFlags, (System.nanoTime() - t0) / 1e9);
        BenchReport.Roof finalRoof = new BenchReport.Roof(roof.n(), roof.threads(), roof.gflops(), bestRoof,
                roof.medianMillis(), roof.repetitions(), roof.singleThreadGflops(), roof.shapes(), roof.sessionCallMicros());
        return new BenchReport(meta, finalRoof, training, javaSide, embedding, options, xla);
    }

    // ---- 1. the roof -------------------------------------------------------------------------------------------

    private BenchReport.Roof roof(TfMatMulRoof probe) {
        TfOptions threads = settings.threads();
        int n = settings.roofSize();
        TfMatMulRoof.Measurement square = probe.measure(settings.roofWarmUp(), settings.roofRepetitions());
        bestRoof = Math.max(bestRoof, square.bestGflops());
        progress.printf("roof: %dx%d MatMul %.1f GFLOP/s (best %.1f)%n", n, n, square.gflops(), square.bestGflops());
        TfMatMulRoof.Measurement single = TfMatMulRoof.square(n, 1, Math.max(3, settings.roofRepetitions() / 2),
                new TfOptions(1, 1));
        List<BenchReport.ShapeRate> shapes = new ArrayList<>();
        int repetitions = settings.roofRepetitions() * 3;
        for (int[] s : new int[][] {{MLP_BATCH_PICTURES, 784, 1024}, {MLP_BATCH_PICTURES, 1024, 1024}}) {
            TfMatMulRoof.Measurement m = TfMatMulRoof.measure(s[0], s[1], s[2], settings.roofWarmUp() + 2, repetitions, threads);
            shapes.add(new BenchReport.ShapeRate("mlp layer " + s[1] + "->" + s[2] + " at " + s[0] + " pictures",
                    s[0], s[1], s[2], m.gflops()));
        }
        double call = TfMatMulRoof.sessionCallMicros(settings.quick() ? 200 : 2000, threads);
        progress.printf("roof: single thread %.1f GFLOP/s; MLP layer shapes %.1f / %.1f GFLOP/s; session call %.0f us%n",
                single.gflops(), shapes.get(0).gflops(), shapes.get(1).gflops(), call);
        return new BenchReport.Roof(n, label(threads), square.gflops(), square.bestGflops(), square.medianSeconds() * 1e3,
                settings.roofRepetitions(), single.gflops(), shapes, call);
    }

    // ---- 2, 3. training ----------------------------------------------------------------------------------------

    private BenchReport.Training training(Live live, TfMatMulRoof probe) {
        int batch = live.sampler().batchSize();
        FlopCount flops = FlopCount.of(live.subject().spec().architecture(), live.subject().spec().input());
        int repeats = live.subject().timing().repeats();
        double[] trainer = new double[repeats];
        double[] stepOnly = new double[repeats];
        double[] roofs = new double[repeats];
        double[] fractions = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            roofs[r] = roofBlock(probe);
            trainer[r] = trainerBlock(live);
            stepOnly[r] = stepBlock(live);
            fractions[r] = trainer[r] * flops.modelPerPair() / 1e9 / roofs[r];
        }
        Samples rates = new Samples(trainer);
        double pairsPerSecond = rates.median();
        double gflops = pairsPerSecond * flops.modelPerPair() / 1e9;
        double executed = pairsPerSecond * flops.executedPerPair() / 1e9;
        double fraction = new Samples(fractions).median();
        double executedShare = (double) flops.executedPerPair() / flops.modelPerPair();
        double bestFraction = rates.max() * flops.modelPerPair() / 1e9 / bestRoof;
        BenchReport.Training t = new BenchReport.Training(live.subject().name(), live.subject().spec().architecture().label(),
                live.subject().spec().input().toString(), batch, pairsPerSecond, new Samples(stepOnly).median(),
                1e3 * batch / pairsPerSecond, flops.forwardPerImage(), flops.modelPerPair(), flops.executedPerPair(),
                gflops, executed, new Samples(roofs).median(), fraction, fraction * executedShare, bestFraction,
                rates.spread(), trainer, roofs, flops.layers());
        progress.printf("training %s: %.0f pairs/s (step alone %.0f), %.1f model GFLOP/s = %.0f%% of the roof"
                        + " (paired; best/best %.0f%%)%n", t.name(), t.pairsPerSecond(), t.stepOnlyPairsPerSecond(),
                t.gflops(), 100 * t.fractionOfRoof(), 100 * t.bestFractionOfRoof());
        return t;
    }

    /** GFLOP/s of a few roof products, run right before a training block so both see the same load. */
    private double roofBlock(TfMatMulRoof probe) {
        int products = settings.quick() ? 1 : 3;
        double seconds = 0;
        for (int i = 0; i < products; i++) {
            double once = probe.timeOnce();
            bestRoof = Math.max(bestRoof, probe.flops() / once / 1e9);
            seconds += once;
        }
        return products * probe.flops() / seconds / 1e9;
    }

    /** Pairs/s of the real training loop, from the end of its first step to the end of its last. */
    private double trainerBlock(Live live) {
        int steps = live.subject().timing().stepsPerBlock();
        long[] ends = new long[2];
        TrainingListener clock = new TrainingListener() {
            @Override
            public void onIteration(IterationEnd event) {
                if (event.iteration() == 1) {
                    ends[0] = event.elapsedNanos();
                }
                ends[1] = event.elapsedNanos();
            }
        };
        int batch = live.sampler().batchSize();
        TrainingRun run = new TrainingRun(live.model(), live.sampler(),
                new TrainingSettings(steps + 1, batch, BalancedPairSampler.DEFAULT_SIMILAR_PROBABILITY, 0),
                List.of(clock), live.subject().data().name(), live.backend().name(), "bench");
        new Trainer().train(run);
        return (double) steps * batch / ((ends[1] - ends[0]) / 1e9);
    }

    /** Pairs/s of {@code model.step} alone, over and over on one pre-drawn batch. */
    private double stepBlock(Live live) {
        int steps = live.subject().timing().stepsPerBlock();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            live.model().step(live.batch());
        }
        return (double) steps * live.batch().size() / ((System.nanoTime() - t0) / 1e9);
    }

    // ---- 5. the Java side --------------------------------------------------------------------------------------

    private BenchReport.JavaSide javaSide(Live live, BenchReport.Training training) {
        BenchSettings timing = live.subject().timing();
        int calls = timing.samplerCalls();
        double[] sampler = new double[timing.repeats()];
        double[] feed = new double[timing.repeats()];
        long sink = 0;
        for (int i = 0; i < calls; i++) {
            sink += live.sampler().next().size() + TfFeedCost.feedOnce(live.batch());
        }
        for (int r = 0; r < timing.repeats(); r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += live.sampler().next().size();
            }
            sampler[r] = (System.nanoTime() - t0) / 1e6 / calls;
            t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += TfFeedCost.feedOnce(live.batch());
            }
            feed[r] = (System.nanoTime() - t0) / 1e6 / calls;
        }
        if (sink == 42) {
            progress.print("");
        }
        double[] fresh = new double[timing.repeats()];
        for (int r = 0; r < timing.repeats(); r++) {
            List<PairBatch> batches = new ArrayList<>();
            for (int i = 0; i < timing.stepsPerBlock(); i++) {
                batches.add(live.sampler().next());
            }
            long t0 = System.nanoTime();
            for (PairBatch b : batches) {
                live.model().step(b);
            }
            fresh[r] = (System.nanoTime() - t0) / 1e6 / batches.size();
        }
        int batch = live.batch().size();
        double freshMillis = new Samples(fresh).median();
        double samplerMillis = new Samples(sampler).median();
        double feedMillis = new Samples(feed).median();
        double stepMillis = 1e3 * batch / training.stepOnlyPairsPerSecond();
        double trainerMillis = 1e3 * batch / training.pairsPerSecond();
        double loopShare = (trainerMillis - stepMillis) / trainerMillis;
        BenchReport.JavaSide j = new BenchReport.JavaSide(live.subject().name(), samplerMillis, feedMillis, stepMillis,
                freshMillis, trainerMillis, samplerMillis / trainerMillis, feedMillis / trainerMillis, loopShare,
                feedMillis / trainerMillis + Math.max(loopShare, 0));
        progress.printf("java side (%s): sampler.next() %.2f ms, feed %.2f ms, step alone %.2f ms (distinct batches"
                        + " %.2f ms), Trainer step %.2f ms: Java share %.1f%%%n", j.model(), samplerMillis, feedMillis,
                stepMillis, freshMillis, trainerMillis,
                100 * j.javaShare());
        return j;
    }

    // ---- 4. embedding ------------------------------------------------------------------------------------------

    private List<BenchReport.Embedding> embedding(Live live, Path directory) {
        TrainableModel model = live.model();
        ImageShape shape = model.spec().input();
        int large = settings.largeBatch();
        float[] pixels = randomPixels(shape, large, settings.seed() + 1);
        float[] one = new float[shape.length()];
        System.arraycopy(pixels, 0, one, 0, one.length);
        model.save(directory, 0.5, Map.of("purpose", "benchmark"));
        try (EmbeddingModel saved = live.backend().load(directory)) {
            for (int i = 0; i < 3; i++) {
                model.embed(pixels, large);
                saved.embed(pixels, large);
            }
            for (int i = 0; i < settings.singleCalls(); i++) {
                model.embed(one, 1);
                saved.embed(one, 1);
            }
            int reps = settings.repeats();
            double[][] rates = new double[4][reps];
            for (int r = 0; r < reps; r++) {
                rates[0][r] = embedBlock(() -> model.embed(one, 1).count(), settings.singleCalls(), 1);
                rates[1][r] = embedBlock(() -> saved.embed(one, 1).count(), settings.singleCalls(), 1);
                rates[2][r] = embedBlock(() -> model.embed(pixels, large).count(), settings.largeCalls(), large);
                rates[3][r] = embedBlock(() -> saved.embed(pixels, large).count(), settings.largeCalls(), large);
            }
            String[] paths = {"trainable", "saved", "trainable", "saved"};
            int[] batches = {1, 1, large, large};
            List<BenchReport.Embedding> result = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Samples s = new Samples(rates[i]);
                result.add(new BenchReport.Embedding(live.subject().name(), paths[i], batches[i], s.median(),
                        1e3 * batches[i] / s.median(), s.spread()));
            }
            progress.printf("embedding %s: batch 1 %.0f / %.0f images/s, batch %d %.0f / %.0f images/s (trainable / saved)%n",
                    live.subject().name(), result.get(0).imagesPerSecond(), result.get(1).imagesPerSecond(), large,
                    result.get(2).imagesPerSecond(), result.get(3).imagesPerSecond());
            return result;
        }
    }

    /** Images/s of {@code calls} embedding calls of {@code batch} pictures each. */
    private static double embedBlock(DoubleSupplier call, int calls, int batch) {
        long t0 = System.nanoTime();
        double sink = 0;
        for (int i = 0; i < calls; i++) {
            sink += call.getAsDouble();
        }
        if (sink != (double) calls * batch) {
            throw new IllegalStateException("embedding returned " + sink + " rows for " + calls * batch + " pictures");
        }
        return (double) calls * batch / ((System.nanoTime() - t0) / 1e9);
    }

    // ---- 6. backend options ------------------------------------------------------------------------------------

    private List<BenchReport.BackendOption> backendOptions(Subject subject) {
        List<Live> lives = new ArrayList<>();
        try {
            for (TfOptions options : THREAD_SETTINGS) {
                lives.add(live(subject, options));
            }
            double[][] rates = new double[lives.size()][settings.repeats()];
            for (int r = 0; r < settings.repeats(); r++) {
                for (int i = 0; i < lives.size(); i++) {
                    rates[i][r] = trainerBlock(lives.get(i));
                }
            }
            double reference = new Samples(rates[0]).median();
            List<BenchReport.BackendOption> result = new ArrayList<>();
            StringBuilder line = new StringBuilder("threads " + subject.name() + ":");
            for (int i = 0; i < lives.size(); i++) {
                TfOptions o = THREAD_SETTINGS.get(i);
                Samples s = new Samples(rates[i]);
                result.add(new BenchReport.BackendOption(subject.name(), o.intraOpThreads(), o.interOpThreads(),
                        s.median(), s.median() / reference, s.spread()));
                line.append(String.format(" %s %.0f pairs/s (x%.2f)", label(o), s.median(), s.median() / reference));
            }
            progress.println(line);
            return result;
        } finally {
            lives.forEach(Live::close);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private Live live(Subject subject, TfOptions options) {
        TfBackend backend = new TfBackend(options);
        TrainableModel model = backend.create(subject.spec());
        try {
            BalancedPairSampler sampler = new BalancedPairSampler(subject.data(), settings.seed());
            for (int i = 0; i < subject.timing().warmUpSteps(); i++) {
                model.step(sampler.next());
            }
            return new Live(subject, backend, model, sampler, sampler.next());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private ModelSpec convSpec(ImageShape input) {
        return ModelSpec.paperConv(input, 3, 16, 2, settings.seed());
    }

    /**
     * The bundled {@code resnet-cifar10} twin: stem 16, stages of 16, 32 and 64 filters with two blocks each, stride-2
     * downsampling, 64-D L2-normalised embeddings; trained here with the contrastive loss like the other subjects.
     */
    private ModelSpec resNetSpec(ImageShape input) {
        ArchitectureSpec.ResNet res = new ArchitectureSpec.ResNet(16,
                ArchitectureSpec.ResNet.stages(List.of(16, 32, 64), List.of(2, 2, 2)),
                ArchitectureSpec.ResNet.Downsampling.STRIDE, 64, true, 0.9);
        return new ModelSpec(input, res, new LossSpec.Contrastive(1.0), new OptimizerSpec.Adam(1e-3, 0.9, 0.99, 1e-8),
                settings.seed());
    }

    /** Uniform random pictures in [0, 1] with balanced labels of ten classes: enough for timing. */
    static InMemoryDataset randomDataset(ImageShape shape, int count, long seed) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 10;
        }
        return InMemoryDataset.adopt("random " + shape, shape, randomPixels(shape, count, seed), labels,
                SyntheticDigits.CLASS_NAMES);
    }

    private static float[] randomPixels(ImageShape shape, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[Math.multiplyExact(count, shape.length())];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        return pixels;
    }

    static String label(TfOptions options) {
        return options.intraOpThreads() + "/" + options.interOpThreads();
    }

    /** The CPU model from /proc/cpuinfo, or the architecture when that is not readable. */
    static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | UncheckedIOException e) {
            return System.getProperty("os.arch");
        }
    }

    private static Path createWorkDirectory() {
        try {
            return Files.createTempDirectory("siamese-bench");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the saved models: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary folder is not worth failing the benchmark for
        }
    }
}
