package dev.siamese.api.model;

import dev.siamese.api.ModelException;
import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EnsembleModelTest {
    private static final ImageShape SHAPE = new ImageShape(2, 2, 1);

    /** Embeds a picture as {@code dimension} copies of its pixel sum times {@code scale}. */
    static final class FakeModel implements EmbeddingModel {
        final ImageShape shape;
        final int dimension;
        final float scale;
        final double threshold;
        final List<String> log;
        final String name;

        FakeModel(String name, ImageShape shape, int dimension, float scale, double threshold, List<String> log) {
            this.name = name;
            this.shape = shape;
            this.dimension = dimension;
            this.scale = scale;
            this.threshold = threshold;
            this.log = log;
        }

        @Override
        public ModelDescriptor descriptor() {
            return new ModelDescriptor(ModelDescriptor.FORMAT_VERSION, "fake", "0", ModelSpec.paperMlp(1).withInput(shape),
                    threshold, Map.of("name", name));
        }

        @Override public ImageShape inputShape() { return shape; }
        @Override public int embeddingDimension() { return dimension; }

        @Override
        public Embeddings embed(float[] pixels, int count) {
            float[] values = new float[count * dimension];
            for (int i = 0; i < count; i++) {
                float sum = 0;
                for (int p = 0; p < shape.length(); p++) {
                    sum += pixels[i * shape.length() + p];
                }
                for (int d = 0; d < dimension; d++) {
                    values[i * dimension + d] = sum * scale * (d + 1);
                }
            }
            return new Embeddings(count, dimension, values);
        }

        @Override
        public void close() {
            log.add("closed " + name);
            if (name.startsWith("failing")) {
                throw new IllegalStateException(name + " could not close");
            }
        }
    }

    private static Image picture(float... pixels) {
        return new Image(SHAPE, pixels);
    }

    @Test
    void theDistanceIsTheNormOfTheMembersDistances() {
        List<String> log = new ArrayList<>();
        FakeModel a = new FakeModel("a", SHAPE, 2, 1f, 0.3, log);
        FakeModel b = new FakeModel("b", SHAPE, 3, 0.5f, 0.4, log);
        Image x = picture(0, 0.1f, 0.2f, 0.3f);
        Image y = picture(0.5f, 0.1f, 0.9f, 0.3f);
        try (EnsembleModel ensemble = EnsembleModel.of(List.of(a, b))) {
            assertThat(ensemble.embeddingDimension()).isEqualTo(5);
            assertThat(ensemble.inputShape()).isEqualTo(SHAPE);
            assertThat(ensemble.threshold()).isCloseTo(0.5, within(1e-12));
            assertThat(ensemble.descriptor().provenance()).containsEntry("name", "a");
            double da = a.distance(x, y);
            double db = b.distance(x, y);
            assertThat(da).isPositive();
            assertThat(ensemble.distance(x, y)).isCloseTo(Math.sqrt(da * da + db * db), within(1e-5));
            // rows are the members' embeddings side by side, in member order
            Embeddings both = ensemble.embed(List.of(x, y));
            assertThat(both.row(1)).containsExactly(concat(a.embed(y), b.embed(y)));
            assertThat(ensemble.compare(x, y).similar()).isEqualTo(ensemble.distance(x, y) < 0.5);
        }
        assertThat(log).containsExactly("closed a", "closed b");
    }

    @Test
    void refusesNoMembersAndMembersOfDifferentShapes() {
        List<String> log = new ArrayList<>();
        assertThatThrownBy(() -> EnsembleModel.of(List.of())).isInstanceOf(ModelException.class)
                .hasMessageContaining("at least one");
        FakeModel small = new FakeModel("a", SHAPE, 2, 1f, 0.3, log);
        FakeModel rgb = new FakeModel("b", new ImageShape(2, 2, 3), 2, 1f, 0.3, log);
        assertThatThrownBy(() -> EnsembleModel.of(List.of(small, rgb))).isInstanceOf(ModelException.class)
                .hasMessageContaining("model 2 takes 2x2x3").hasMessageContaining("model 1 takes 2x2x1");
    }

    @Test
    void closingClosesEveryMemberEvenWhenOneFails() {
        List<String> log = new ArrayList<>();
        EnsembleModel ensemble = EnsembleModel.of(List.of(new FakeModel("failing-a", SHAPE, 1, 1f, 1, log),
                new FakeModel("b", SHAPE, 1, 1f, 1, log), new FakeModel("failing-c", SHAPE, 1, 1f, 1, log)));
        assertThatThrownBy(ensemble::close).hasMessageContaining("failing-a")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(log).containsExactly("closed failing-a", "closed b", "closed failing-c");
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] all = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, o, p.length);
            o += p.length;
        }
        return all;
    }
}
