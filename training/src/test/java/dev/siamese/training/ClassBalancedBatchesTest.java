package dev.siamese.training;

import dev.siamese.config.SettingsException;
import dev.siamese.config.SettingsLoader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassBalancedBatchesTest {

    @Test
    void defaultsAreEightClassesOfFourPictures() {
        ClassBalancedBatches batches = ClassBalancedBatches.from(SettingsLoader.defaults());
        assertThat(batches).isEqualTo(new ClassBalancedBatches(8, 4));
        assertThat(batches.pictures()).isEqualTo(32);
    }

    @Test
    void readsBothKeys() {
        assertThat(ClassBalancedBatches.from(SettingsLoader.load(null,
                List.of("training.batch-classes=10", "training.batch-per-class=6")))).isEqualTo(new ClassBalancedBatches(10, 6));
    }

    @Test
    void badValuesNameTheKeyAndWhereItWasSet() {
        assertThatThrownBy(() -> ClassBalancedBatches.from(SettingsLoader.load(null, List.of("training.batch-classes=1"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.training.batch-classes = 1")
                .hasMessageContaining("set in");
        assertThatThrownBy(() -> ClassBalancedBatches.from(SettingsLoader.load(null,
                List.of("training.batch-classes=3", "training.batch-per-class=5"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.training.batch-per-class")
                .hasMessageContaining("must be even");
    }
}
