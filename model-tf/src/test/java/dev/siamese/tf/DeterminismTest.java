package dev.siamese.tf;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Same seed and batches, same weights to the last bit (the framework's Adam fails this); another seed differs. */
class DeterminismTest {

    private static final int STEPS = 50;
    private static final List<PairBatch> BATCHES = new ArrayList<>();

    static {
        for (int i = 0; i < STEPS; i++) {
            BATCHES.add(Pictures.randomPairs(ImageShape.digits(), 64, 1000 + i));
        }
    }

    private static Map<String, float[]> train(long seed) {
        try (TrainableModel model = new TfBackend().create(ModelSpec.paperMlp(seed))) {
            for (PairBatch batch : BATCHES) {
                model.step(batch);
            }
            return model.weights();
        }
    }

    @Test
    void theSameSeedGivesBitIdenticalWeightsAndAdamSlots() {
        Map<String, float[]> first = train(42);
        Map<String, float[]> second = train(42);
        assertThat(second.keySet()).containsExactlyElementsOf(first.keySet());
        for (String name : first.keySet()) {
            assertThat(Arrays.equals(first.get(name), second.get(name))).as(name).isTrue();
        }
        // Training really moved the weights, so the comparison is not between two untouched initialisations.
        try (TrainableModel fresh = new TfBackend().create(ModelSpec.paperMlp(42))) {
            assertThat(Arrays.equals(fresh.weights().get("dense_0/kernel"), first.get("dense_0/kernel"))).isFalse();
        }

        Map<String, float[]> other = train(43);
        assertThat(Arrays.equals(first.get("dense_0/kernel"), other.get("dense_0/kernel"))).isFalse();
        assertThat(Arrays.equals(first.get("dense_2/kernel"), other.get("dense_2/kernel"))).isFalse();
    }

    @Test
    void restoringASnapshotContinuesTrainingBitForBit() {
        ModelSpec spec = new ModelSpec(ImageShape.digits(), new dev.siamese.api.model.ArchitectureSpec.Mlp(List.of(64), 2),
                dev.siamese.api.model.LossSpec.Contrastive.paper(), dev.siamese.api.model.OptimizerSpec.Adam.paper(), 5);
        try (TrainableModel straight = new TfBackend().create(spec);
             TrainableModel resumed = new TfBackend().create(spec.withSeed(6))) {
            for (int i = 0; i < 10; i++) {
                straight.step(BATCHES.get(i));
            }
            resumed.restore(straight.weights());
            for (int i = 10; i < 20; i++) {
                assertThat(resumed.step(BATCHES.get(i))).isEqualTo(straight.step(BATCHES.get(i)));
            }
            Map<String, float[]> a = straight.weights();
            Map<String, float[]> b = resumed.weights();
            for (String name : a.keySet()) {
                assertThat(Arrays.equals(a.get(name), b.get(name))).as(name).isTrue();
            }
        }
    }

    @Test
    void restoreRefusesASnapshotOfAnotherArchitecture() {
        try (TrainableModel model = new TfBackend().create(ModelSpec.paperMlp(1))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> model.restore(Map.of("dense_0/kernel", new float[3])))
                    .isInstanceOf(dev.siamese.api.ModelException.class).hasMessageContaining("another architecture");
        }
    }
}
