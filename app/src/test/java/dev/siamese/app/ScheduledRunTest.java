package dev.siamese.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's learning-rate schedule ({@code siamese.training.schedule}) reaches the trainer, whatever the batches. */
class ScheduledRunTest {

    private static final List<String> TRAIN = List.of("train", "-e", "smoke", "-q",
            "--set", "training.iterations=40", "--set", "model.mlp.hidden=[16]",
            "--set", "data.synthetic-digits.train-size=200", "--set", "data.synthetic-digits.test-size=100",
            "--set", "evaluation.calibration-pairs=100", "--set", "evaluation.test-pairs=100");

    @TempDir
    Path dir;

    @Test
    void aWarmUpAndCosineScheduleChangesTheWeightsOfARunWithTheSameSeed() throws IOException {
        String constant = weightsDigest("constant", List.of());
        String cosine = weightsDigest("cosine", List.of("--set", "training.schedule.kind=cosine",
                "--set", "training.schedule.warmup-iterations=20"));

        assertThat(cosine).isNotBlank().isNotEqualTo(constant);
        assertThat(weightsDigest("constant-again", List.of())).as("same seed, same weights").isEqualTo(constant);
    }

    private String weightsDigest(String name, List<String> extra) throws IOException {
        Path output = dir.resolve(name);
        List<String> args = new ArrayList<>(TRAIN);
        args.addAll(extra);
        args.addAll(List.of("-o", output.toString()));
        assertThat(Main.run(args.toArray(String[]::new))).isZero();
        try (Stream<Path> runs = Files.list(output)) {
            Path run = runs.filter(Files::isDirectory).findFirst().orElseThrow();
            return new ObjectMapper().readTree(run.resolve("metrics.json").toFile()).at("/training/weightsSha256").asText();
        }
    }
}
