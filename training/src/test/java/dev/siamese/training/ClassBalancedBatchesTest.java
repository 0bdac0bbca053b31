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
    void theTrainingSettingsCarryThemAndTheDefaultIsTheReferenceOne() {
        assertThat(TrainingSettings.from(SettingsLoader.load(null,
                List.of("training.batch-classes=10", "training.batch-per-class=6"))).classBatches())
                .isEqualTo(new ClassBalancedBatches(10, 6));
        assertThat(new TrainingSettings(10, 2, 0.5, 1).classBatches())
                .isEqualTo(ClassBalancedBatches.DEFAULT).isEqualTo(ClassBalancedBatches.from(SettingsLoader.defaults()));
    }

    @Test
    void batchesOfPxKOverTwoPairsKeepTheScheduleAndTheOtherSettings() {
        TrainingSettings cosine = TrainingSettings.from(SettingsLoader.load(null, List.of("training.batch-classes=10",
                "training.batch-per-class=6", "training.schedule.kind=cosine", "training.average-weights.from=0.5")));

        TrainingSettings triplet = cosine.withBatchPairs(30);

        assertThat(triplet.batchPairs()).isEqualTo(30);
        assertThat(triplet).isEqualTo(new TrainingSettings(cosine.iterations(), 30, cosine.similarProbability(),
                cosine.logEvery(), cosine.checkpointEvery(), cosine.keepCheckpoints(), cosine.averageFrom(),
                cosine.averageEvery(), cosine.schedule(), cosine.classBatches()));
        assertThat(triplet.schedule().isConstant()).as("the schedule is kept").isFalse();
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
