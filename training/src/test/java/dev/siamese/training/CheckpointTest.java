package dev.siamese.training;

import dev.siamese.api.training.CheckpointWritten;
import dev.siamese.api.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {

    @TempDir
    Path dir;

    private static Checkpoint checkpoint(int iteration) {
        float[] losses = new float[iteration];
        for (int i = 0; i < iteration; i++) {
            losses[i] = 1f / (i + 1);
        }
        Map<String, float[]> weights = new LinkedHashMap<>();
        weights.put("dense_0/kernel", new float[] {1.5f, -2f, Float.MIN_VALUE, iteration});
        weights.put("adam/beta1_power", new float[] {0.9f});
        return new Checkpoint(iteration, losses, weights);
    }

    @Test
    void writesAndReadsBackBitForBit() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        Path file = store.write(checkpoint(20));
        Checkpoint back = CheckpointStore.read(file);
        assertThat(back.iteration()).isEqualTo(20);
        assertThat(back.lossHistory()).containsExactly(checkpoint(20).lossHistory());
        assertThat(back.weights().keySet()).containsExactly("dense_0/kernel", "adam/beta1_power");
        assertThat(back.weights().get("dense_0/kernel")).containsExactly(1.5f, -2f, Float.MIN_VALUE, 20f);
    }

    @Test
    void keepsOnlyTheNewestAndLeavesNoTemporaryFiles() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 2);
        for (int i = 10; i <= 50; i += 10) {
            store.write(checkpoint(i));
        }
        assertThat(store.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("ckpt-00000050.bin", "ckpt-00000040.bin");
        try (var all = Files.list(dir)) {
            assertThat(all).hasSize(2);
        }
        assertThat(store.latest()).map(Checkpoint::iteration).contains(50);
    }

    @Test
    void aTornOrCorruptNewestCheckpointFallsBackToTheOlderOne() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        store.write(checkpoint(10));
        Path newest = store.write(checkpoint(20));
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(store.latest()).map(Checkpoint::iteration).contains(10);

        bytes[bytes.length / 2] ^= 0x55;
        Files.write(newest, bytes);
        assertThatThrownBy(() -> CheckpointStore.read(newest)).isInstanceOf(IOException.class);
        assertThat(store.latest()).map(Checkpoint::iteration).contains(10);
    }

    @Test
    void aLyingLengthDoesNotAllocateHugeArrays() throws IOException {
        Path file = new CheckpointStore(dir, 1).write(checkpoint(3));
        byte[] bytes = Files.readAllBytes(file);
        // the loss count follows magic, version and iteration (3 ints)
        bytes[12] = 0x7F;
        Files.write(file, bytes);
        assertThatThrownBy(() -> CheckpointStore.read(file)).isInstanceOf(IOException.class).hasMessageContaining("declares");
    }

    @Test
    void resumedTrainingEqualsAnUninterruptedRun() {
        TrainerTest.RecordingModel straight = new TrainerTest.RecordingModel();
        TrainingSettings settings = new TrainingSettings(30, 2, 0.5, 10, 10, 2);
        TrainingResult full = new Trainer().train(new TrainingRun(straight, new TrainerTest.CountingSampler(), settings, List.of(),
                "d", "b", "{}", Optional.of(new CheckpointStore(dir.resolve("a"), 2)), Optional.empty()));

        // a run that wrote checkpoints at 10 and 20, then "crashed"; resume from the newest
        CheckpointStore store = new CheckpointStore(dir.resolve("b"), 2);
        List<Integer> written = new ArrayList<>();
        TrainingListener stopAt25 = new TrainingListener() {
            int seen;
            @Override public void onIteration(dev.siamese.api.training.IterationEnd e) { seen = e.iteration(); }
            @Override public void onCheckpoint(CheckpointWritten e) { written.add(e.iteration()); }
            @Override public boolean shouldStop() { return seen >= 25; }
        };
        new Trainer().train(new TrainingRun(new TrainerTest.RecordingModel(), new TrainerTest.CountingSampler(), settings,
                List.of(stopAt25), "d", "b", "{}", Optional.of(store), Optional.empty()));
        assertThat(written).containsExactly(10, 20);

        TrainerTest.RecordingModel resumedModel = new TrainerTest.RecordingModel();
        TrainerTest.CountingSampler resumedSampler = new TrainerTest.CountingSampler();
        List<dev.siamese.api.training.IterationEnd> events = new ArrayList<>();
        TrainingListener record = new TrainingListener() {
            @Override public void onIteration(dev.siamese.api.training.IterationEnd e) { events.add(e); }
        };
        TrainingResult resumed = new Trainer().train(new TrainingRun(resumedModel, resumedSampler, settings, List.of(record),
                "d", "b", "{}", Optional.of(store), store.latest()));
        assertThat(resumed.iterations()).isEqualTo(30);
        // progress counts from the checkpoint: the ETA is measured on the 10 steps done since the resume
        assertThat(events).extracting(dev.siamese.api.training.IterationEnd::firstIteration).containsOnly(20);
        assertThat(events.get(0).iteration()).isEqualTo(21);
        assertThat(resumed.lossHistory()).containsExactly(full.lossHistory());
        assertThat(resumedModel.seen).as("batches 21..30 in order").hasSize(10).first().isEqualTo(21 / 1000f);
        assertThat(resumedModel.weights().get("loss")).containsExactly(straight.weights().get("loss"));
    }
}
