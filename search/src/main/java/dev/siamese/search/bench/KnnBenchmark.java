package dev.siamese.search.bench;

import dev.siamese.api.model.Embeddings;
import dev.siamese.search.knn.ExactKnn;
import dev.siamese.search.knn.Neighbours;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Times an exact all-vs-all k-NN search and, in the same run, a plain Java matrix product as the reference of what
 * this JVM and machine reach, and prints both in GFLOP/s. Arguments: {@code [rows] [dimension] [k] [threads]}
 * (default 100000 64 10 and one thread per processor). {@code siamese bench knn} runs the same with named options.
 */
public final class KnnBenchmark {

    /**
     * What to measure.
     *
     * @param rows       rows of i.i.d. Gaussian embeddings
     * @param dimension  their dimension
     * @param k          neighbours per row
     * @param threads    worker threads of the search and of the reference product
     * @param matrixSize n of the n x n x n reference matrix product
     */
    public record Settings(int rows, int dimension, int k, int threads, int matrixSize) {
        public Settings {
            if (rows < 2 || dimension < 1 || k < 1 || k >= rows || threads < 1 || matrixSize < 16) {
                throw new IllegalArgumentException("need rows >= 2, dimension >= 1, 1 <= k < rows, threads >= 1 and a"
                        + " matrix size >= 16; got " + rows + ", " + dimension + ", " + k + ", " + threads + ", "
                        + matrixSize);
            }
        }

        /** 100,000 x 64-D, k 10, one thread per processor, a 2048^3 reference product. */
        public static Settings defaults() {
            return new Settings(100_000, 64, 10, Runtime.getRuntime().availableProcessors(), 2048);
        }
    }

    /**
     * What was measured.
     *
     * @param seconds          wall time of the all-vs-all search
     * @param cpuSeconds       CPU seconds of this process during it
     * @param effectiveGflops  2 N^2 D / wall time (the kernel computes each pair once, so it does half of those flops)
     * @param spotCheckOk      whether 50 rows agree with a double-precision scan
     * @param matmulSeconds    best of 3 reference products
     * @param matmulGflops     2 n^3 / that time
     */
    public record Result(Settings settings, double seconds, double cpuSeconds, double effectiveGflops,
                         boolean spotCheckOk, double matmulSeconds, double matmulGflops) {
        /** Effective all-vs-all rate over the reference product's rate. */
        public double ratio() {
            return effectiveGflops / matmulGflops;
        }
    }

    private KnnBenchmark() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) {
        Settings d = Settings.defaults();
        run(new Settings(
                args.length > 0 ? Integer.parseInt(args[0]) : d.rows(),
                args.length > 1 ? Integer.parseInt(args[1]) : d.dimension(),
                args.length > 2 ? Integer.parseInt(args[2]) : d.k(),
                args.length > 3 ? Integer.parseInt(args[3]) : d.threads(),
                d.matrixSize()), new PrintWriter(System.out, true));
    }

    /** Runs the benchmark, printing the figures to {@code out}. */
    public static Result run(Settings s, PrintWriter out) {
        int n = s.rows();
        int dim = s.dimension();
        int k = s.k();
        int threads = s.threads();
        out.printf(Locale.ROOT, "exact all-vs-all %d-NN: %,d x %d-D float embeddings, %d threads, %d processors%n",
                k, n, dim, threads, Runtime.getRuntime().availableProcessors());
        out.println("dot products: " + ExactKnn.kernel());
        out.println("load average at start: " + IndexBenchmark.loadAverage());
        Embeddings data = gaussian(n, dim, 42);
        ExactKnn knn = new ExactKnn(threads);

        // warm-up so that the timed run uses the JIT's vectorised code
        knn.allVsAll(gaussian(Math.min(6_000, n), dim, 1), Math.min(k, Math.min(6_000, n) - 1));

        double cpu0 = IndexBenchmark.cpuSeconds();
        long t0 = System.nanoTime();
        Neighbours result = knn.allVsAll(data, k);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = IndexBenchmark.cpuSeconds() - cpu0;
        double effective = 2.0 * n * n * dim / seconds / 1e9;
        out.printf(Locale.ROOT, "all-vs-all: %.2f s wall, %.1f s CPU in this process (%.2f of %d threads busy),"
                + " effective %.1f GFLOP/s (2 N^2 D / wall time; the kernel computes each pair once, so it does half"
                + " of those flops)%n", seconds, cpu, cpu / seconds, threads, effective);
        out.printf(Locale.ROOT, "per CPU-second: %.1f effective GFLOP; on %d idle cores this would take about"
                + " %.1f s%n", 2.0 * n * n * dim / cpu / 1e9, threads, cpu / threads);
        boolean ok = spotCheck(data, result, k);
        out.printf(Locale.ROOT, "spot check against a double-precision scan of 50 rows: %s%n", ok ? "ok" : "MISMATCH");

        int m = s.matrixSize();
        double matmulSeconds = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            matmulSeconds = Math.min(matmulSeconds, matmul(m, threads));
        }
        double reference = 2.0 * m * m * m / matmulSeconds / 1e9;
        out.printf(Locale.ROOT, "reference: %d x %d x %d Java matrix product (cache-blocked i-k-j FMA loop, rows split over"
                + " %d threads), best of 3: %.3f s, %.1f GFLOP/s%n", m, m, m, threads, matmulSeconds, reference);
        out.printf(Locale.ROOT, "all-vs-all effective rate / matrix product rate: %.2f%n", effective / reference);
        out.println("load average at the end: " + IndexBenchmark.loadAverage());
        return new Result(s, seconds, cpu, effective, ok, matmulSeconds, reference);
    }

    /** One m x m x m product C = A B (arrays of rows), rows of C split over threads; returns seconds. */
    private static double matmul(int m, int threads) {
        Random random = new Random(9);
        float[][] a = new float[m][m];
        float[][] b = new float[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                a[i][j] = random.nextFloat();
                b[i][j] = random.nextFloat();
            }
        }
        float[][] c = new float[m][m];
        long t0 = System.nanoTime();
        int blocks = threads * 8;
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, blocks).parallel().forEach(block -> {
                int rowEnd = (block + 1) * m / blocks;
                // 256 x 512 blocks of B stay in L2 while a block of rows of A streams past them
                for (int jb = 0; jb < m; jb += 512) {
                    int je = Math.min(m, jb + 512);
                    for (int pb = 0; pb < m; pb += 256) {
                        int pe = Math.min(m, pb + 256);
                        for (int i = block * m / blocks; i < rowEnd; i++) {
                            for (int p = pb; p < pe; p++) {
                                axpy(a[i][p], b[p], c[i], jb, je);
                            }
                        }
                    }
                }
            })).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** c[j] += a * b[j] for j in [from, to); a method of its own so that the JIT compiles (and vectorises) it normally. */
    private static void axpy(float a, float[] b, float[] c, int from, int to) {
        for (int j = from; j < to; j++) {
            c[j] = Math.fma(a, b[j], c[j]);
        }
    }

    static Embeddings gaussian(int n, int dim, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n * dim];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return Embeddings.adopt(n, dim, values);
    }

    private static boolean spotCheck(Embeddings data, Neighbours result, int k) {
        Random random = new Random(5);
        for (int s = 0; s < 50; s++) {
            int row = random.nextInt(data.count());
            double[] d = new double[data.count()];
            for (int j = 0; j < d.length; j++) {
                d[j] = j == row ? Double.MAX_VALUE : data.distance(row, data, j);
            }
            double kth = IntStream.range(0, d.length).mapToDouble(j -> d[j]).sorted().skip(k - 1).findFirst().orElseThrow();
            for (int r = 0; r < k; r++) {
                if (Math.abs(d[result.index(row, r)] - result.distance(row, r)) > 1e-4 || d[result.index(row, r)] > kth + 1e-4) {
                    return false;
                }
            }
        }
        return true;
    }
}
