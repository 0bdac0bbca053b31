package dev.siamese.tf;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.pairs.PairBatch;

import java.util.Random;

/** Small generated pictures and pair batches for the tests: two easy classes, bright left half vs bright right half. */
final class Pictures {

    private Pictures() {
    }

    /** One picture of {@code kind} 0 (left half bright) or 1 (right half bright), with a little noise. */
    static void picture(ImageShape shape, int kind, Random random, float[] into, int offset) {
        int i = offset;
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                boolean leftHalf = x < shape.width() / 2;
                float base = (leftHalf == (kind == 0)) ? 0.8f : 0.1f;
                for (int c = 0; c < shape.channels(); c++) {
                    into[i++] = base + 0.1f * (float) random.nextGaussian();
                }
            }
        }
    }

    /** {@code n} pairs, alternately similar (same kind) and dissimilar, deterministic for {@code seed}. */
    static PairBatch easyPairs(ImageShape shape, int n, long seed) {
        Random random = new Random(seed);
        int length = shape.length();
        float[] left = new float[n * length];
        float[] right = new float[n * length];
        float[] similar = new float[n];
        for (int p = 0; p < n; p++) {
            int a = random.nextInt(2);
            boolean same = p % 2 == 0;
            int b = same ? a : 1 - a;
            picture(shape, a, random, left, p * length);
            picture(shape, b, random, right, p * length);
            similar[p] = same ? 1f : 0f;
        }
        return PairBatch.adopt(shape, left, right, similar);
    }

    /** {@code count} uniformly random pictures in [0, 1), deterministic for {@code seed}. */
    static float[] random(ImageShape shape, int count, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[count * shape.length()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        return pixels;
    }

    /** {@code n} random pairs with random flags, as the throughput probe and determinism test use. */
    static PairBatch randomPairs(ImageShape shape, int n, long seed) {
        Random random = new Random(seed);
        float[] left = random(shape, n, random.nextLong());
        float[] right = random(shape, n, random.nextLong());
        float[] similar = new float[n];
        for (int i = 0; i < n; i++) {
            similar[i] = random.nextBoolean() ? 1f : 0f;
        }
        return PairBatch.adopt(shape, left, right, similar);
    }
}
