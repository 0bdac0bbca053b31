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

/** Both branches read one set of weights: identical pictures meet at distance ~0 and the graph has one subnet. */
class SharedWeightsTest {

    @Test
    void identicalPicturesOnBothBranchesHaveIdenticalEmbeddingsAndNoLoss() {
        ImageShape shape = ImageShape.digits();
        try (TrainableModel model = new TfBackend().create(ModelSpec.paperMlp(3))) {
            float[] pictures = Pictures.random(shape, 8, 11);
            PairBatch same = new PairBatch(shape, pictures, pictures, new float[] {1, 1, 1, 1, 1, 1, 1, 1});
            assertThat(model.loss(same)).isLessThan(1e-6f);

            Embeddings a = model.embed(pictures, 8);
            Embeddings b = model.embed(pictures.clone(), 8);
            assertThat(a).isEqualTo(b);
            assertThat(a.distance(0, b, 0)).isZero();

            // A step on identical similar pairs has (almost) nothing to pull together.
            assertThat(model.step(same)).isLessThan(1e-6f);
            PairBatch different = new PairBatch(shape, pictures, Pictures.random(shape, 8, 12), new float[8]);
            assertThat(model.loss(different)).isGreaterThanOrEqualTo(0f);
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
            float[] kernel = w.get("dense_0/kernel");
            double sumSquares = 0;
            for (float v : kernel) {
                sumSquares += v * v;
            }
            assertThat(Math.sqrt(sumSquares / kernel.length)).isCloseTo(Math.sqrt(2.0 / 784), within(0.002));
        }
    }
}
