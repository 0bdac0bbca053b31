package dev.siamese.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A training process killed with SIGKILL and resumed ends with weights bit-identical to an uninterrupted run, for the
 * MLP, for the residual twin (whose batch norm moving averages are part of the checkpoint) and for the triplet loss.
 */
class KillAndResumeTest {

    private static final List<String> TRAIN = List.of("train", "-e", "smoke", "-q",
            "--set", "training.iterations=3000", "--set", "training.checkpoint-every=100",
            "--set", "model.mlp.hidden=[64]",
            "--set", "data.synthetic-digits.train-size=1000", "--set", "data.synthetic-digits.test-size=500",
            "--set", "evaluation.calibration-pairs=500", "--set", "evaluation.test-pairs=500");

    /** A tiny residual twin; checkpoints every 20 iterations, killed once the one of iteration 40 exists. */
    private static final List<String> TRAIN_RESNET = List.of("train", "-e", "smoke", "-q",
            "--set", "training.iterations=200", "--set", "training.checkpoint-every=20", "--set", "training.batch-pairs=16",
            "--set", "model.architecture=resnet", "--set", "model.embedding-dim=8", "--set", "model.resnet.stem-width=4",
            "--set", "model.resnet.widths=[4, 8]", "--set", "model.resnet.blocks=[1, 1]",
            "--set", "data.synthetic-digits.train-size=500", "--set", "data.synthetic-digits.test-size=200",
            "--set", "evaluation.calibration-pairs=200", "--set", "evaluation.test-pairs=200");

    /** The triplet loss on class-balanced batches, whose sampler resumes by skipping the batches drawn. */
    private static final List<String> TRAIN_TRIPLET = List.of("train", "-e", "triplet-digits", "-q",
            "--set", "training.iterations=3000", "--set", "training.checkpoint-every=100",
            "--set", "data.synthetic-digits.train-size=1000", "--set", "data.synthetic-digits.test-size=500",
            "--set", "evaluation.calibration-pairs=500", "--set", "evaluation.test-pairs=500");

    /**
     * The tiny residual twin with everything that must follow the iteration number on a resume: a warm-up and cosine
     * schedule, on-the-fly augmentation of the training pictures, decoupled weight decay and gradient clipping.
     */
    private static final List<String> TRAIN_SCHEDULED_AUGMENTED = concat(TRAIN_RESNET, List.of(
            "--set", "training.schedule.kind=cosine", "--set", "training.schedule.warmup-iterations=30",
            "--set", "training.schedule.min-factor=0.05",
            "--set", "data.training-augmentation.enabled=true", "--set", "data.training-augmentation.pad=2",
            "--set", "model.adam.weight-decay=0.05", "--set", "model.adam.clip-norm=1.0"));

    /** resnet-cifar10 in miniature: the above with the batch contrastive loss on 4 x 4 labelled pictures. */
    private static final List<String> TRAIN_BATCH_CONTRASTIVE = concat(TRAIN_SCHEDULED_AUGMENTED, List.of(
            "--set", "model.loss=batch-contrastive", "--set", "model.margin=1.0",
            "--set", "model.resnet.normalize-embeddings=true",
            "--set", "training.batch-classes=4", "--set", "training.batch-per-class=4"));

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    @TempDir
    Path dir;

    @Test
    void killedRunResumesToBitIdenticalWeights() throws Exception {
        assertKilledRunResumesBitIdentically(TRAIN, "ckpt-00000200.bin");
    }

    @Test
    void killedResidualRunResumesToBitIdenticalWeightsMovingAveragesIncluded() throws Exception {
        assertKilledRunResumesBitIdentically(TRAIN_RESNET, "ckpt-00000040.bin");
    }

    @Test
    void killedTripletRunResumesToBitIdenticalWeights() throws Exception {
        assertKilledRunResumesBitIdentically(TRAIN_TRIPLET, "ckpt-00000200.bin");
    }

    @Test
    void killedRunWithScheduleAugmentationAndWeightDecayResumesToBitIdenticalWeights() throws Exception {
        assertKilledRunResumesBitIdentically(TRAIN_SCHEDULED_AUGMENTED, "ckpt-00000040.bin");
    }

    @Test
    void killedBatchContrastiveRunOfTheCifarRecipeResumesToBitIdenticalWeights() throws Exception {
        assertKilledRunResumesBitIdentically(TRAIN_BATCH_CONTRASTIVE, "ckpt-00000040.bin");
    }

    private void assertKilledRunResumesBitIdentically(List<String> train, String checkpointName) throws Exception {
        Path straight = dir.resolve("straight");
        List<String> args = new ArrayList<>(train);
        args.addAll(List.of("-o", straight.toString()));
        assertThat(Main.run(args.toArray(String[]::new))).isZero();
        Path straightRun = onlyRun(straight);

        Path killed = dir.resolve("killed");
        Process child = startChild(killed, train);
        Path checkpoint = waitForCheckpoint(killed, child, checkpointName);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Path killedRun = onlyRun(killed);
        assertThat(killedRun.resolve(RunDirectory.COMPLETE_MARKER)).as("killed before the end (checkpoint %s)", checkpoint)
                .doesNotExist();
        assertThat(killedRun.resolve("metrics.json")).doesNotExist();

        assertThat(Main.run("train", "--resume", killedRun.toString(), "-q")).isZero();

        assertThat(killedRun.resolve(RunDirectory.COMPLETE_MARKER)).exists();
        assertThat(killedRun.resolve("checkpoints")).as("checkpoints are removed once complete").doesNotExist();
        JsonNode a = new ObjectMapper().readTree(straightRun.resolve("metrics.json").toFile());
        JsonNode b = new ObjectMapper().readTree(killedRun.resolve("metrics.json").toFile());
        assertThat(b.at("/training/weightsSha256").asText()).isEqualTo(a.at("/training/weightsSha256").asText()).isNotBlank();
        assertThat(b.at("/evaluation/recognitionRate").asDouble()).isEqualTo(a.at("/evaluation/recognitionRate").asDouble());
        assertThat(Files.readAllLines(killedRun.resolve("loss.csv"))).isEqualTo(Files.readAllLines(straightRun.resolve("loss.csv")));
        assertThat(b.at("/provenance/resumedFromIteration").isMissingNode()).isTrue();
    }

    private Process startChild(Path output, List<String> train) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> classpath = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                classpath.add(value);
            }
        }
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", String.join(File.pathSeparator, classpath),
                "dev.siamese.app.Main"));
        command.addAll(train);
        command.addAll(List.of("-o", output.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile());
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        return builder.start();
    }

    private Path waitForCheckpoint(Path output, Process child, String checkpointName) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Optional<Path> found = findCheckpoint(output, checkpointName);
            if (found.isPresent()) {
                return found.get();
            }
            if (!child.isAlive()) {
                throw new AssertionError("the child exited before its first checkpoint: " + Files.readString(dir.resolve("child.log")));
            }
            Thread.sleep(10);
        }
        child.destroyForcibly();
        throw new AssertionError("no checkpoint within 120 s: " + Files.readString(dir.resolve("child.log")));
    }

    private static Optional<Path> findCheckpoint(Path output, String checkpointName) throws IOException {
        if (!Files.isDirectory(output)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(output)) {
            return files.filter(p -> p.getFileName().toString().equals(checkpointName)).findFirst();
        }
    }

    private static Path onlyRun(Path output) throws IOException {
        try (Stream<Path> runs = Files.list(output)) {
            List<Path> all = runs.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }
}
