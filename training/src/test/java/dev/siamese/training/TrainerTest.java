package dev.siamese.training;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.ModelDescriptor;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;
import dev.siamese.api.pairs.PairSampler;
import dev.siamese.api.training.IterationEnd;
import dev.siamese.api.training.TrainingEnd;
import dev.siamese.api.training.TrainingListener;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerTest {

    private static final ImageShape SHAPE = new ImageShape(1, 1, 1);

    /** Numbers its batches: batch k carries the value k/1000 in every left pixel. */
    static class CountingSampler implements PairSampler {
        int drawn;

        @Override public ImageShape shape() { return SHAPE; }
        @Override public int batchSize() { return 2; }

        @Override
        public PairBatch next() {
            drawn++;
            float v = drawn / 1000f;
            return new PairBatch(SHAPE, new float[] {v, v}, new float[] {0, 0}, new float[] {1, 0});
        }

        @Override
        public void skip(long batches) {
            drawn += (int) batches;
        }
    }

    /** A fake backend model whose loss halves every step and which records the batches it saw. */
    static final class RecordingModel implements TrainableModel {
        final List<Float> seen = new ArrayList<>();
        /** The learning-rate factor of each step taken with one (none for plain steps). */
        final List<Double> factors = new ArrayList<>();
        float loss = 1f;
        Float forced;

        @Override public ModelSpec spec() { return ModelSpec.paperMlp(7).withInput(SHAPE); }

        @Override
        public float step(PairBatch batch) {
            seen.add(batch.left().get(0));
            float current = forced != null ? forced : loss;
            loss /= 2;
            return current;
        }

        @Override
        public float step(PairBatch batch, double learningRateFactor) {
            factors.add(learningRateFactor);
            return step(batch);
        }

        @Override public float loss(PairBatch batch) { return loss; }
        @Override public Embeddings embed(float[] pixels, int count) { return new Embeddings(count, 1, new float[count]); }
        @Override public Map<String, float[]> weights() { return Map.of("loss", new float[] {loss}); }
        @Override public void restore(Map<String, float[]> snapshot) { loss = snapshot.get("loss")[0]; }
        @Override public ModelDescriptor save(Path directory, double threshold, dev.siamese.api.model.EmbeddingWhitening whitening,
                                             Map<String, String> provenance) { throw new UnsupportedOperationException(); }
        @Override public void close() { }
    }

    private static TrainingRun run(RecordingModel model, PairSampler sampler, int iterations, List<TrainingListener> listeners) {
        return new TrainingRun(model, sampler, new TrainingSettings(iterations, 2, 0.5, 10), listeners, "counting", "fake", "{}");
    }

    @Test
    void runsEveryIterationOnFreshBatchesInSamplerOrder() {
        RecordingModel model = new RecordingModel();
        CountingSampler sampler = new CountingSampler();
        TrainingResult result = new Trainer().train(run(model, sampler, 25, List.of()));
        assertThat(result.iterations()).isEqualTo(25);
        assertThat(model.seen).hasSize(25);
        for (int i = 0; i < 25; i++) {
            assertThat(model.seen.get(i)).isEqualTo((i + 1) / 1000f);
        }
        assertThat(sampler.drawn).as("no batch drawn beyond the last iteration").isEqualTo(25);
        assertThat(result.lossHistory()).hasSize(25).startsWith(1f, 0.5f, 0.25f);
    }

    @Test
    void reportsEveryIterationAndTheEnd() {
        List<IterationEnd> iterations = new ArrayList<>();
        List<TrainingEnd> ends = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override public void onIteration(IterationEnd e) { iterations.add(e); }
            @Override public void onTrainingEnd(TrainingEnd e) { ends.add(e); }
        };
        new Trainer().train(run(new RecordingModel(), new CountingSampler(), 12, List.of(listener)));
        assertThat(iterations).extracting(IterationEnd::iteration).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(iterations.get(11).pairsPerSecond()).isPositive();
        assertThat(ends).singleElement().satisfies(e -> {
            assertThat(e.iterations()).isEqualTo(12);
            assertThat(e.stoppedEarly()).isFalse();
        });
    }

    @Test
    void aListenerCanStopTrainingEarly() {
        TrainingListener stopAfterFive = new TrainingListener() {
            int count;
            @Override public void onIteration(IterationEnd e) { count = e.iteration(); }
            @Override public boolean shouldStop() { return count >= 5; }
        };
        TrainingResult result = new Trainer().train(run(new RecordingModel(), new CountingSampler(), 100, List.of(stopAfterFive)));
        assertThat(result.iterations()).isEqualTo(5);
        assertThat(result.stoppedEarly()).isTrue();
        assertThat(result.lossHistory()).hasSize(5);
    }

    @Test
    void divergedLossFailsNamingTheIteration() {
        RecordingModel model = new RecordingModel();
        model.forced = Float.NaN;
        assertThatThrownBy(() -> new Trainer().train(run(model, new CountingSampler(), 10, List.of())))
                .isInstanceOf(TrainingException.class).hasMessageContaining("iteration 1").hasMessageContaining("learning-rate");
    }

    @Test
    void samplerFailureIsReportedWithTheIteration() {
        PairSampler failing = new CountingSampler() {
            @Override public PairBatch next() {
                if (drawn == 3) {
                    throw new IllegalStateException("disk gone");
                }
                return super.next();
            }
        };
        assertThatThrownBy(() -> new Trainer().train(run(new RecordingModel(), failing, 10, List.of())))
                .isInstanceOf(TrainingException.class).hasMessageContaining("iteration 4").hasMessageContaining("disk gone");
    }

    @Test
    void resultCarriesProvenance() {
        TrainingResult result = new Trainer().train(run(new RecordingModel(), new CountingSampler(), 3, List.of()));
        Provenance p = result.provenance();
        assertThat(p.seed()).isEqualTo(7);
        assertThat(p.dataset()).isEqualTo("counting");
        assertThat(p.backend()).isEqualTo("fake");
        assertThat(p.resolvedConfig()).isEqualTo("{}");
        assertThat(p.end()).isAfterOrEqualTo(p.start());
        assertThat(p.environment()).containsKeys("java.version", "cpus");
    }

    @Test
    void mismatchedSamplerAndModelAreRefused() {
        PairSampler wrongShape = new CountingSampler() {
            @Override public ImageShape shape() { return new ImageShape(2, 2, 1); }
        };
        assertThatThrownBy(() -> run(new RecordingModel(), wrongShape, 1, List.of()))
                .hasMessageContaining("2x2x1").hasMessageContaining("1x1x1");
    }

    @Test
    void progressLogPrintsEveryIntervalAndASummary() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new Trainer().train(run(new RecordingModel(), new CountingSampler(), 20, List.of(new ProgressLogListener(out, 10))));
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("iteration     10/20").contains("iteration     20/20").contains("pairs/s")
                .contains("trained 20 iterations");
        assertThat(log.lines().filter(l -> l.startsWith("iteration")).count()).isEqualTo(2);
    }

    @Test
    void weightAveragingEndsWithTheMeanOfTheSnapshotsOfTheLastPart() {
        RecordingModel model = new RecordingModel();
        // from half of 20 iterations, every 5: the weights after iterations 15 and 20 (the loss halves each step)
        TrainingSettings settings = new TrainingSettings(20, 2, 0.5, 10, 0, 1, 0.5, 5);
        TrainingResult result = new Trainer().train(new TrainingRun(model, new CountingSampler(), settings, List.of(),
                "counting", "fake", "{}"));
        assertThat(result.averagedSnapshots()).isEqualTo(2);
        assertThat((double) model.loss).isCloseTo((Math.pow(2, -15) + Math.pow(2, -20)) / 2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(settings.averagesAfter(10)).isFalse();
        assertThat(settings.averagesAfter(11)).isFalse();
        assertThat(new TrainingSettings(20, 2, 0.5, 10).averagesWeights()).isFalse();

        RecordingModel last = new RecordingModel();
        TrainingResult plain = new Trainer().train(run(last, new CountingSampler(), 20, List.of()));
        assertThat(plain.averagedSnapshots()).isZero();
        assertThat(last.loss).isEqualTo((float) Math.pow(2, -20));
    }

    @Test
    void aResumedRunContinuesTheSameWeightAverage(@org.junit.jupiter.api.io.TempDir Path folder) {
        // every iteration from the 4th of 12 is a snapshot; a checkpoint every 6 iterations carries the mean of 3
        TrainingSettings settings = new TrainingSettings(12, 2, 0.5, 10, 6, 2, 0.25, 1);
        RecordingModel whole = new RecordingModel();
        new Trainer().train(new TrainingRun(whole, new CountingSampler(), settings, List.of(), "counting", "fake", "{}"));

        CheckpointStore store = new CheckpointStore(folder, 2);
        TrainingListener stopAtSeven = new TrainingListener() {
            int count;
            @Override public void onIteration(IterationEnd e) { count = e.iteration(); }
            @Override public boolean shouldStop() { return count >= 7; }
        };
        new Trainer().train(new TrainingRun(new RecordingModel(), new CountingSampler(), settings, List.of(stopAtSeven),
                "counting", "fake", "{}", java.util.Optional.of(store), java.util.Optional.empty()));
        Checkpoint checkpoint = store.latest().orElseThrow();
        assertThat(checkpoint.iteration()).isEqualTo(6);
        assertThat(checkpoint.weights()).containsKey("loss").containsKey(WeightAverage.PREFIX + "loss");

        RecordingModel resumed = new RecordingModel();
        TrainingResult result = new Trainer().train(new TrainingRun(resumed, new CountingSampler(), settings, List.of(),
                "counting", "fake", "{}", java.util.Optional.of(store), java.util.Optional.of(checkpoint)));
        assertThat(result.averagedSnapshots()).isEqualTo(9);
        assertThat((double) resumed.loss).isCloseTo(whole.loss, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void weightAverageRejectsSnapshotsOfAnotherModel() {
        WeightAverage average = new WeightAverage();
        average.add(Map.of("w", new float[] {1, 2}));
        average.add(Map.of("w", new float[] {3, 6}));
        assertThat(average.mean().get("w")).containsExactly(2f, 4f);
        assertThatThrownBy(() -> average.add(Map.of("v", new float[] {1, 2}))).hasMessageContaining("[v]");
        assertThatThrownBy(() -> average.add(Map.of("w", new float[] {1}))).hasMessageContaining("w has 1 values");
        assertThatThrownBy(() -> new WeightAverage().mean()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> WeightAverage.fromEntries(Map.of(WeightAverage.PREFIX + "#snapshots", new float[] {0.5f})))
                .hasMessageContaining("snapshot count");
    }

    @Test
    void settingsRejectBadValues() {
        assertThatThrownBy(() -> new TrainingSettings(10, 180, 0.5, 10, 0, 1, 1.5, 10)).hasMessageContaining("average-weights.from");
        assertThatThrownBy(() -> new TrainingSettings(10, 180, 0.5, 10, 0, 1, 0.5, 0)).hasMessageContaining("average-weights.every");
        assertThatThrownBy(() -> new TrainingSettings(0, 180, 0.5, 10)).hasMessageContaining("iterations");
        assertThatThrownBy(() -> new TrainingSettings(10, 0, 0.5, 10)).hasMessageContaining("batch pairs");
        assertThatThrownBy(() -> new TrainingSettings(10, 180, 1.0, 10)).hasMessageContaining("probability");
    }
}
