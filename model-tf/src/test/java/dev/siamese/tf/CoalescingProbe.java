package dev.siamese.tf;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.tf.internal.EmbedCoalescer;
import dev.siamese.tf.internal.TfEmbeddingModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Stream;

/**
 * A by-hand speed check, not a unit test: many threads each embed single pictures on one loaded paper MLP
 * (784-1024-1024-2), with coalescing off and on, in alternating timed blocks of the same run, and prints pictures per
 * second for both. Arguments: threads (default 16), single-picture calls per thread per block (default 300), rounds
 * (default 4), coalesce-max-batch for the "on" model (default 64), intra-op and inter-op threads (default 0).
 * Run from {@code model-tf} after {@code mvn test-compile}:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.siamese.tf.CoalescingProbe}.
 */
public final class CoalescingProbe {

    private static final int PICTURES = 256;

    private CoalescingProbe() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int maxBatch = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        TfOptions base = args.length > 5 ? new TfOptions(Integer.parseInt(args[4]), Integer.parseInt(args[5])) : TfOptions.defaults();
        ImageShape shape = ImageShape.digits();
        Path temp = Files.createTempDirectory("coalescing-probe");
        Path dir = temp.resolve("paper-mlp");
        try {
            try (TrainableModel model = new TfBackend(base).create(ModelSpec.paperMlp(1))) {
                model.step(Pictures.randomPairs(shape, 32, 1));
                model.save(dir, 0.5, Map.of());
            }
            float[] pixels = Pictures.random(shape, PICTURES, 5);
            int length = shape.length();
            float[][] single = new float[PICTURES][];
            for (int p = 0; p < PICTURES; p++) {
                single[p] = Arrays.copyOfRange(pixels, p * length, (p + 1) * length);
            }
            try (EmbeddingModel off = new TfBackend(base).load(dir);
                 EmbeddingModel on = new TfBackend(base.withCoalesceMaxBatch(maxBatch)).load(dir)) {
                System.out.printf("%d threads x %d single-picture embeds per block, %d rounds, paper MLP, %s, %d cores%n",
                        threads, calls, rounds, base, Runtime.getRuntime().availableProcessors());
                block(off, threads, calls / 4, single); // warm-up
                block(on, threads, calls / 4, single);
                List<Double> offRates = new ArrayList<>();
                List<Double> onRates = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    boolean offFirst = r % 2 == 0;
                    double first = block(offFirst ? off : on, threads, calls, single);
                    double second = block(offFirst ? on : off, threads, calls, single);
                    offRates.add(offFirst ? first : second);
                    onRates.add(offFirst ? second : first);
                    System.out.printf("round %d: off %,.0f pictures/s, on(%d) %,.0f pictures/s%n", r + 1,
                            offRates.get(r), maxBatch, onRates.get(r));
                }
                double offMedian = median(offRates);
                double onMedian = median(onRates);
                System.out.printf("median: off %,.0f pictures/s, on(%d) %,.0f pictures/s, ratio %.2fx%n",
                        offMedian, maxBatch, onMedian, onMedian / offMedian);
                EmbedCoalescer.Stats stats = ((TfEmbeddingModel) on).coalescingStats();
                System.out.printf("coalescer: %,d calls in %,d runs, mean %.1f pictures per run, largest %d%n",
                        stats.calls(), stats.runs(), stats.meanRun(), stats.largestRun());
                System.out.printf("single thread, off: %,.0f pictures/s%n", block(off, 1, calls, single));
                float maxDiff = 0;
                float[] batched = on.embed(pixels, PICTURES).toArray(); // one run of 256, as a coalesced batch would be
                for (int p = 0; p < PICTURES; p++) {
                    float[] row = off.embed(single[p], 1).toArray();
                    for (int k = 0; k < row.length; k++) {
                        maxDiff = Math.max(maxDiff, Math.abs(row[k] - batched[p * row.length + k]));
                    }
                }
                System.out.printf("largest |batch-1 - batch-%d| embedding difference: %.3g%n", PICTURES, maxDiff);
            }
        } finally {
            deleteTree(temp);
        }
    }

    /** Pictures per second for {@code threads} threads each making {@code calls} single-picture embeds. */
    private static double block(EmbeddingModel model, int threads, int calls, float[][] single) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < calls; i++) {
                        model.embed(single[(thread * 31 + i) % single.length], 1);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            w.start();
            workers.add(w);
        }
        start.await();
        long begin = System.nanoTime();
        for (Thread w : workers) {
            w.join();
        }
        return (double) threads * calls / ((System.nanoTime() - begin) / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
