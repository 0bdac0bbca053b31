package dev.siamese.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.EmbeddingViews;
import dev.siamese.api.spi.Backends;
import dev.siamese.config.Settings;
import dev.siamese.config.SettingsLoader;
import dev.siamese.data.readers.SyntheticDigits;
import dev.siamese.evaluation.verification.VerificationReport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the assembled application (all modules, on the module path) on a small synthetic-digits experiment. */
class EndToEndTest {

    @TempDir
    static Path output;
    static RunOutcome outcome;
    static String console;

    @BeforeAll
    static void trainOnce() {
        Settings settings = SettingsLoader.load("smoke", List.of("experiment.output-dir=" + output));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        outcome = Experiments.run(settings, new RunOptions(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, List.of()));
        console = bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runDirectoryHoldsEveryArtifactAndIsMarkedComplete() throws IOException {
        Path run = outcome.runDirectory();
        assertThat(run.getParent()).isEqualTo(output);
        assertThat(run.resolve("config.conf")).isRegularFile();
        assertThat(run.resolve("loss.csv")).isRegularFile();
        assertThat(run.resolve("metrics.json")).isRegularFile();
        assertThat(run.resolve("model/siamese-model.json")).isRegularFile();
        assertThat(run.resolve(RunDirectory.COMPLETE_MARKER)).isRegularFile();
        assertThat(run.resolve("report.md")).isRegularFile();
        assertThat(run.resolve("report.html")).isRegularFile();
        assertThat(run.resolve("validation.csv")).isRegularFile();
        try (var figures = java.nio.file.Files.list(run.resolve("figures"))) {
            assertThat(figures.map(p -> p.getFileName().toString()).toList()).hasSizeGreaterThanOrEqualTo(5)
                    .allMatch(n -> n.endsWith(".png"));
        }
    }

    @Test
    void lossFallsAndRecognitionRateIsFarAboveChance() {
        float[] loss = outcome.training().lossHistory();
        assertThat(loss).hasSize(300);
        assertThat(mean(loss, 250, 300)).isLessThan(0.7 * mean(loss, 0, 20));
        VerificationReport report = outcome.evaluation();
        assertThat(report.recognitionRate()).as("chance is 0.5").isGreaterThan(0.85);
        assertThat(report.rocAuc()).isGreaterThan(0.93);
        assertThat(report.nearestNeighbourAccuracy()).as("chance is 0.1").isGreaterThan(0.8);
    }

    @Test
    void consoleShowsProgressAndTheMetrics() {
        assertThat(console).contains("iteration", "pairs/s", "recognition rate:", "ROC AUC:", "EER:", "1-NN accuracy:",
                "wall time:");
    }

    @Test
    void metricsJsonAndLossCsvMatchTheOutcome() throws IOException {
        JsonNode metrics = new ObjectMapper().readTree(outcome.runDirectory().resolve("metrics.json").toFile());
        assertThat(metrics.at("/evaluation/recognitionRate").asDouble()).isEqualTo(outcome.evaluation().recognitionRate());
        assertThat(metrics.at("/training/iterations").asInt()).isEqualTo(300);
        assertThat(metrics.at("/provenance/seed").asText()).isEqualTo("42");
        List<String> csv = Files.readAllLines(outcome.runDirectory().resolve("loss.csv"));
        assertThat(csv).hasSize(301).first().isEqualTo("iteration,loss");
    }

    /**
     * Every field of {@code metrics.json}'s {@code evaluation} object, and no other, comes back from {@code siamese
     * evaluate RUN} in {@code evaluation.json}: numbers within 1e-9 (they are recomputed from the saved model), text
     * and flags equal. The fields are those of {@link dev.siamese.evaluation.EvaluationReport#toMap()}; the ones named
     * in {@link #EVALUATION_FIELDS} must be present in both files, so a field dropped from either fails the test.
     */
    @Test
    void evaluateRunWritesAnEvaluationJsonEqualToTheMetricsJsonFieldByField() throws IOException {
        Path run = outcome.runDirectory();
        Files.deleteIfExists(run.resolve("evaluation.json"));
        assertThat(Main.run("evaluate", "--quiet", run.toString())).isZero();

        ObjectMapper json = new ObjectMapper();
        JsonNode trained = json.readTree(run.resolve("metrics.json").toFile()).path("evaluation");
        JsonNode evaluated = json.readTree(run.resolve("evaluation.json").toFile());
        List<String> trainedFields = new java.util.ArrayList<>();
        trained.fieldNames().forEachRemaining(trainedFields::add);
        List<String> evaluatedFields = new java.util.ArrayList<>();
        evaluated.fieldNames().forEachRemaining(evaluatedFields::add);
        assertThat(trainedFields).as("metrics.json evaluation fields").containsAll(EVALUATION_FIELDS);
        assertThat(evaluatedFields).as("evaluation.json fields").containsExactlyElementsOf(trainedFields);
        for (String field : trainedFields) {
            JsonNode expected = trained.get(field);
            JsonNode actual = evaluated.get(field);
            if (expected.isNumber()) {
                assertThat(actual.isNumber()).as("%s is a number in evaluation.json", field).isTrue();
                assertThat(actual.asDouble()).as(field).isCloseTo(expected.asDouble(), org.assertj.core.api.Assertions.within(1e-9));
            } else {
                assertThat(expected.isValueNode()).as("%s is a scalar", field).isTrue();
                assertThat(actual).as(field).isEqualTo(expected);
            }
        }
    }

    @Test
    void evaluateJsonPrintsTheEvaluationJsonAndNothingElse() throws IOException {
        Path run = outcome.runDirectory();
        Cli.Result r = Cli.run("evaluate", "--json", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode printed = json.readTree(r.out());
        assertThat(printed).isEqualTo(json.readTree(run.resolve("evaluation.json").toFile()));
        assertThat(printed.get("recognitionRate").asDouble()).isGreaterThan(0.5);
        assertThat(r.out()).doesNotContain("recognition rate:");
    }

    /** The evaluation fields both files must hold (numeric unless noted). */
    private static final List<String> EVALUATION_FIELDS = List.of(
            "recognitionRate", "recognitionRateCi95Low", "recognitionRateCi95High", "threshold", "trainPairAccuracy",
            "rocAuc", "eer", "tarAtFar1e2", "tarAtFar1e3", "nearestNeighbourAccuracy", "k", "trainPictures",
            "testPictures", "calibrationPairs", "testPairs", "testPairsCorrect", "protocol" /* text */,
            "testVsTrain.precisionAt1", "testVsTrain.recallAt1", "testVsTrain.recallAt5", "testVsTrain.recallAt10",
            "testVsTrain.mapAtR", "testVsTrain.maxR", "testVsTrain.queries", "testVsTrain.scoredQueries",
            "testVsTrain.galleryItems", "testVsTrain.mode" /* text */,
            "testLeaveOneOut.precisionAt1", "testLeaveOneOut.recallAt1", "testLeaveOneOut.recallAt5",
            "testLeaveOneOut.recallAt10", "testLeaveOneOut.mapAtR", "testLeaveOneOut.maxR", "testLeaveOneOut.queries",
            "testLeaveOneOut.scoredQueries", "testLeaveOneOut.galleryItems", "testLeaveOneOut.mode" /* text */,
            "silhouette", "silhouettePoints", "silhouettePopulation", "silhouetteSampled" /* flag */);

    @Test
    void evaluateOnTheSavedRunReproducesTheMetrics() {
        int code = Main.run("evaluate", "--quiet", outcome.runDirectory().toString());
        assertThat(code).isZero();
        assertThat(outcome.runDirectory().resolve("evaluation.json")).isRegularFile();
        Settings settings = RunDirectory.open(outcome.runDirectory()).settings();
        VerificationReport again = Experiments.injector(settings).getInstance(RunEvaluation.class)
                .evaluate(RunDirectory.open(outcome.runDirectory()), System.out, true).verification();
        assertThat(again.recognitionRate()).isEqualTo(outcome.evaluation().recognitionRate());
        assertThat(again.rocAuc()).isEqualTo(outcome.evaluation().rocAuc());
        assertThat(again.threshold()).isEqualTo(outcome.evaluation().threshold());
    }

    @Test
    void savedModelComparesPicturesAtItsCalibratedThreshold() {
        DatasetSplits digits = SyntheticDigits.splits(100, 100, 2024);
        try (EmbeddingModel model = Backends.named("tensorflow").load(outcome.runDirectory().resolve("model"))) {
            assertThat(model.threshold()).isEqualTo(outcome.evaluation().threshold());
            var a = digits.test().image(0);
            assertThat(model.compare(a, a).similar()).isTrue();
            assertThat(model.compare(a, a).distance()).isLessThan(1e-3);
        }
    }

    @Test
    void aRunWithViewsTrainsTheSameWeightsAndCalibratesAndSavesItsModelWithTheViews() throws IOException {
        Path viewsOutput = output.resolve("with-views");
        Settings settings = SettingsLoader.load("smoke", List.of("experiment.output-dir=" + viewsOutput,
                "model.view-crops=[1.0, 0.8]"));
        RunOutcome withViews = Experiments.run(settings, RunOptions.silent());
        ObjectMapper json = new ObjectMapper();
        JsonNode plain = json.readTree(outcome.runDirectory().resolve("metrics.json").toFile());
        JsonNode viewed = json.readTree(withViews.runDirectory().resolve("metrics.json").toFile());
        // views change only how the trained twin embeds: the same seed trains the same weights
        assertThat(viewed.at("/training/weightsSha256").asText()).isEqualTo(plain.at("/training/weightsSha256").asText());
        assertThat(viewed.at("/model").asText()).endsWith("views 1.0/0.8");
        assertThat(withViews.evaluation().threshold()).isNotEqualTo(outcome.evaluation().threshold());
        try (EmbeddingModel model = Backends.named("tensorflow").load(withViews.runDirectory().resolve("model"))) {
            assertThat(model.descriptor().spec().views()).isEqualTo(new EmbeddingViews(List.of(1.0, 0.8)));
            assertThat(model.threshold()).isEqualTo(withViews.evaluation().threshold());
        }
        VerificationReport again = Experiments.injector(settings).getInstance(RunEvaluation.class)
                .evaluate(RunDirectory.open(withViews.runDirectory()), System.out, true).verification();
        assertThat(again.threshold()).isEqualTo(withViews.evaluation().threshold());
        assertThat(again.recognitionRate()).isEqualTo(withViews.evaluation().recognitionRate());
    }

    @Test
    void aRunWithWhiteningFitsItAfterTrainingCalibratesOnItAndSavesIt() throws IOException {
        Settings settings = SettingsLoader.load("smoke", List.of("experiment.output-dir=" + output.resolve("whitened"),
                "model.whitening.shrinkage=0.1", "model.whitening.sample=500"));
        RunOutcome whitened = Experiments.run(settings, RunOptions.silent());
        ObjectMapper json = new ObjectMapper();
        JsonNode plain = json.readTree(outcome.runDirectory().resolve("metrics.json").toFile());
        JsonNode metrics = json.readTree(whitened.runDirectory().resolve("metrics.json").toFile());
        assertThat(metrics.at("/training/weightsSha256").asText()).isEqualTo(plain.at("/training/weightsSha256").asText());
        assertThat(metrics.at("/whiteningShrinkage").asDouble()).isEqualTo(0.1);
        assertThat(whitened.evaluation().threshold()).isNotEqualTo(outcome.evaluation().threshold());
        try (EmbeddingModel model = Backends.named("tensorflow").load(whitened.runDirectory().resolve("model"))) {
            assertThat(model.descriptor().whitened()).isTrue();
            assertThat(model.descriptor().whitening().dimension()).isEqualTo(2);
            assertThat(model.threshold()).isEqualTo(whitened.evaluation().threshold());
        }
        VerificationReport again = Experiments.injector(settings).getInstance(RunEvaluation.class)
                .evaluate(RunDirectory.open(whitened.runDirectory()), System.out, true).verification();
        assertThat(again.threshold()).isEqualTo(whitened.evaluation().threshold());
        assertThat(again.recognitionRate()).isEqualTo(whitened.evaluation().recognitionRate());
    }

    private static double mean(float[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
