package dev.siamese.tf;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.OptimizerSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;

import java.util.List;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Pictures and classes shared by the tests of the losses of labelled batches (batch contrastive, triplet). */
final class LabelledBatchFixtures {

    /** Twelve pictures of four classes, some classes with three pictures, one class's pictures not adjacent. */
    static final int[] LABELS = {0, 0, 1, 1, 2, 2, 0, 1, 2, 3, 3, 3};

    private LabelledBatchFixtures() {
    }

    /**
     * Trains a small residual twin with {@code loss} on one batch of {@link #LABELS} (batch statistics), then checks
     * that the loss it reports in inference mode is {@code reference} of the embeddings it gives (moving averages) and
     * that training lowered the loss.
     */
    static void residualTwinTrainsAndReportsItsLossWithMovingAverages(LossSpec loss,
                                                                       BiFunction<Embeddings, int[], Double> reference) {
        ImageShape shape = new ImageShape(8, 8, 1);
        ArchitectureSpec.ResNet res = new ArchitectureSpec.ResNet(4,
                ArchitectureSpec.ResNet.stages(List.of(4, 8), List.of(1, 1)), ArchitectureSpec.ResNet.Downsampling.STRIDE,
                8, true, 0.9);
        try (TrainableModel model = new TfBackend().create(new ModelSpec(shape, res, loss,
                new OptimizerSpec.Adam(1e-3, 0.9, 0.99, 1e-8), 5))) {
            float[] pictures = Pictures.random(shape, LABELS.length, 1);
            PairBatch batch = PairBatch.labelled(shape, pictures, LABELS.clone());
            float first = model.step(batch);
            for (int i = 0; i < 30; i++) {
                assertThat(Float.isFinite(model.step(batch))).isTrue();
            }
            Embeddings e = model.embed(pictures, LABELS.length);
            assertThat((double) model.loss(batch)).as("inference-mode loss from the embeddings the model gives")
                    .isCloseTo(reference.apply(e, LABELS), within(1e-5));
            assertThat(model.step(batch)).isLessThan(first);
        }
    }
}
