package dev.siamese.training;

import com.typesafe.config.ConfigFactory;
import dev.siamese.config.Settings;
import dev.siamese.config.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.siamese.training.LearningRateSchedule.Kind.CONSTANT;
import static dev.siamese.training.LearningRateSchedule.Kind.COSINE;
import static dev.siamese.training.LearningRateSchedule.Kind.STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LearningRateScheduleTest {

    @TempDir
    Path dir;

    @Test
    void theConstantScheduleIsExactlyOneEverywhere() {
        LearningRateSchedule constant = LearningRateSchedule.constant();
        assertThat(constant.isConstant()).isTrue();
        for (int i = 1; i <= 100; i++) {
            assertThat(constant.factor(i, 100)).isEqualTo(1.0);
        }
    }

    @Test
    void warmUpRisesLinearlyToTheFullRate() {
        LearningRateSchedule s = new LearningRateSchedule(CONSTANT, 10, 0, 1, 1);
        assertThat(s.isConstant()).isFalse();
        assertThat(s.factor(1, 100)).isEqualTo(0.1);
        assertThat(s.factor(5, 100)).isEqualTo(0.5);
        assertThat(s.factor(10, 100)).isEqualTo(1.0);
        assertThat(s.factor(11, 100)).isEqualTo(1.0);
        assertThat(s.factor(100, 100)).isEqualTo(1.0);
    }

    @Test
    void cosineStartsAtTheFullRateAfterTheWarmUpAndEndsAtTheMinFactor() {
        LearningRateSchedule s = new LearningRateSchedule(COSINE, 10, 0.01, 1, 1);
        assertThat(s.factor(5, 110)).isEqualTo(0.5);
        assertThat(s.factor(11, 110)).isEqualTo(1.0);
        // the middle of iterations 11..110
        assertThat(s.factor(60, 110)).isCloseTo(0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * 49 / 99)), within(1e-12));
        assertThat(s.factor(110, 110)).isCloseTo(0.01, within(1e-12));
        for (int i = 12; i <= 110; i++) {
            assertThat(s.factor(i, 110)).isLessThan(s.factor(i - 1, 110));
        }
    }

    @Test
    void stepDecayMultipliesByTheFactorEveryEveryIterationsAfterTheWarmUp() {
        LearningRateSchedule s = new LearningRateSchedule(STEP, 5, 0, 0.5, 10);
        assertThat(s.factor(5, 100)).isEqualTo(1.0);
        assertThat(s.factor(6, 100)).isEqualTo(1.0);
        assertThat(s.factor(15, 100)).isEqualTo(1.0);
        assertThat(s.factor(16, 100)).isEqualTo(0.5);
        assertThat(s.factor(26, 100)).isEqualTo(0.25);
        assertThat(s.factor(100, 100)).isEqualTo(Math.pow(0.5, 9));
    }

    @Test
    void readsTheSettingsAndNamesTheKeyOfABadValue() {
        Settings cosine = settings("siamese.training.schedule { kind = cosine, warmup-iterations = 50, min-factor = 0.05 }");
        assertThat(TrainingSettings.from(cosine).schedule()).isEqualTo(new LearningRateSchedule(COSINE, 50, 0.05, 0.1, 1000));
        assertThat(TrainingSettings.from(settings("")).schedule().isConstant()).as("the default").isTrue();
        assertThatThrownBy(() -> TrainingSettings.from(settings("siamese.training.schedule.kind = linear")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.training.schedule.kind");
        assertThatThrownBy(() -> TrainingSettings.from(settings("siamese.training.schedule.min-factor = 2")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.training.schedule.min-factor");
        assertThatThrownBy(() -> TrainingSettings.from(settings("siamese.training.schedule.factor = 0")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.training.schedule.factor");
    }

    private static Settings settings(String text) {
        return new Settings(ConfigFactory.parseString(text).withFallback(ConfigFactory.load()).resolve());
    }

    @Test
    void theTrainerFeedsEachIterationsFactorAndAResumedRunFollowsTheSameSchedule() {
        TrainingSettings settings = new TrainingSettings(30, 2, 0.5, 10, 10, 2)
                .withSchedule(new LearningRateSchedule(COSINE, 5, 0.1, 1, 1));
        TrainerTest.RecordingModel straight = new TrainerTest.RecordingModel();
        new Trainer().train(new TrainingRun(straight, new TrainerTest.CountingSampler(), settings, List.of(), "d", "b",
                "{}"));
        List<Double> expected = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            expected.add(settings.schedule().factor(i, 30));
        }
        assertThat(straight.factors).containsExactlyElementsOf(expected);

        CheckpointStore store = new CheckpointStore(dir, 2);
        new Trainer().train(new TrainingRun(new TrainerTest.RecordingModel(), new TrainerTest.CountingSampler(),
                settings, List.of(), "d", "b", "{}", Optional.of(store), Optional.empty()));
        TrainerTest.RecordingModel resumed = new TrainerTest.RecordingModel();
        new Trainer().train(new TrainingRun(resumed, new TrainerTest.CountingSampler(), settings, List.of(), "d", "b",
                "{}", Optional.of(store), Optional.of(new Checkpoint(20, new float[20],
                java.util.Map.of("loss", new float[] {1f})))));
        assertThat(resumed.factors).containsExactlyElementsOf(expected.subList(20, 30));
    }

    @Test
    void aConstantScheduleTakesPlainSteps() {
        TrainerTest.RecordingModel model = new TrainerTest.RecordingModel();
        new Trainer().train(new TrainingRun(model, new TrainerTest.CountingSampler(),
                new TrainingSettings(5, 2, 0.5, 10), List.of(), "d", "b", "{}"));
        assertThat(model.factors).isEmpty();
        assertThat(model.seen).hasSize(5);
    }
}
