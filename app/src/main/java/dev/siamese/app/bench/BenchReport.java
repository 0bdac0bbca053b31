package dev.siamese.app.bench;

import java.util.List;
import java.util.Objects;

/**
 * Everything one benchmark run measured, in one process, one section after another. Rates are medians over
 * repeated timed blocks; ratios compare figures of this same run. Rendering is separate ({@link BenchTable},
 * {@link BenchJson}).
 */
public record BenchReport(Meta meta, Roof roof, List<Training> training, List<JavaSide> javaSide, List<Embedding> embedding,
                          List<BackendOption> backendOptions, Xla xla) {

    public BenchReport {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(roof, "roof");
        training = List.copyOf(training);
        javaSide = List.copyOf(javaSide);
        embedding = List.copyOf(embedding);
        backendOptions = List.copyOf(backendOptions);
        Objects.requireNonNull(xla, "xla");
    }

    /** Where and how the run was made. */
    public record Meta(String date, String cpu, int cores, String os, String java, String tensorflow, String command,
                       boolean quick, String threads, int repeats, String tfXlaFlags, double seconds) {
    }

    /**
     * The roof: fp32 MatMul rates of TensorFlow on this machine.
     *
     * @param gflops           median rate of the square {@code n x n} product with the run's thread settings
     * @param bestGflops       the fastest square product of the whole run (this section and the products timed
     *                         between training blocks)
     * @param singleThreadGflops the same product with one intra-op and one inter-op thread
     * @param shapes           products of the shapes the MLP's forward pass multiplies (batch of 360 pictures)
     * @param sessionCallMicros fixed cost of one session call (feed one scalar, fetch it back)
     */
    public record Roof(int n, String threads, double gflops, double bestGflops, double medianMillis, int repetitions,
                       double singleThreadGflops, List<ShapeRate> shapes, double sessionCallMicros) {
        public Roof {
            shapes = List.copyOf(shapes);
        }
    }

    /** The MatMul rate of one rectangular shape {@code [m, k] x [k, n]}. */
    public record ShapeRate(String label, int m, int k, int n, double gflops) {
    }

    /**
     * Training throughput of one twin.
     *
     * @param pairsPerSecond         through {@code Trainer} (sampler on the prefetch thread, listeners, the step)
     * @param stepOnlyPairsPerSecond {@code model.step} alone, again and again on one pre-drawn batch
     * @param modelFlopsPerPair      2 pictures x 3 x forward ({@link FlopCount#modelPerPair()})
     * @param executedFlopsPerPair   what the graph runs ({@link FlopCount#executedPerPair()})
     * @param gflops                 model FLOPs per second at {@code pairsPerSecond}
     * @param roofGflops             median rate of the roof products timed right before each training block
     * @param fractionOfRoof         median over repeats of (model GFLOP/s of a block / roof rate just before it)
     * @param executedFractionOfRoof the same in executed FLOPs
     * @param bestFractionOfRoof     fastest block over fastest roof product of the run: the least disturbed
     *                               estimate on a shared machine, where other load only ever slows things down
     * @param samples                pairs/s of each timed Trainer block
     * @param roofSamples            GFLOP/s of the roof products timed before each block
     */
    public record Training(String name, String architecture, String input, int batchPairs, double pairsPerSecond,
                           double stepOnlyPairsPerSecond, double millisPerStep, long forwardFlopsPerImage,
                           long modelFlopsPerPair, long executedFlopsPerPair, double gflops, double executedGflops,
                           double roofGflops, double fractionOfRoof, double executedFractionOfRoof,
                           double bestFractionOfRoof, double spread, double[] samples, double[] roofSamples,
                           List<String> layers) {
        public Training {
            samples = samples.clone();
            roofSamples = roofSamples.clone();
            layers = List.copyOf(layers);
        }

        @Override
        public double[] samples() {
            return samples.clone();
        }

        @Override
        public double[] roofSamples() {
            return roofSamples.clone();
        }
    }

    /**
     * The Java-side cost of a training step of one twin (the MLP, the residual twin), in milliseconds per 180-pair
     * step and as shares.
     *
     * @param samplerMillis        {@code sampler.next()}: draw indices, copy 2 x 180 pictures into a PairBatch
     *                             (runs on the Trainer's prefetch thread, off the critical path)
     * @param feedMillis           what {@code step} does in Java before TensorFlow runs: one 2N-picture array,
     *                             flags, two native tensors (on the critical path)
     * @param stepMillis           {@code model.step} alone on a pre-drawn batch (feed included)
     * @param distinctStepMillis   {@code model.step} alone on distinct batches drawn before the timing: like the
     *                             Trainer, each step reads fresh memory, but no other thread runs
     * @param trainerStepMillis    one iteration of the full Trainer loop
     * @param samplerShare         {@code samplerMillis / trainerStepMillis}
     * @param feedShare            {@code feedMillis / trainerStepMillis}
     * @param loopShare            {@code (trainerStepMillis - stepMillis) / trainerStepMillis}: what the loop, the
     *                             prefetch hand-over and the sampler's competition for the cores add
     * @param javaShare            {@code feedShare + max(loopShare, 0)}: the Java-side part of a Trainer step
     */
    public record JavaSide(String model, double samplerMillis, double feedMillis, double stepMillis,
                           double distinctStepMillis, double trainerStepMillis, double samplerShare, double feedShare, double loopShare,
                           double javaShare) {
    }

    /** Embedding throughput of one model through one path ({@code trainable} or {@code saved}). */
    public record Embedding(String model, String path, int batch, double imagesPerSecond, double millisPerCall,
                            double spread) {
    }

    /** Training throughput with one TensorFlow thread setting, and its ratio to the 0/0 default of the same run. */
    public record BackendOption(String model, int intraOpThreads, int interOpThreads, double pairsPerSecond,
                                double ratioToDefault, double spread) {
    }

    /** Whether XLA could be compared in this process, and what was in effect. */
    public record Xla(boolean comparedInProcess, String tfXlaFlags, String note) {
    }
}
