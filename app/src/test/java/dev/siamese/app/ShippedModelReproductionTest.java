package dev.siamese.app;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retrains the shipped near-duplicate twin and compares weights digests. It needs the CIFAR-10 pictures
 * ({@code CIFAR10_DIR} with {@code train/<class>/*.jpg}) and about an hour on 2 cores, so it runs only when
 * {@code CIFAR10_DIR} is set and says so when it is skipped.
 */
class ShippedModelReproductionTest {

    private static final Pattern DIGEST = Pattern.compile("\"weightsSha256\"\\s*:\\s*\"([0-9a-f]{64})\"");

    @Test
    void retrainingTheBundledExperimentGivesTheShippedWeights(@TempDir Path dir) throws IOException {
        String cifar = System.getenv("CIFAR10_DIR");
        Assumptions.assumeTrue(cifar != null && Files.isDirectory(Path.of(cifar, "train")),
                "skipped: set CIFAR10_DIR to the unpacked cifar10-jpg folder (train/<class>/*.jpg) to retrain the shipped"
                        + " near-duplicate twin (about an hour on 2 cores) and compare its weights digest");
        String manifest = Files.readString(Path.of("..", "model-tf", "src", "main", "resources", "siamese-models",
                "near-duplicates", "bundle.json"));
        Matcher shipped = DIGEST.matcher(manifest);
        assertThat(shipped.find()).as(manifest).isTrue();

        int code = dev.siamese.app.cli.SiameseCommand.commandLine().execute("train", "-e", "near-duplicate-photos", "-q",
                "-o", dir.toString(), "--set", "data.picture-folder.dir=\"" + Path.of(cifar, "train") + "\"",
                "--set", "data.image-folder.height=64", "--set", "data.image-folder.width=64");
        assertThat(code).isZero();
        Path run;
        try (var runs = Files.list(dir)) {
            run = runs.filter(p -> p.getFileName().toString().startsWith("near-duplicate-photos")).findFirst().orElseThrow();
        }
        Matcher retrained = DIGEST.matcher(Files.readString(run.resolve("metrics.json")));
        assertThat(retrained.find()).isTrue();
        assertThat(retrained.group(1)).isEqualTo(shipped.group(1));
    }
}
