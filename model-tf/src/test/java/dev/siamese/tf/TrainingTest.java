package dev.siamese.tf;

import dev.siamese.api.ModelException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.OptimizerSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Training lowers the loss on easy data, for the MLP and for conv twins on grey and colour pictures. */
class TrainingTest {

    private static float lossAfterTraining(ModelSpec spec, int steps, int pairs) {
        PairBatch held = Pictures.easyPairs(spec.input(), 64, 999);
        try (TrainableModel model = new TfBackend().create(spec)) {
            float before = model.loss(held);
            float first = 0;
            for (int i = 0; i < steps; i++) {
                float loss = model.step(Pictures.easyPairs(spec.input(), pairs, i));
                if (i == 0) {
                    first = loss;
                }
                assertThat(loss).isFinite();
            }
            float after = model.loss(held);
            assertThat(first).isGreaterThan(0f);
            assertThat(after).as("held-out loss before %s, after %s steps %s", before, steps, after)
                    .isLessThan(before * 0.6f);
            return after;
        }
    }

    private static ModelSpec spec(ImageShape shape, ArchitectureSpec architecture) {
        return new ModelSpec(shape, architecture, new LossSpec.Contrastive(2.0),
                new OptimizerSpec.Adam(1e-3, 0.9, 0.99, 1e-8), 17);
    }

    @Test
    void trainingTheMlpOnAnEasyTwoClassProblemLowersTheLoss() {
        lossAfterTraining(spec(ImageShape.digits(), new ArchitectureSpec.Mlp(List.of(64, 64), 2)), 40, 32);
    }

    @Test
    void aConvTwinOnGreyDigitsTrains() {
        lossAfterTraining(spec(ImageShape.digits(), ArchitectureSpec.ConvNet.paper(2, 8, 2)), 60, 32);
    }

    @Test
    void aConvTwinOnColourPicturesTrains() {
        lossAfterTraining(spec(new ImageShape(32, 32, 3), ArchitectureSpec.ConvNet.paper(3, 8, 2)), 30, 32);
    }

    @Test
    void aConvTwinWithOddSizesAndFewerPoolsBuildsAndSteps() {
        ImageShape odd = new ImageShape(7, 9, 1);
        try (TrainableModel model = new TfBackend().create(spec(odd, new ArchitectureSpec.ConvNet(3, 4, 3, 2, 3)))) {
            assertThat(model.step(Pictures.easyPairs(odd, 4, 1))).isFinite();
            assertThat(model.embed(Pictures.random(odd, 5, 2), 5).dimension()).isEqualTo(3);
            // 7x9 -> pool SAME 4x5 -> pool SAME 2x3 -> no pool: 2*3*4 inputs to the last layer.
            assertThat(model.weights().get("dense_0/kernel")).hasSize(2 * 3 * 4 * 3);
        }
    }

    @Test
    void stepReturnsTheLossBeforeItsUpdate() {
        try (TrainableModel model = new TfBackend().create(spec(ImageShape.digits(), new ArchitectureSpec.Mlp(List.of(16), 2)))) {
            PairBatch batch = Pictures.easyPairs(ImageShape.digits(), 8, 3);
            float before = model.loss(batch);
            assertThat(model.step(batch)).isEqualTo(before);
            assertThat(model.loss(batch)).isNotEqualTo(before);
        }
    }

    @Test
    void aBatchOfTheWrongShapeIsRefusedWithBothShapes() {
        try (TrainableModel model = new TfBackend().create(spec(ImageShape.digits(), new ArchitectureSpec.Mlp(List.of(8), 2)))) {
            PairBatch colour = Pictures.easyPairs(new ImageShape(32, 32, 3), 2, 1);
            assertThatThrownBy(() -> model.step(colour)).isInstanceOf(ModelException.class)
                    .hasMessageContaining("28x28x1").hasMessageContaining("32x32x3");
            assertThatThrownBy(() -> model.embed(new float[783], 1)).isInstanceOf(ModelException.class)
                    .hasMessageContaining("784");
        }
    }

    @Test
    void aClosedModelRefusesEveryUse() {
        TrainableModel model = new TfBackend().create(spec(ImageShape.digits(), new ArchitectureSpec.Mlp(List.of(8), 2)));
        PairBatch batch = Pictures.easyPairs(ImageShape.digits(), 2, 1);
        model.close();
        model.close(); // closing twice is harmless
        assertThatThrownBy(() -> model.step(batch)).isInstanceOf(ModelException.class).hasMessageContaining("is closed");
        assertThatThrownBy(() -> model.loss(batch)).isInstanceOf(ModelException.class).hasMessageContaining("is closed");
        assertThatThrownBy(() -> model.embed(new float[784], 1)).isInstanceOf(ModelException.class).hasMessageContaining("is closed");
        assertThatThrownBy(model::weights).isInstanceOf(ModelException.class).hasMessageContaining("is closed");
    }

    @Test
    void embeddingMoreThanOneChunkMatchesEmbeddingPictureByPicture() {
        ImageShape shape = new ImageShape(4, 4, 1);
        try (TrainableModel model = new TfBackend().create(spec(shape, new ArchitectureSpec.Mlp(List.of(8), 2)))) {
            int count = 1100;
            float[] pixels = Pictures.random(shape, count, 5);
            var all = model.embed(pixels, count);
            assertThat(all.count()).isEqualTo(count);
            float[] last = java.util.Arrays.copyOfRange(pixels, (count - 1) * 16, count * 16);
            assertThat(model.embed(last, 1).row(0)).containsExactly(all.row(count - 1), within(1e-5f));
            assertThat(model.embed(new float[0], 0).count()).isZero();
        }
    }
}
