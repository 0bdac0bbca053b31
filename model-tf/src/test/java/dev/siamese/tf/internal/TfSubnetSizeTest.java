package dev.siamese.tf.internal;

import dev.siamese.api.ModelException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A subnet whose weights cannot exist is refused before any graph is built or weight allocated. */
class TfSubnetSizeTest {

    private static final ImageShape DIGITS = new ImageShape(28, 28, 1);

    @Test
    void layersTooWideForOneArrayAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> TfSubnet.of(DIGITS, new ArchitectureSpec.Mlp(List.of(1 << 20, 1 << 20), 2)))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("model.mlp.hidden = [1048576, 1048576]")
                .hasMessageContaining("1,099,511,627,776 values")
                .hasMessageContaining("use narrower layers");
    }

    @Test
    void weightsBeyondTheHeapAreRefusedWithTheirSize() {
        // 784 x 65536 + 65536 + 65536 x 2 + 2 weights: 206 MB as floats
        TfSubnet wide = TfSubnet.of(DIGITS, new ArchitectureSpec.Mlp(List.of(65_536), 2));
        assertThatThrownBy(() -> wide.requireFits(new ArchitectureSpec.Mlp(List.of(65_536), 2), 128L << 20))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("51,576,834 weights: 196 MB as 32-bit floats")
                .hasMessageContaining("more than the 128 MB this Java may use");
        wide.requireFits(new ArchitectureSpec.Mlp(List.of(65_536), 2), 256L << 20);
        assertThat(wide.params()).hasSize(4);
    }
}
