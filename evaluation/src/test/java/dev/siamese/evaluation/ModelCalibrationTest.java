package dev.siamese.evaluation;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.api.model.Embedder;
import dev.siamese.api.model.Embeddings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ModelCalibrationTest {

    /** Two-pixel pictures around a centre per class (4 classes), with noise. */
    private static InMemoryDataset split(String name, int count, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[count * 2];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 4;
            pixels[2 * i] = clamp(0.1f + 0.2f * labels[i] + (float) random.nextGaussian() * 0.03f);
            pixels[2 * i + 1] = clamp(0.5f + 0.2f * (labels[i] % 2) - 0.1f + (float) random.nextGaussian() * 0.15f);
        }
        return new InMemoryDataset(name, new ImageShape(1, 2, 1), pixels, labels, List.of("a", "b", "c", "d"));
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(1f, v));
    }

    private static final Embedder IDENTITY = (pixels, count) -> new Embeddings(count, 2, pixels.clone());

    private static final DatasetSplits SPLITS = new DatasetSplits("points", split("train", 400, 1), split("test", 200, 2));

    private static float[] testPixels() {
        float[] pixels = new float[400];
        for (int i = 0; i < 200; i++) {
            SPLITS.test().copyPixels(i, pixels, 2 * i);
        }
        return pixels;
    }

    private static EmbeddingEvaluator evaluator() {
        return new EmbeddingEvaluator(new EvaluationProtocol(200, 200, 3, 1));
    }

    @Test
    void withoutWhiteningItOnlyEvaluatesAndTheThresholdIsTheReports() {
        ModelCalibration c = ModelCalibration.calibrate(IDENTITY, SPLITS.train(), 0, 100, SPLITS, evaluator());
        assertThat(c.whitening()).isNull();
        assertThat(c.whiteningSample()).isZero();
        assertThat(c.threshold()).isEqualTo(c.report().verification().threshold()).isPositive();
        assertThat(c.testEmbeddings().toArray()).isEqualTo(IDENTITY.embed(testPixels(), 200).toArray());
    }

    @Test
    void whiteningIsFittedOnTheSampleAndEveryScoredEmbeddingGoesThroughIt() {
        AtomicInteger embedded = new AtomicInteger();
        Embedder counting = (pixels, count) -> {
            embedded.addAndGet(count);
            return IDENTITY.embed(pixels, count);
        };
        ModelCalibration c = ModelCalibration.calibrate(counting, SPLITS.train(), 0.1, 100, SPLITS, evaluator());
        assertThat(c.whitening()).isNotNull();
        assertThat(c.whiteningSample()).isEqualTo(100);
        assertThat(embedded.get()).as("the sample, then the test and training splits").isEqualTo(100 + 200 + 400);
        Embeddings raw = IDENTITY.embed(testPixels(), 200);
        assertThat(c.testEmbeddings().toArray()).isEqualTo(c.whitening().apply(raw).toArray());
        ModelCalibration plain = ModelCalibration.calibrate(IDENTITY, SPLITS.train(), 0, 100, SPLITS, evaluator());
        assertThat(c.threshold()).as("the threshold is calibrated on the whitened distances").isNotEqualTo(plain.threshold());
    }
}
