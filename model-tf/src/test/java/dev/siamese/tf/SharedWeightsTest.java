package dev.siamese.tf;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Both branches read one set of weights: identical pictures meet at distance ~0, the loss is the contrastive loss of
 * the shared embeddings, and the graph has one subnet.
 */
class SharedWeightsTest {

    @Test
    void identicalPicturesOnBothBranchesHaveIdenticalEmbeddingsAndNoLoss() {
        ImageShape shape = ImageShape.digits();
        try (TrainableModel model = new TfBackend().create(ModelSpec.paperMlp(3))) {
            float[] pictures = Pictures.random(shape, 8, 11);
            PairBatch same = new PairBatch(shape, pictures, pictures, new float[] {1, 1, 1, 1, 1, 1, 1, 1});
            // Both towers embed each picture to the same bits, so every pair's distance is sqrt(0 + epsilon) with the
            // graph's epsilon 1e-9 under the root, and the loss is 0.5 * 1e-9. Rounding of the float sqrt, square and
            // mean is a few parts in 1e7; a tower that differed by 1e-7 in one coordinate would add 0.5e-14 per pair,
            // 1e-5 of the loss, so a relative bound of 1e-5 separates the two.
            assertThat((double) model.loss(same)).isCloseTo(0.5 * 1e-9f, within(0.5 * 1e-9f * 1e-5));

            Embeddings a = model.embed(pictures, 8);
            Embeddings b = model.embed(pictures.clone(), 8);
            assertThat(a).isEqualTo(b);
            assertThat(a.distance(0, b, 0)).isZero();
            // the loss graph embeds left and right halves stacked in one batch: a picture on either side gets the
            // same bits as a picture embedded alone
            float[] stacked = new float[2 * pictures.length];
            System.arraycopy(pictures, 0, stacked, 0, pictures.length);
            System.arraycopy(pictures, 0, stacked, pictures.length, pictures.length);
            Embeddings both = model.embed(stacked, 16);
            for (int i = 0; i < 8; i++) {
                assertThat(both.row(i)).containsExactly(a.row(i));
                assertThat(both.row(8 + i)).containsExactly(a.row(i));
            }

            // A step on identical similar pairs has (almost) nothing to pull together.
            assertThat(model.step(same)).isLessThan(1e-6f);
        }
    }

    /**
     * The graph's loss for a fixed batch of eight pairs equals the contrastive loss computed here from the model's own
     * embeddings: similar pairs far apart, dissimilar pairs far apart (beyond the margin 0.3) and dissimilar pairs of
     * nearly the same picture (inside the margin), so each term of the loss counts.
     */
    @Test
    void theLossOfAMixedBatchEqualsTheContrastiveLossWorkedOutFromTheEmbeddings() {
        ImageShape shape = ImageShape.digits();
        double margin = 0.3;
        try (TrainableModel model = new TfBackend().create(ModelSpec.paperMlp(3))) {
            int n = 8;
            int length = shape.length();
            float[] left = Pictures.random(shape, n, 21);
            float[] right = Pictures.random(shape, n, 22);
            float[] similar = {1, 1, 0, 0, 0, 0, 1, 0};
            // pairs 4, 5 and 7: the right picture is the left one with pixel noise of 1e-4, so it embeds close by
            java.util.Random noise = new java.util.Random(23);
            for (int p : new int[] {4, 5, 7}) {
                for (int i = 0; i < length; i++) {
                    right[p * length + i] = left[p * length + i] + 1e-4f * (float) noise.nextGaussian();
                }
            }
            Embeddings l = model.embed(left, n);
            Embeddings r = model.embed(right, n);
            double expected = 0;
            int inside = 0;
            int beyond = 0;
            for (int p = 0; p < n; p++) {
                double squared = 0;
                for (int k = 0; k < l.dimension(); k++) {
                    double diff = l.get(p, k) - r.get(p, k);
                    squared += diff * diff;
                }
                double d = Math.sqrt(squared + 1e-9f);
                double shortfall = Math.max(margin - d, 0);
                expected += similar[p] == 1 ? 0.5 * d * d : 0.5 * shortfall * shortfall;
                if (similar[p] == 0) {
                    if (shortfall > 0) {
                        inside++;
                    } else {
                        beyond++;
                    }
                }
            }
            expected /= n;
            assertThat(inside).as("dissimilar pairs inside the margin").isGreaterThanOrEqualTo(2);
            assertThat(beyond).as("dissimilar pairs beyond the margin").isGreaterThanOrEqualTo(2);

            // float32 rounds each operation to 6e-8 relative; the distances, squares and mean take a few dozen of
            // them, so 1e-5 relative is a bound from rounding with a wide berth, far below any change of the formula
            float loss = model.loss(new PairBatch(shape, left, right, similar));
            assertThat((double) loss).isCloseTo(expected, within(1e-5 * expected));
        }
    }

    @Test
    void thePaperMlpHasExactlyOneSetOfSubnetVariables() {
        try (TrainableModel model = new TfBackend().create(ModelSpec.paperMlp(3))) {
            Map<String, Integer> subnet = model.weights().entrySet().stream()
                    .filter(e -> !e.getKey().startsWith("adam/"))
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().length));
            assertThat(subnet).containsOnly(
                    Map.entry("dense_0/kernel", 784 * 1024), Map.entry("dense_0/bias", 1024),
                    Map.entry("dense_1/kernel", 1024 * 1024), Map.entry("dense_1/bias", 1024),
                    Map.entry("dense_2/kernel", 1024 * 2), Map.entry("dense_2/bias", 2));
            // Adam: one first and one second moment per weight, plus the two beta powers.
            assertThat(model.weights()).hasSize(6 * 3 + 2)
                    .containsKeys("adam/dense_0/kernel/m", "adam/dense_0/kernel/v", "adam/beta1_power", "adam/beta2_power");
        }
    }

    @Test
    void weightsStartHeInitialisedWithZeroBiasesAndMoments() {
        try (TrainableModel model = new TfBackend().create(ModelSpec.paperMlp(5))) {
            Map<String, float[]> w = model.weights();
            assertThat(w.get("dense_0/bias")).containsOnly(0f);
            assertThat(w.get("adam/dense_0/kernel/m")).containsOnly(0f);
            assertThat(w.get("adam/beta1_power")).containsExactly(0.9f);
            assertThat(w.get("adam/beta2_power")).containsExactly(0.99f);
            // He normal: mean 0, standard deviation sqrt(2 / fan-in) for each layer's own fan-in. The sample mean of
            // N draws has standard error s / sqrt(N), the sample RMS s / sqrt(2N); five standard errors bound both.
            Map<String, Integer> fanIn = Map.of("dense_0/kernel", 784, "dense_1/kernel", 1024, "dense_2/kernel", 1024);
            fanIn.forEach((name, in) -> {
                float[] kernel = w.get(name);
                double sum = 0;
                double sumSquares = 0;
                for (float v : kernel) {
                    sum += v;
                    sumSquares += (double) v * v;
                }
                double std = Math.sqrt(2.0 / in);
                int n = kernel.length;
                assertThat(sum / n).as(name + " mean").isCloseTo(0, within(5 * std / Math.sqrt(n)));
                assertThat(Math.sqrt(sumSquares / n)).as(name + " RMS").isCloseTo(std, within(5 * std / Math.sqrt(2.0 * n)));
            });
        }
    }
}
