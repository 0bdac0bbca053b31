package dev.siamese.api.model;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.internal.Resampling;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EmbeddingViewsTest {

    /** A 4x4 grey picture whose value is its column index: 0 1 2 3 on every row. */
    private static float[] columnRamp() {
        float[] p = new float[16];
        for (int i = 0; i < 16; i++) {
            p[i] = i % 4;
        }
        return p;
    }

    @Test
    void aHalfCropOfARampResamplesItsCentreBilinearly() {
        ImageShape shape = new ImageShape(4, 4, 1);
        float[] out = new float[16];
        Resampling.centreCrop(columnRamp(), 0, shape, 0.5, out, 0);
        // the centre 2 px (columns 1 and 2) stretched over 4: sample positions 0.75, 1.25, 1.75, 2.25
        for (int y = 0; y < 4; y++) {
            assertThat(new float[]{out[y * 4], out[y * 4 + 1], out[y * 4 + 2], out[y * 4 + 3]})
                    .containsExactly(new float[]{0.75f, 1.25f, 1.75f, 2.25f}, within(1e-6f));
        }
    }

    @Test
    void theWholePictureIsCopiedAndChannelsStayApart() {
        ImageShape shape = new ImageShape(3, 3, 3);
        float[] rgb = new float[27];
        for (int i = 0; i < 27; i++) {
            rgb[i] = i % 3 == 0 ? 0.2f : i % 3 == 1 ? 0.5f : 0.9f;
        }
        float[] whole = new float[27];
        Resampling.centreCrop(rgb, 0, shape, 1.0, whole, 0);
        assertThat(whole).containsExactly(rgb);
        float[] crop = new float[27];
        Resampling.centreCrop(rgb, 0, shape, 0.6, crop, 0);
        for (int i = 0; i < 27; i++) {
            assertThat(crop[i]).isCloseTo(rgb[i], within(1e-6f));
        }
    }

    @Test
    void embeddingsAreTheMeanOverViewsOfEachPictureInOrder() {
        ImageShape shape = new ImageShape(4, 4, 1);
        float[] two = new float[32];
        float[] ramp = columnRamp();
        System.arraycopy(ramp, 0, two, 0, 16);
        for (int i = 0; i < 16; i++) {
            two[16 + i] = 10 + ramp[i] * 2;
        }
        List<Integer> batchSizes = new ArrayList<>();
        // embeds a picture as (its mean value, its first pixel)
        Embedder embedder = (pixels, count) -> {
            batchSizes.add(count);
            float[] e = new float[count * 2];
            for (int i = 0; i < count; i++) {
                float sum = 0;
                for (int k = 0; k < 16; k++) {
                    sum += pixels[i * 16 + k];
                }
                e[i * 2] = sum / 16;
                e[i * 2 + 1] = pixels[i * 16];
            }
            return Embeddings.adopt(count, 2, e);
        };
        Embeddings e = new EmbeddingViews(List.of(1.0, 0.5)).embed(two, 2, shape, embedder);

        assertThat(batchSizes).containsExactly(4); // every view of every picture in one call
        // picture 1: whole (mean 1.5, first 0) and half crop (mean 1.5, first 0.75)
        assertThat(e.row(0)).containsExactly(new float[]{1.5f, 0.375f}, within(1e-6f));
        // picture 2 = 10 + 2 x ramp: whole (13, 10), crop (13, 11.5)
        assertThat(e.row(1)).containsExactly(new float[]{13f, 10.75f}, within(1e-5f));
    }

    @Test
    void thePictureAloneCallsTheEmbedderUnchanged() {
        float[] pixels = columnRamp();
        float[][] seen = new float[1][];
        EmbeddingViews.single().embed(pixels, 1, new ImageShape(4, 4, 1), (p, n) -> {
            seen[0] = p;
            return Embeddings.adopt(n, 1, new float[]{7f});
        });
        assertThat(seen[0]).isSameAs(pixels);
        assertThat(EmbeddingViews.single().isSingle()).isTrue();
        assertThat(new EmbeddingViews(List.of(1.0, 0.8)).isSingle()).isFalse();
        assertThat(new EmbeddingViews(List.of(0.8)).isSingle()).isFalse();
    }

    @Test
    void refusesEmptyOutOfRangeRepeatedAndMismatchedInput() {
        assertThatThrownBy(() -> new EmbeddingViews(List.of())).hasMessageContaining("1 to 16");
        assertThatThrownBy(() -> new EmbeddingViews(List.of(1.0, 1.2))).hasMessageContaining("[0.25, 1]").hasMessageContaining("1.2");
        assertThatThrownBy(() -> new EmbeddingViews(List.of(0.1))).hasMessageContaining("0.1");
        assertThatThrownBy(() -> new EmbeddingViews(List.of(0.8, 0.8))).hasMessageContaining("twice");
        assertThatThrownBy(() -> new EmbeddingViews(List.of(1.0, 0.8)).embed(new float[10], 1, new ImageShape(4, 4, 1),
                (p, n) -> Embeddings.adopt(n, 1, new float[n]))).hasMessageContaining("need 16 values, got 10");
    }

    @Test
    void aSpecCarriesItsViewsThroughItsCopies() {
        EmbeddingViews views = new EmbeddingViews(List.of(1.0, 0.8));
        ModelSpec spec = ModelSpec.paperMlp(3).withViews(views);
        assertThat(spec.withSeed(4).views()).isEqualTo(views);
        assertThat(spec.withInput(new ImageShape(32, 32, 3)).views()).isEqualTo(views);
        assertThat(ModelSpec.paperMlp(3).views().isSingle()).isTrue();
        assertThat(spec.label()).isEqualTo("mlp-1024-1024-2 views 1.0/0.8");
        assertThat(ModelSpec.paperMlp(3).label()).isEqualTo("mlp-1024-1024-2");
    }
}
