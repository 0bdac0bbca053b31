package dev.siamese.tf;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.ModelDescriptorJson;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.OptimizerSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** L2-normalised embeddings of the MLP and the conv twin: unit length, trained, saved and reloaded with the model. */
class NormalizedEmbeddingsTest {

    private static final ImageShape SHAPE = new ImageShape(8, 8, 3);

    @TempDir
    Path temp;

    private static List<ModelSpec> specs() {
        OptimizerSpec adam = new OptimizerSpec.Adam(1e-3, 0.9, 0.99, 1e-8);
        return List.of(
                new ModelSpec(SHAPE, new ArchitectureSpec.Mlp(List.of(16), 6, true), new LossSpec.Contrastive(1.0), adam, 3),
                new ModelSpec(SHAPE, new ArchitectureSpec.ConvNet(2, 4, 3, 2, 6, false, true),
                        new LossSpec.Triplet(0.5, true), adam, 4));
    }

    /** Easy pairs for the contrastive loss; for the triplet loss, random pictures of four classes of three. */
    private static PairBatch batch(ModelSpec spec, int seed) {
        if (spec.loss() instanceof LossSpec.Triplet) {
            return PairBatch.labelled(SHAPE, Pictures.random(SHAPE, 12, seed), new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3});
        }
        return Pictures.easyPairs(SHAPE, 8, seed);
    }

    private static void assertUnitRows(Embeddings e, String what) {
        for (int i = 0; i < e.count(); i++) {
            double squared = 0;
            for (float v : e.row(i)) {
                squared += v * v;
            }
            assertThat(Math.sqrt(squared)).as("%s: length of embedding %d", what, i).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void embeddingsHaveLengthOneAndReloadIdentically() {
        float[] pixels = Pictures.random(SHAPE, 12, 5);
        for (ModelSpec spec : specs()) {
            String label = spec.architecture().label();
            assertThat(label).endsWith("-l2");
            Path dir = temp.resolve(label);
            Embeddings trained;
            try (TrainableModel model = new TfBackend().create(spec)) {
                assertUnitRows(model.embed(pixels, 12), label + " before training");
                for (int i = 0; i < 5; i++) {
                    assertThat(model.step(batch(spec, i))).isFinite();
                }
                trained = model.embed(pixels, 12);
                assertUnitRows(trained, label + " after training");
                model.save(dir, 0.4, Map.of());
            }
            assertThat(ModelDescriptorJson.read(dir.resolve(ModelDescriptorJson.FILE_NAME)).spec()).isEqualTo(spec);
            try (EmbeddingModel loaded = new TfBackend().load(dir)) {
                assertThat(loaded.embed(pixels, 12)).as(label + " reloaded").isEqualTo(trained);
            }
        }
    }

    @Test
    void withoutTheOptionEmbeddingsAreNotNormalised() {
        ModelSpec plain = new ModelSpec(SHAPE, new ArchitectureSpec.Mlp(List.of(16), 6), new LossSpec.Contrastive(1.0),
                OptimizerSpec.Adam.paper(), 3);
        try (TrainableModel model = new TfBackend().create(plain)) {
            float[] row = model.embed(Pictures.random(SHAPE, 1, 5), 1).row(0);
            double squared = 0;
            for (float v : row) {
                squared += v * v;
            }
            assertThat(Math.sqrt(squared)).isNotCloseTo(1.0, within(1e-3));
        }
    }
}
