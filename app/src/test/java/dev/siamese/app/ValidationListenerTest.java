package dev.siamese.app;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.training.IterationEnd;
import org.junit.jupiter.api.Test;

import java.util.List;

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

    @Test
    void scoresAFixedPairSetAtTheInterval() {
        // embedding = the pixel value: same class -> distance 0, different -> >= 0.25
        ValidationListener listener = new ValidationListener((pixels, count) -> new Embeddings(count, 1, java.util.Arrays.copyOf(pixels, count)),
                dataset(), 200, 3, 10, 0, 0.3, null);
        for (int i = 1; i <= 30; i++) {
            listener.onIteration(at(i));
        }
        assertThat(listener.history()).extracting(v -> v.iteration()).containsExactly(10, 20, 30);
        assertThat(listener.history()).allSatisfy(v -> {
            assertThat(v.accuracy()).isEqualTo(1.0);
            assertThat(v.loss()).as("similar at 0, dissimilar at >= 0.25 inside margin 0.3").isBetween(0.0, 0.0013);
        });
        assertThat(listener.shouldStop()).isFalse();
    }

    @Test
    void stopsEarlyWhenAccuracyStopsImproving() {
        ValidationListener listener = new ValidationListener((pixels, count) -> new Embeddings(count, 1, new float[count]),
                dataset(), 100, 3, 5, 2, 0.3, null);
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
