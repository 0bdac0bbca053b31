package dev.siamese.api.pairs;

import dev.siamese.api.image.ImageShape;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PairBatchTest {
    private static final ImageShape ONE = new ImageShape(1, 1, 1);

    private static float[] values(FloatBuffer buffer) {
        float[] all = new float[buffer.remaining()];
        buffer.get(all);
        return all;
    }

    @Test
    void aLabelledBatchPairsTheFirstHalfWithTheSecondAndFlagsSameLabelsAsSimilar() {
        PairBatch batch = PairBatch.labelled(ONE, new float[] {10, 11, 12, 13, 14, 15}, new int[] {0, 1, 2, 0, 5, 2});
        assertThat(batch.size()).isEqualTo(3);
        assertThat(values(batch.left())).containsExactly(10, 11, 12);
        assertThat(values(batch.right())).containsExactly(13, 14, 15);
        assertThat(values(batch.similar())).containsExactly(1, 0, 1);
        IntBuffer labels = batch.labels().orElseThrow();
        int[] all = new int[labels.remaining()];
        labels.get(all);
        assertThat(all).containsExactly(0, 1, 2, 0, 5, 2);
        assertThat(batch.toString()).contains("labelled");
    }

    @Test
    void plainBatchesHaveNoLabels() {
        assertThat(new PairBatch(ONE, new float[] {1}, new float[] {2}, new float[] {1}).labels()).isEmpty();
    }

    @Test
    void otherPicturesKeepTheFlagsAndLabels() {
        PairBatch batch = PairBatch.labelled(ONE, new float[] {1, 2, 3, 4}, new int[] {7, 8, 7, 9});
        PairBatch moved = batch.withPictures(new float[] {5, 6}, new float[] {7, 8});
        assertThat(values(moved.left())).containsExactly(5, 6);
        assertThat(values(moved.similar())).containsExactly(1, 0);
        assertThat(moved.labels()).isPresent();
    }

    @Test
    void aLabelledBatchNeedsAnEvenNumberOfPicturesAndMatchingPixels() {
        assertThatThrownBy(() -> PairBatch.labelled(ONE, new float[3], new int[3])).hasMessageContaining("even number");
        assertThatThrownBy(() -> PairBatch.labelled(ONE, new float[3], new int[4])).hasMessageContaining("needs 4 values");
    }
}
