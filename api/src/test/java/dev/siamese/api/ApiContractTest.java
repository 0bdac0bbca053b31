package dev.siamese.api;

import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.OptimizerSpec;
import dev.siamese.api.pairs.PairBatch;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiContractTest {

    @Test
    void apiModuleRequiresOnlyTheJdk() {
        ModuleDescriptor descriptor = SiameseException.class.getModule().getDescriptor();
        assertThat(descriptor).as("api must run on the module path").isNotNull();
        List<String> required = descriptor.requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(n -> !n.startsWith("java.")).collect(Collectors.toList());
        assertThat(required).as("api may depend on the JDK only").isEmpty();
    }

    @Test
    void imageRejectsPixelsOutsideUnitRangeAndWrongLength() {
        ImageShape shape = new ImageShape(2, 2, 1);
        assertThatThrownBy(() -> new Image(shape, new float[3])).hasMessageContaining("needs 4 pixel values, got 3");
        assertThatThrownBy(() -> new Image(shape, new float[] {0, 0, 1.5f, 0})).hasMessageContaining("1.5");
        assertThatThrownBy(() -> new Image(shape, new float[] {0, Float.NaN, 0, 0})).hasMessageContaining("NaN");
    }

    @Test
    void imageIsImmutable() {
        float[] pixels = {0.1f, 0.2f, 0.3f, 0.4f};
        Image image = new Image(new ImageShape(2, 2, 1), pixels);
        pixels[0] = 0.9f;
        image.pixels()[1] = 0.9f;
        assertThat(image.get(0, 0, 0)).isEqualTo(0.1f);
        assertThat(image.get(0, 1, 0)).isEqualTo(0.2f);
    }

    @Test
    void datasetRejectsLabelsOutsideClassRange() {
        assertThatThrownBy(() -> new InMemoryDataset("d", new ImageShape(1, 1, 1), new float[2], new int[] {0, 2},
                List.of("a", "b"))).hasMessageContaining("label 2 of picture 1");
    }

    @Test
    void pairBatchChecksSizesAndFlags() {
        ImageShape shape = new ImageShape(1, 2, 1);
        assertThatThrownBy(() -> new PairBatch(shape, new float[4], new float[2], new float[] {1, 0}))
                .hasMessageContaining("needs 4 values per side");
        assertThatThrownBy(() -> new PairBatch(shape, new float[2], new float[2], new float[] {0.5f}))
                .hasMessageContaining("0 or 1");
        PairBatch batch = new PairBatch(shape, new float[4], new float[4], new float[] {1, 0});
        assertThat(batch.similarCount()).isEqualTo(1);
        assertThat(batch.left().isReadOnly()).isTrue();
    }

    @Test
    void specsValidateTheirValues() {
        assertThatThrownBy(() -> new LossSpec.Contrastive(0)).hasMessageContaining("margin");
        assertThatThrownBy(() -> new LossSpec.Contrastive(-0.3)).hasMessageContaining("-0.3");
        assertThatThrownBy(() -> new OptimizerSpec.Adam(1e-4, 1.0, 0.99, 1e-8)).hasMessageContaining("beta1");
        assertThatThrownBy(() -> new ArchitectureSpec.ConvNet(2, 16, 3, 3, 2)).hasMessageContaining("pooling layers");
        assertThat(ArchitectureSpec.Mlp.paper().label()).isEqualTo("mlp-1024-1024-2");
    }
}
