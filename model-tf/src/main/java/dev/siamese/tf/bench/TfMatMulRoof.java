package dev.siamese.tf.bench;

import dev.siamese.tf.TfOptions;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The speed limit of this machine as TensorFlow sees it: the fp32 rate of one large matrix product
 * {@code [m, k] x [k, n]} (2mkn floating-point operations) run in a graph and a session with the given thread
 * settings. Both operands are fed as tensors made once; the product is run as a target, so nothing is copied back
 * to Java and the timing is the kernel plus one session call.
 */
public final class TfMatMulRoof implements AutoCloseable {

    /**
     * Timed products of one shape.
     *
     * @param seconds wall time of each timed product, in the order they ran
     */
    public record Measurement(int m, int k, int n, TfOptions options, double[] seconds) {
        public Measurement {
            Objects.requireNonNull(options, "options");
            seconds = seconds.clone();
            if (seconds.length == 0) {
                throw new IllegalArgumentException("a measurement needs at least one timed product");
            }
        }

        @Override
        public double[] seconds() {
            return seconds.clone();
        }

        /** Floating-point operations of one product, {@code 2 m k n} (one multiply and one add per term). */
        public double flops() {
            return 2.0 * m * k * n;
        }

        public double medianSeconds() {
            double[] sorted = seconds.clone();
            Arrays.sort(sorted);
            int mid = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }

        /** The median rate in GFLOP/s. */
        public double gflops() {
            return flops() / medianSeconds() / 1e9;
        }

        /** The best rate in GFLOP/s (the fastest timed product). */
        public double bestGflops() {
            return flops() / Arrays.stream(seconds).min().orElseThrow() / 1e9;
        }
    }

    private final int m;
    private final int k;
    private final int n;
    private final TfOptions options;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> a;
    private final Placeholder<TFloat32> b;
    private final Operand<TFloat32> product;
    private final TFloat32 left;
    private final TFloat32 right;
    private boolean closed;

    private TfMatMulRoof(int m, int k, int n, TfOptions options) {
        this.m = m;
        this.k = k;
        this.n = n;
        this.options = options;
        this.graph = new Graph();
        Ops tf = Ops.create(graph);
        a = tf.withName("a").placeholder(TFloat32.class, Placeholder.shape(Shape.of(m, k)));
        b = tf.withName("b").placeholder(TFloat32.class, Placeholder.shape(Shape.of(k, n)));
        product = tf.withName("product").linalg.matMul(a, b);
        session = session(graph, options);
        left = random(Shape.of(m, k), 1);
        right = random(Shape.of(k, n), 2);
    }

    /**
     * A ready graph and session for the product {@code [m, k] x [k, n]}, to be timed again and again (for example
     * between other measurements, so both see the same load from other processes). Close it.
     */
    public static TfMatMulRoof open(int m, int k, int n, TfOptions options) {
        Objects.requireNonNull(options, "options");
        if (m <= 0 || k <= 0 || n <= 0) {
            throw new IllegalArgumentException("matrix sizes must be positive, got " + m + "x" + k + "x" + n);
        }
        return new TfMatMulRoof(m, k, n, options);
    }

    /** A square product {@code [n, n] x [n, n]}, timed {@code repetitions} times after {@code warmUp} untimed runs. */
    public static Measurement square(int n, int warmUp, int repetitions, TfOptions options) {
        return measure(n, n, n, warmUp, repetitions, options);
    }

    /**
     * Times {@code repetitions} products {@code [m, k] x [k, n]} after {@code warmUp} untimed ones (the first runs
     * pay for graph optimisation and memory allocation).
     */
    public static Measurement measure(int m, int k, int n, int warmUp, int repetitions, TfOptions options) {
        try (TfMatMulRoof roof = open(m, k, n, options)) {
            return roof.measure(warmUp, repetitions);
        }
    }

    /** Floating-point operations of one product, {@code 2 m k n}. */
    public double flops() {
        return 2.0 * m * k * n;
    }

    /** Wall time in seconds of one product (one session call). */
    public double timeOnce() {
        if (closed) {
            throw new IllegalStateException("this MatMul roof is closed");
        }
        long t0 = System.nanoTime();
        session.runner().feed(a, left).feed(b, right).addTarget(product).run().close();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The rate in GFLOP/s of one product. */
    public double gflopsOnce() {
        return flops() / timeOnce() / 1e9;
    }

    public Measurement measure(int warmUp, int repetitions) {
        if (warmUp < 0 || repetitions <= 0) {
            throw new IllegalArgumentException("need warm-up >= 0 and repetitions > 0, got " + warmUp + " and " + repetitions);
        }
        for (int i = 0; i < warmUp; i++) {
            timeOnce();
        }
        double[] seconds = new double[repetitions];
        for (int i = 0; i < repetitions; i++) {
            seconds[i] = timeOnce();
        }
        return new Measurement(m, k, n, options, seconds);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            left.close();
            right.close();
            session.close();
            graph.close();
        }
    }

    /**
     * The fixed cost of one session call in microseconds (median of {@code calls}): feeding one scalar and fetching
     * it back through an identity op. Every training step and every embedding call pays it at least once.
     */
    public static double sessionCallMicros(int calls, TfOptions options) {
        if (calls <= 0) {
            throw new IllegalArgumentException("calls must be positive, got " + calls);
        }
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            Operand<TFloat32> y = tf.identity(x);
            try (Session session = session(graph, options); TFloat32 one = TFloat32.scalarOf(1f)) {
                double[] micros = new double[calls];
                for (int i = -calls / 10 - 1; i < calls; i++) {
                    long t0 = System.nanoTime();
                    session.runner().feed(x, one).fetch(y).run().close();
                    if (i >= 0) {
                        micros[i] = (System.nanoTime() - t0) / 1e3;
                    }
                }
                Arrays.sort(micros);
                return micros[calls / 2];
            }
        }
    }

    private static TFloat32 random(Shape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
    }

    /** A session with the thread settings of {@code options}, as the model sessions are made. */
    static Session session(Graph graph, TfOptions options) {
        if (options.intraOpThreads() == 0 && options.interOpThreads() == 0) {
            return new Session(graph);
        }
        return new Session(graph, ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(options.intraOpThreads())
                .setInterOpParallelismThreads(options.interOpThreads())
                .build());
    }
}
