package dev.siamese.tf;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * A by-hand speed check, not a unit test: trains the paper's 784-1024-1024-2 MLP on random 180-pair batches and
 * prints pairs per second. Arguments: steps (default 200), pairs per batch (default 180), intra-op and inter-op
 * threads (default 0 = TensorFlow's choice). Run from {@code model-tf} after {@code mvn test-compile}:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.siamese.tf.TfThroughputProbe}.
 */
public final class TfThroughputProbe {

    private TfThroughputProbe() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 180;
        TfOptions options = args.length > 3 ? new TfOptions(Integer.parseInt(args[2]), Integer.parseInt(args[3])) : TfOptions.defaults();
        List<PairBatch> batches = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batches.add(Pictures.randomPairs(ImageShape.digits(), pairs, i));
        }
        try (TrainableModel model = new TfBackend(options).create(ModelSpec.paperMlp(1))) {
            for (int i = 0; i < 20; i++) {
                model.step(batches.get(i)); // warm-up: kernel selection, allocator
            }
            long rssBefore = residentKiB();
            long start = System.nanoTime();
            float loss = 0;
            for (int i = 0; i < steps; i++) {
                loss = model.step(batches.get(i % batches.size()));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("paper MLP, %d steps of %d pairs (%s): %.2f s, %.1f ms/step, %.0f pairs/s, last loss %.4f%n",
                    steps, pairs, options, seconds, 1000 * seconds / steps, steps * (double) pairs / seconds, loss);
            System.out.printf("resident memory after warm-up %,d KiB, after the timed steps %,d KiB%n", rssBefore, residentKiB());
            batches.clear();
            float[] pixels = Pictures.random(ImageShape.digits(), 10_240, 3);
            start = System.nanoTime();
            model.embed(pixels, 10_240);
            seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("embedding 10,240 pictures: %.0f pictures/s%n", 10_240 / seconds);
        }
    }

    /** The process's resident set size from /proc (Linux), or -1. */
    private static long residentKiB() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
