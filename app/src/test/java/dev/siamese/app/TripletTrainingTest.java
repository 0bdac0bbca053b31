package dev.siamese.app;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.spi.Backends;
import dev.siamese.api.training.ValidationEnd;
import dev.siamese.config.Settings;
import dev.siamese.config.SettingsLoader;
import dev.siamese.data.readers.SyntheticDigits;
import dev.siamese.evaluation.verification.VerificationReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled {@code triplet-digits} experiment, shortened: the batch-hard triplet loss on class-balanced batches
 * trains an embedding model that calibrates, evaluates and reloads like any other.
 */
class TripletTrainingTest {

    /** Fewer pictures and iterations than the bundled run; the contrastive smoke run reaches about 0.91 here. */
    private static final List<String> SHORT = List.of("training.iterations=600", "training.validation.every=200",
            "data.synthetic-digits.train-size=3000", "data.synthetic-digits.test-size=600",
            "evaluation.calibration-pairs=1000", "evaluation.test-pairs=1000");

    @TempDir
    static Path output;
    static RunOutcome outcome;

    @BeforeAll
    static void trainOnce() {
        List<String> overrides = new java.util.ArrayList<>(SHORT);
        overrides.add("experiment.output-dir=" + output);
        outcome = Experiments.run(SettingsLoader.load("triplet-digits", overrides), RunOptions.silent());
    }

    @Test
    void recognitionRateIsFarAboveChance() {
        VerificationReport report = outcome.evaluation();
        assertThat(report.recognitionRate()).as("chance is 0.5").isGreaterThan(0.88);
        assertThat(report.nearestNeighbourAccuracy()).as("chance is 0.1").isGreaterThan(0.9);
        float[] loss = outcome.training().lossHistory();
        assertThat(loss).hasSize(600);
        assertThat(mean(loss, 550, 600)).isLessThan(mean(loss, 0, 20));
    }

    @Test
    void aBatchCountsAsHalfItsPicturesInPairs() throws Exception {
        String metrics = Files.readString(outcome.runDirectory().resolve("metrics.json"));
        assertThat(metrics).contains("\"batchPairs\" : 16");
    }

    @Test
    void theSavedModelRecordsTheTripletLossAndReloadsForEvaluation() {
        try (EmbeddingModel model = Backends.named("tensorflow").load(outcome.runDirectory().resolve("model"))) {
            assertThat(model.descriptor().spec().loss()).isEqualTo(new LossSpec.Triplet(1.0));
            assertThat(model.threshold()).isEqualTo(outcome.evaluation().threshold());
            DatasetSplits digits = SyntheticDigits.splits(20, 20, 2024);
            var a = digits.test().image(0);
            assertThat(model.compare(a, a).similar()).isTrue();
        }
        assertThat(Main.run("evaluate", "--quiet", outcome.runDirectory().toString())).isZero();
    }

    @Test
    void validationReportsTheContrastivePairLossOfATripletModel() throws Exception {
        List<String> lines = Files.readAllLines(outcome.runDirectory().resolve("validation.csv"));
        assertThat(lines).hasSize(4);
        for (String line : lines.subList(1, lines.size())) {
            for (String value : line.split(",")) {
                assertThat(Double.parseDouble(value)).as(line).isFinite();
            }
        }
    }

    @Test
    void tooFewClassesForABatchIsAnErrorNamingTheKeys(@TempDir Path dir) {
        Cli.Result r = Cli.run("train", "-e", "triplet-digits", "-q", "-o", dir.toString(),
                "--set", "training.batch-classes=12", "--set", "data.synthetic-digits.train-size=200",
                "--set", "data.synthetic-digits.test-size=100");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).startsWith("error: ").contains("siamese.training.batch-classes = 12")
                .contains("10 class(es)").doesNotContain("\tat ");
    }

    private static double mean(float[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
