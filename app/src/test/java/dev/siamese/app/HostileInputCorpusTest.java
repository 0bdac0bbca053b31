package dev.siamese.app;

import dev.siamese.app.cli.SiameseCommand;
import dev.siamese.data.readers.IdxWriter;
import dev.siamese.data.readers.SyntheticDigits;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of broken inputs, generated here, each run through the real CLI: every case must fail with exit code 1 and
 * one clear error line naming the key or file, and leave no run directory that looks complete.
 */
class HostileInputCorpusTest {

    @TempDir
    static Path dir;
    static Path idx;

    /** One hostile case: the CLI arguments and the fragments its error must contain. */
    record Case(String name, List<String> args, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void writeValidIdxFiles() throws IOException {
        idx = dir.resolve("idx-valid");
        Files.createDirectories(idx);
        var data = SyntheticDigits.splits(50, 20, 1);
        IdxWriter.write(data.train(), idx.resolve("train-images-idx3-ubyte"), idx.resolve("train-labels-idx1-ubyte"));
        IdxWriter.write(data.test(), idx.resolve("t10k-images-idx3-ubyte"), idx.resolve("t10k-labels-idx1-ubyte"));
    }

    static Stream<Case> corpus() throws IOException {
        List<Case> cases = new ArrayList<>();
        // settings on the command line
        set(cases, "unknown key", "model.marign=0.5", "unknown setting 'siamese.model.marign'", "did you mean");
        set(cases, "unknown top-level key", "trainig.iterations=5", "siamese.trainig.iterations");
        set(cases, "wrong type for an int", "training.iterations=many", "siamese.training.iterations", "wrong type");
        set(cases, "wrong type for a list", "model.mlp.hidden=wide", "siamese.model.mlp.hidden", "wrong type");
        set(cases, "negative margin", "model.margin=-0.3", "siamese.model.margin = -0.3", "must be > 0");
        set(cases, "zero margin", "model.margin=0", "siamese.model.margin = 0", "must be > 0");
        set(cases, "zero batch", "training.batch-pairs=0", "siamese.training.batch-pairs = 0");
        set(cases, "negative batch", "training.batch-pairs=-180", "siamese.training.batch-pairs = -180");
        set(cases, "zero iterations", "training.iterations=0", "siamese.training.iterations = 0");
        set(cases, "negative iterations", "training.iterations=-5", "siamese.training.iterations = -5");
        set(cases, "zero learning rate", "model.adam.learning-rate=0", "siamese.model.adam.learning-rate");
        set(cases, "beta1 of one", "model.adam.beta1=1", "siamese.model.adam.beta1");
        set(cases, "negative beta2", "model.adam.beta2=-0.1", "siamese.model.adam.beta2");
        set(cases, "zero embedding", "model.embedding-dim=0", "siamese.model.embedding-dim = 0");
        set(cases, "zero hidden width", "model.mlp.hidden=[1024, 0]", "siamese.model.mlp.hidden", "[1, ");
        set(cases, "unknown architecture", "model.architecture=densenet", "siamese.model.architecture", "must be one of");
        set(cases, "stage widths without block counts", "model.architecture=resnet & model.resnet.blocks=[2]",
                "siamese.model.resnet.blocks", "one block count per stage width");
        set(cases, "unknown downsampling", "model.architecture=resnet & model.resnet.downsampling=avg",
                "siamese.model.resnet.downsampling", "must be one of");
        set(cases, "zero conv layers", "model.architecture=conv & model.conv.layers=0", "siamese.model.conv.layers = 0");
        set(cases, "more pools than convs", "model.architecture=conv & model.conv.layers=1 & model.conv.pooling-layers=2",
                "siamese.model.conv.pooling-layers");
        set(cases, "unknown data source", "data.source=imagenet", "siamese.data.source", "must be one of");
        set(cases, "similar probability above one", "training.similar-probability=1.5", "siamese.training.similar-probability");
        set(cases, "one calibration pair", "evaluation.calibration-pairs=1", "siamese.evaluation.calibration-pairs");
        set(cases, "zero neighbours", "evaluation.nearest-neighbours=0", "siamese.evaluation.nearest-neighbours");
        set(cases, "negative checkpoint interval", "training.checkpoint-every=-1", "siamese.training.checkpoint-every");
        set(cases, "experiment name with a slash", "experiment.name=a/b", "siamese.experiment.name");
        set(cases, "unknown backend", "model.backend=onnx", "siamese.model.backend", "unknown backend");
        set(cases, "override without a value", "model.margin", "must look like key=value");
        set(cases, "too few synthetic pictures", "data.synthetic-digits.train-size=3", "siamese.data.synthetic-digits.train-size");

        // experiment files
        Path typo = write("typo.conf", "siamese.model.margin = 0.5\nsiamese.model.marign = 1\n");
        cases.add(new Case("unknown key in a file", List.of("train", "-e", typo.toString()), List.of("typo.conf:2", "marign")));
        Path broken = write("broken.conf", "siamese.model { margin = \n");
        cases.add(new Case("syntax error in a file", List.of("train", "-e", broken.toString()), List.of("broken.conf")));
        Path badValue = write("bad-value.conf", "siamese.training.iterations = 0\n");
        cases.add(new Case("bad value in a file", List.of("train", "-e", badValue.toString()), List.of("bad-value.conf:1")));
        cases.add(new Case("missing experiment file", List.of("train", "-e", dir.resolve("nope.conf").toString()),
                List.of("nope.conf", "bundled")));
        cases.add(new Case("experiment path is a folder", List.of("train", "-e", dir.toString()), List.of("not a regular file")));

        // IDX datasets
        idxCase(cases, "missing dataset folder", dir.resolve("absent"), "absent");
        Path empty = Files.createDirectories(dir.resolve("idx-empty"));
        idxCase(cases, "empty dataset folder", empty, "train-images-idx3-ubyte");
        idxCase(cases, "truncated images", broken("idx-truncated", "train-images-idx3-ubyte", b -> Arrays.copyOf(b, b.length - 100)),
                "train-images-idx3-ubyte", "truncated");
        idxCase(cases, "wrong magic", broken("idx-magic", "train-images-idx3-ubyte", b -> { b[3] = 0x09; return b; }),
                "train-images-idx3-ubyte", "magic");
        idxCase(cases, "zero-byte labels", broken("idx-zero", "train-labels-idx1-ubyte", b -> new byte[0]), "train-labels-idx1-ubyte");
        idxCase(cases, "count mismatch", broken("idx-count", "train-labels-idx1-ubyte", b -> Arrays.copyOf(b, b.length - 5)),
                "train-labels-idx1-ubyte");
        idxCase(cases, "lying header count", broken("idx-lying", "train-images-idx3-ubyte", b -> { b[4] = 0x7F; return b; }),
                "train-images-idx3-ubyte");
        idxCase(cases, "label outside the classes", broken("idx-label", "t10k-labels-idx1-ubyte", b -> { b[b.length - 1] = 42; return b; }),
                "t10k-labels-idx1-ubyte", "42");
        idxCase(cases, "trailing bytes", broken("idx-trailing", "t10k-images-idx3-ubyte", b -> Arrays.copyOf(b, b.length + 7)),
                "t10k-images-idx3-ubyte");

        // image folders
        Path png = dir.resolve("one-pixel.png");
        Files.write(png, java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="));
        folderCase(cases, "image folder missing", dir.resolve("no-pictures-here"), false, "no-pictures-here");
        Path noClasses = Files.createDirectories(dir.resolve("folder-empty"));
        Files.createDirectories(noClasses.resolve("train"));
        Files.createDirectories(noClasses.resolve("test"));
        folderCase(cases, "image folder without classes", noClasses, false, "folder-empty");
        Path oneClass = dir.resolve("folder-one-class");
        for (String split : List.of("train", "test")) {
            Files.createDirectories(oneClass.resolve(split).resolve("cats"));
            Files.copy(png, oneClass.resolve(split).resolve("cats").resolve("a.png"));
        }
        folderCase(cases, "image folder with one class", oneClass, false, "one class");
        Path unreadable = dir.resolve("folder-unreadable");
        for (String split : List.of("train", "test")) {
            for (String c : List.of("cats", "dogs")) {
                Files.createDirectories(unreadable.resolve(split).resolve(c));
                Files.copy(png, unreadable.resolve(split).resolve(c).resolve("a.png"));
            }
        }
        Files.write(unreadable.resolve("train").resolve("dogs").resolve("zero-bytes.png"), new byte[0]);
        folderCase(cases, "zero-byte picture with fail-on-unreadable", unreadable, true, "zero-bytes.png");
        Path noSplit = Files.createDirectories(dir.resolve("folder-no-test")).resolve("train").resolve("cats");
        Files.createDirectories(noSplit);
        folderCase(cases, "image folder without a test split", dir.resolve("folder-no-test"), false, "test");

        // CIFAR-10 binary batches
        var tiny = SyntheticDigits.generate(20, 3, "tiny");
        float[] rgb = new float[20 * 3072];
        var cifarData = new dev.siamese.api.image.InMemoryDataset("c", dev.siamese.data.readers.Cifar10BinaryReader.SHAPE, rgb,
                tiny.labels(), dev.siamese.data.readers.Cifar10BinaryReader.CLASS_NAMES);
        Path cifar = dir.resolve("cifar-valid");
        dev.siamese.data.readers.Cifar10BinaryWriter.writeRelease(cifarData, cifarData.head(10), cifar);
        cifarCase(cases, "CIFAR batch of the wrong length", copyDamaged(cifar, "cifar-short", "data_batch_3.bin",
                b -> Arrays.copyOf(b, b.length - 1)), "data_batch_3.bin", "multiple of 3,073");
        cifarCase(cases, "CIFAR label out of range", copyDamaged(cifar, "cifar-label", "test_batch.bin",
                b -> { b[0] = 12; return b; }), "test_batch.bin", "12");
        cifarCase(cases, "CIFAR batch missing", copyDamaged(cifar, "cifar-missing", "data_batch_5.bin", b -> null),
                "data_batch_5.bin");

        // run directories
        cases.add(new Case("evaluate a folder that is not a run", List.of("evaluate", dir.toString()), List.of("not a run directory")));
        cases.add(new Case("evaluate a missing folder", List.of("evaluate", dir.resolve("gone").toString()), List.of("gone")));
        cases.add(new Case("resume a missing folder", List.of("train", "--resume", dir.resolve("gone").toString()), List.of("gone")));
        Path blocker = write("blocker", "a file where the output folder should be");
        cases.add(new Case("output folder is a file", List.of("train", "--set", "training.iterations=1", "-o",
                blocker.resolve("runs").toString()), List.of("blocker")));
        cases.add(new Case("unknown sweep", List.of("sweep", "table9"), List.of("table9", "table1-cifar10")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void failsWithOneClearErrorAndNoCompleteRun(Case c) throws IOException {
        Path output = dir.resolve("out-" + c.name().replace(' ', '-'));
        List<String> args = new ArrayList<>(c.args());
        if (args.get(0).equals("train") && !args.contains("--resume") && !args.contains("-o")) {
            args.addAll(List.of("-o", output.toString()));
        }
        CommandLine cl = SiameseCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int code = cl.execute(args.toArray(String[]::new));
        String message = err.toString();
        assertThat(code).as(message).isEqualTo(1);
        assertThat(message).startsWith("error: ").contains(c.expected()).doesNotContain("\tat ");
        if (Files.exists(output)) {
            try (Stream<Path> files = Files.walk(output)) {
                assertThat(files).noneMatch(p -> p.getFileName().toString().equals(RunDirectory.COMPLETE_MARKER));
            }
        }
    }

    /** A case of {@code --set} overrides (several joined by " & ") and the fragments the error must contain. */
    private static void set(List<Case> cases, String name, String overrides, String... expected) {
        List<String> args = new ArrayList<>(List.of("train"));
        for (String o : overrides.split(" & ")) {
            args.addAll(List.of("--set", o));
        }
        cases.add(new Case(name, args, List.of(expected)));
    }

    private static void idxCase(List<Case> cases, String name, Path folder, String... expected) {
        cases.add(new Case(name, List.of("train", "--set", "data.source=mnist", "--set", "data.mnist.dir=" + folder,
                "--set", "training.iterations=1"), List.of(expected)));
    }

    private static void folderCase(List<Case> cases, String name, Path root, boolean strict, String... expected) {
        cases.add(new Case(name, List.of("train", "--set", "data.source=image-folder", "--set", "data.image-folder.dir=" + root,
                "--set", "data.image-folder.fail-on-unreadable=" + strict, "--set", "data.cache.enabled=false",
                "--set", "training.iterations=1"), List.of(expected)));
    }

    private static void cifarCase(List<Case> cases, String name, Path folder, String... expected) {
        cases.add(new Case(name, List.of("train", "--set", "data.source=cifar10-binary", "--set", "data.cifar10-binary.dir=" + folder,
                "--set", "training.iterations=1"), List.of(expected)));
    }

    /** A copy of {@code source} with one file damaged ({@code damage} returning null deletes it). */
    private static Path copyDamaged(Path source, String folder, String file, java.util.function.UnaryOperator<byte[]> damage)
            throws IOException {
        Path copy = Files.createDirectories(dir.resolve(folder));
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        byte[] damaged = damage.apply(Files.readAllBytes(copy.resolve(file)));
        if (damaged == null) {
            Files.delete(copy.resolve(file));
        } else {
            Files.write(copy.resolve(file), damaged);
        }
        return copy;
    }

    private static Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static Path broken(String folder, String file, java.util.function.UnaryOperator<byte[]> damage) throws IOException {
        Path copy = Files.createDirectories(dir.resolve(folder));
        try (Stream<Path> files = Files.list(idx)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Files.write(copy.resolve(file), damage.apply(Files.readAllBytes(copy.resolve(file))));
        return copy;
    }
}
