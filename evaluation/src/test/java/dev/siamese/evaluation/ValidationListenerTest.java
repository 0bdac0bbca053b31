package dev.siamese.evaluation;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.ModelDescriptor;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;
import dev.siamese.api.training.IterationEnd;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class ValidationListenerTest {

    /** 40 one-pixel pictures whose value encodes their class (0..3). */
    private static InMemoryDataset dataset() {
        float[] pixels = new float[40];
        int[] labels = new int[40];
        for (int i = 0; i < 40; i++) {
            labels[i] = i % 4;
            pixels[i] = labels[i] / 4f;
        }
        return new InMemoryDataset("tiny", new ImageShape(1, 1, 1), pixels, labels, List.of("a", "b", "c", "d"));
    }

    private static IterationEnd at(int iteration) {
        return new IterationEnd(iteration, 100, 0.1f, 1, 1);
    }

    /**
     * A one-pixel "model": the embedding is what {@code embedding} makes of the pixel, and its loss is the
     * contrastive loss with margin 0.3 over those embeddings; it records the batch sizes it was asked to score.
     */
    private static class PixelModel implements TrainableModel {
        final UnaryOperator<Float> embedding;
        final List<Integer> lossBatches = new ArrayList<>();

        PixelModel(UnaryOperator<Float> embedding) {
            this.embedding = embedding;
        }

        @Override
        public Embeddings embed(float[] pixels, int count) {
            float[] out = new float[count];
            for (int i = 0; i < count; i++) {
                out[i] = embedding.apply(pixels[i]);
            }
            return new Embeddings(count, 1, out);
        }

        @Override
        public float loss(PairBatch batch) {
            lossBatches.add(batch.size());
            float[] l = new float[batch.size()];
            float[] r = new float[batch.size()];
            float[] y = new float[batch.size()];
            batch.left().get(l);
            batch.right().get(r);
            batch.similar().get(y);
            double sum = 0;
            for (int i = 0; i < l.length; i++) {
                double d = Math.abs(embedding.apply(l[i]) - embedding.apply(r[i]));
                double hinge = Math.max(0.3 - d, 0);
                sum += y[i] == 1f ? 0.5 * d * d : 0.5 * hinge * hinge;
            }
            return (float) (sum / l.length);
        }

        @Override
        public ModelSpec spec() {
            throw new UnsupportedOperationException();
        }

        @Override
        public float step(PairBatch batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, float[]> weights() {
            return Map.of();
        }

        @Override
        public void restore(Map<String, float[]> snapshot) {
        }

        @Override
        public ModelDescriptor save(Path directory, double threshold, dev.siamese.api.model.EmbeddingWhitening whitening,
                                    Map<String, String> provenance) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void scoresAFixedPairSetAtTheIntervalWithTheModelsOwnLoss() {
        // embedding = the pixel value: same class -> distance 0, different -> >= 0.25
        PixelModel model = new PixelModel(v -> v);
        ValidationListener listener = new ValidationListener(model, dataset(), 300, 3, 10, 0, null);
        for (int i = 1; i <= 30; i++) {
            listener.onIteration(at(i));
        }
        assertThat(listener.history()).extracting(v -> v.iteration()).containsExactly(10, 20, 30);
        assertThat(listener.history()).allSatisfy(v -> {
            assertThat(v.accuracy()).isEqualTo(1.0);
            assertThat(v.loss()).as("similar at 0, dissimilar at >= 0.25 inside margin 0.3").isBetween(1e-6, 0.0013);
        });
        assertThat(model.lossBatches).as("300 pairs scored in chunks of at most %d, three times", ValidationListener.LOSS_CHUNK)
                .containsExactly(256, 44, 256, 44, 256, 44);
        assertThat(listener.shouldStop()).isFalse();
    }

    @Test
    void theLossIsTheModelsNotARecomputation() {
        PixelModel model = new PixelModel(v -> v) {
            @Override
            public float loss(PairBatch batch) {
                return 7f;
            }
        };
        ValidationListener listener = new ValidationListener(model, dataset(), 100, 3, 5, 0, null);
        listener.onIteration(at(5));
        assertThat(listener.history()).singleElement().satisfies(v -> assertThat(v.loss()).isEqualTo(7.0));
    }

    @Test
    void stopsEarlyWhenAccuracyStopsImproving() {
        ValidationListener listener = new ValidationListener(new PixelModel(v -> 0f), dataset(), 100, 3, 5, 2, null);
        for (int i = 1; i <= 10; i++) {
            listener.onIteration(at(i));
        }
        assertThat(listener.shouldStop()).as("one validation, the best so far").isFalse();
        for (int i = 11; i <= 15; i++) {
            listener.onIteration(at(i));
        }
        assertThat(listener.shouldStop()).as("two validations without improvement").isTrue();
        assertThat(listener.best()).contains(0.5);
    }
}
