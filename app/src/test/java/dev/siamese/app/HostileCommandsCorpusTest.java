package dev.siamese.app;

import dev.siamese.api.model.Models;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second half of the hostile-input corpus ({@link HostileInputCorpusTest} holds the training half): broken
 * pictures, models, indexes, folders, reports, sweeps and settings fed to the picture commands through the real CLI.
 * Every case must exit with code 1 and one {@code error:} line naming the file, key or index, with no stack trace,
 * and leave the files it was given exactly as they were.
 */
class HostileCommandsCorpusTest {

    @TempDir
    static Path dir;
    static Path photos;
    static Path index;
    static Path copies;

    /** One case: the arguments and the fragments its error line must contain. */
    record Case(String name, List<String> args, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void pictures() throws IOException {
        System.setProperty(Models.CACHE_PROPERTY, dir.resolve("cache").toString());
        photos = dir.resolve("photos");
        for (int i = 0; i < 6; i++) {
            Cli.write(photos.resolve("p" + i + ".png"), Cli.picture(40 + i, 64, 48));
        }
        copies = dir.resolve("copies");
        for (int i = 0; i < 4; i++) {
            Cli.write(copies.resolve("c" + i + ".png"), Cli.picture(7, 64, 48));
        }
        index = dir.resolve("index");
        Cli.Result built = Cli.run("index", photos.toString(), "-i", index.toString(), "-q");
        assertThat(built.code()).as(built.err()).isZero();
    }

    @AfterAll
    static void restoreCache() {
        System.clearProperty(Models.CACHE_PROPERTY);
    }

    static Stream<Case> corpus() throws IOException {
        List<Case> cases = new ArrayList<>();
        Path picture = photos.resolve("p0.png");
        Path missing = dir.resolve("no-such-picture.png");
        Path empty = write("empty.png", new byte[0]);
        Path text = write("not-a-picture.jpg", "this is text, not a JPEG".getBytes());
        Path truncated = write("truncated.png", Arrays.copyOf(Files.readAllBytes(picture), 60));
        Path folder = Files.createDirectories(dir.resolve("a-folder.png"));

        // compare: pictures
        add(cases, "compare a missing picture", List.of("compare", picture.toString(), missing.toString()),
                "no-such-picture.png");
        add(cases, "compare an empty picture", List.of("compare", picture.toString(), empty.toString()), "empty.png");
        add(cases, "compare text named .jpg", List.of("compare", text.toString(), picture.toString()),
                "not-a-picture.jpg");
        add(cases, "compare a truncated PNG", List.of("compare", picture.toString(), truncated.toString()),
                "truncated.png");
        add(cases, "compare a folder", List.of("compare", folder.toString(), picture.toString()), "a-folder.png");
        // camera formats read by plugins: cut short, or with a directory offset past the end
        byte[] webp = java.util.Base64.getDecoder().decode("UklGRkYAAABXRUJQVlA4IDoAAABQAgCdASoQABAAAIAIJaACdLoB+AH6gf0AB5AA"
                + "/v69f//4VY//1y7AHENb/7rP//3WbRBnx/8rgAAA");
        java.io.ByteArrayOutputStream tiff = new java.io.ByteArrayOutputStream();
        assertThat(javax.imageio.ImageIO.write(Cli.picture(3, 64, 48), "tiff", tiff)).isTrue();
        byte[] lying = tiff.toByteArray();
        lying[4] = 0x7F;
        for (Path bad : List.of(write("truncated.webp", Arrays.copyOf(webp, 40)),
                write("truncated.tif", Arrays.copyOf(tiff.toByteArray(), tiff.size() / 2)), write("lying.tiff", lying))) {
            add(cases, "compare " + bad.getFileName(), List.of("compare", picture.toString(), bad.toString()),
                    bad.getFileName().toString());
        }

        // models
        Path noModel = Files.createDirectories(dir.resolve("model-empty"));
        Path badJson = Files.createDirectories(dir.resolve("model-bad-json"));
        Files.writeString(badJson.resolve("siamese-model.json"), "{ \"backend\": ");
        Path otherBackend = Files.createDirectories(dir.resolve("model-other-backend"));
        Files.writeString(otherBackend.resolve("siamese-model.json"), "{\"backend\": \"onnx\"}");
        for (Path model : List.of(dir.resolve("model-missing"), noModel, badJson, otherBackend)) {
            add(cases, "compare with " + model.getFileName(), List.of("compare", picture.toString(), picture.toString(),
                    "-m", model.toString()), model.getFileName().toString());
        }
        add(cases, "index with a model that is a file", List.of("index", photos.toString(), "-i",
                dir.resolve("idx-model-file").toString(), "-m", picture.toString()), "p0.png");
        add(cases, "embed with an empty model folder", List.of("embed", photos.toString(), "-o",
                dir.resolve("embed-out.csv").toString(), "-m", noModel.toString()), "model-empty");

        // search and index: indexes
        Path notIndex = Files.createDirectories(dir.resolve("not-an-index"));
        Files.writeString(notIndex.resolve("notes.txt"), "hello");
        add(cases, "search a missing index", List.of("search", picture.toString(), "-i", dir.resolve("idx-gone").toString()),
                "idx-gone");
        add(cases, "search a folder that is not an index", List.of("search", picture.toString(), "-i",
                notIndex.toString()), "not-an-index");
        add(cases, "search with a missing picture", List.of("search", missing.toString(), "-i", index.toString()),
                "no-such-picture.png");
        add(cases, "search with text named .jpg", List.of("search", text.toString(), "-i", index.toString()),
                "not-a-picture.jpg");
        add(cases, "search another model's index", List.of("search", picture.toString(), "-i",
                otherModelIndex().toString()), "other-model-index");
        add(cases, "search a damaged commit", List.of("search", picture.toString(), "-i",
                damagedIndex("idx-damaged-commit", "segments_").toString()), "idx-damaged-commit");
        add(cases, "check a damaged index", List.of("index", "--check", damagedIndex("idx-damaged-data", ".cfs")
                .toString()), "idx-damaged-data", "damaged");
        add(cases, "check a missing index", List.of("index", "--check", dir.resolve("idx-nowhere").toString()),
                "idx-nowhere");
        add(cases, "check a folder that is not an index", List.of("index", "--check", notIndex.toString()),
                "not-an-index");
        add(cases, "index a missing folder", List.of("index", dir.resolve("photos-gone").toString(), "-i",
                dir.resolve("idx-a").toString()), "photos-gone");
        add(cases, "index a file instead of a folder", List.of("index", picture.toString(), "-i",
                dir.resolve("idx-b").toString()), "p0.png");
        add(cases, "index a folder without pictures", List.of("index", Files.createDirectories(dir.resolve("no-pics"))
                .toString(), "-i", dir.resolve("idx-c").toString()), "no-pics");
        add(cases, "index into a file", List.of("index", photos.toString(), "-i", text.toString()),
                "not-a-picture.jpg");

        // dedup: folders, caps, reports
        add(cases, "dedup a missing folder", List.of("dedup", dir.resolve("dup-gone").toString()), "dup-gone");
        add(cases, "dedup over the pair cap", List.of("dedup", copies.toString(), "--max-pairs", "2", "--exact"),
                "pairs", "threshold");
        add(cases, "hash dedup over the pair cap", List.of("dedup", copies.toString(), "--hash-bits", "8",
                "--max-pairs", "2"), "pairs");
        add(cases, "dedup an index over the pair cap", List.of("dedup", "-i", copiesIndex().toString(),
                "--max-pairs", "2", "--exact"), "pairs");
        add(cases, "dedup a damaged index", List.of("dedup", "-i", damagedIndex("idx-damaged-dedup", "segments_")
                .toString()), "idx-damaged-dedup");
        add(cases, "dedup calibration sample missing", List.of("dedup", photos.toString(), "--calibrate",
                dir.resolve("sample-gone").toString()), "sample-gone");
        add(cases, "dedup a CSV report into a file's folder", List.of("dedup", photos.toString(), "--csv",
                text.resolve("groups.csv").toString()), "not-a-picture.jpg");

        // embed
        add(cases, "embed a missing folder", List.of("embed", dir.resolve("embed-gone").toString(), "-o",
                dir.resolve("e.csv").toString()), "embed-gone");

        // sweeps and experiment files
        Path escaping = writeText("escaping-sweep.conf",
                "sweep { name = \"../escaped-sweep\", grid { \"model.margin\" = [0.5, 1.0] } }\n");
        add(cases, "sweep named outside its folder", List.of("sweep", escaping.toString(), "-o",
                dir.resolve("sweeps").toString()), "sweep.name", "../escaped-sweep");
        Path absolute = writeText("absolute-sweep.conf",
                "sweep { name = \"" + dir.resolve("anywhere") + "\", grid { \"model.margin\" = [0.5, 1.0] } }\n");
        add(cases, "sweep named by an absolute path", List.of("sweep", absolute.toString(), "-o",
                dir.resolve("sweeps").toString()), "sweep.name");
        Path sweepInclude = writeText("include-sweep.conf",
                "include \"no-base.conf\"\nsweep { name = s, grid { \"model.margin\" = [0.5, 1.0] } }\n");
        add(cases, "sweep including a missing file", List.of("sweep", sweepInclude.toString(), "-o",
                dir.resolve("sweeps").toString()), "no-base.conf");
        Path experimentInclude = writeText("include-experiment.conf",
                "include \"base-experment.conf\"\nsiamese.training.iterations = 2\n");
        add(cases, "experiment including a missing file", List.of("train", "-e", experimentInclude.toString(), "-o",
                dir.resolve("runs").toString()), "base-experment.conf");
        add(cases, "experiment named ..", List.of("train", "--set", "experiment.name=..", "-o",
                dir.resolve("runs").toString()), "siamese.experiment.name");
        add(cases, "layers that cannot fit", List.of("train", "--set", "model.mlp.hidden=[1048576, 1048576]", "-o",
                dir.resolve("runs").toString()), "model.mlp.hidden", "narrower");
        add(cases, "IDX that inflates past the heap", List.of("train", "--set", "data.source=mnist", "--set",
                "data.mnist.dir=" + hugeIdx(), "--set", "training.iterations=1", "-o", dir.resolve("runs").toString()),
                "train-images-idx3-ubyte");
        add(cases, "search settings key outside search", List.of("dedup", photos.toString(), "--set",
                "search.dedup.max-pairs=0"), "siamese.search.dedup.max-pairs");
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void failsWithOneClearErrorAndChangesNothingItWasGiven(Case c) throws IOException {
        Map<String, String> before = listing(dir);
        Cli.Result result = Cli.run(c.args().toArray(String[]::new));
        String err = result.err();
        assertThat(result.code()).as(err).isEqualTo(1);
        // one error line, after at most the details it sums up (index --check lists each damaged file first)
        assertThat(err.lines().filter(line -> line.startsWith("error: "))).as(err).hasSize(1);
        assertThat(err).as(err).doesNotContain("\tat ").doesNotContain("Exception in thread");
        for (String fragment : c.expected()) {
            assertThat(err).as(err).contains(fragment);
        }
        // nothing that existed before changed (new output folders of a failed run may appear, but no report)
        Map<String, String> after = listing(dir);
        before.forEach((path, stamp) -> assertThat(after.get(path)).as(path).isEqualTo(stamp));
        assertThat(after.keySet()).noneMatch(p -> p.endsWith(".csv") && !before.containsKey(p));
    }

    private static void add(List<Case> cases, String name, List<String> args, String... expected) {
        cases.add(new Case(name, args, List.of(expected)));
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static Path writeText(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** A copy of the index with bytes in the middle of its first file whose name contains {@code part} overwritten. */
    private static Path damagedIndex(String name, String part) throws IOException {
        Path copy = dir.resolve(name);
        if (Files.exists(copy)) {
            return copy;
        }
        copyTree(index, copy);
        Path victim;
        try (Stream<Path> files = Files.walk(copy)) {
            victim = files.filter(p -> p.getFileName().toString().contains(part)).findFirst().orElseThrow();
        }
        try (FileChannel channel = FileChannel.open(victim, StandardOpenOption.WRITE)) {
            byte[] junk = new byte[Math.min(64, (int) channel.size() / 2)];
            Arrays.fill(junk, (byte) 0x5A);
            channel.write(ByteBuffer.wrap(junk), channel.size() / 2 - junk.length / 2);
        }
        return copy;
    }

    /** A copy of the index whose metadata names another model. */
    private static Path otherModelIndex() throws IOException {
        Path copy = dir.resolve("other-model-index");
        if (!Files.exists(copy)) {
            copyTree(index, copy);
            Path properties = copy.resolve("siamese-index.properties");
            Files.writeString(properties, Files.readString(properties).replaceAll("(?m)^model=.*$", "model=someone-else"));
        }
        return copy;
    }

    private static Path copiesIndex() throws IOException {
        Path built = dir.resolve("copies-index");
        if (!Files.exists(built)) {
            Cli.Result result = Cli.run("index", copies.toString(), "-i", built.toString(), "-q");
            assertThat(result.code()).as(result.err()).isZero();
        }
        return built;
    }

    /** A gzip IDX file of a few kilobytes whose header declares, and whose data inflates to, more than the heap. */
    private static Path hugeIdx() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("idx-huge"));
        long heap = Runtime.getRuntime().maxMemory();
        int count = (int) Math.min(Integer.MAX_VALUE, heap / (28 * 28) + 2);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve("train-images-idx3-ubyte.gz")))) {
            out.write(ByteBuffer.allocate(16).putInt(0x00000803).putInt(count).putInt(28).putInt(28).array());
            byte[] zeros = new byte[1 << 20];
            long left = (long) count * 28 * 28;
            while (left > 0) {
                int n = (int) Math.min(zeros.length, left);
                out.write(zeros, 0, n);
                left -= n;
            }
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve("train-labels-idx1-ubyte.gz")))) {
            out.write(ByteBuffer.allocate(8).putInt(0x00000801).putInt(count).array());
            out.write(new byte[count]);
        }
        Files.write(folder.resolve("t10k-images-idx3-ubyte"), ByteBuffer.allocate(16 + 28 * 28).putInt(0x00000803)
                .putInt(1).putInt(28).putInt(28).array());
        Files.write(folder.resolve("t10k-labels-idx1-ubyte"), ByteBuffer.allocate(9).putInt(0x00000801).putInt(1).array());
        return folder;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** Every file under {@code root} (outside the model cache) with its size and modification time. */
    private static Map<String, String> listing(Path root) throws IOException {
        Map<String, String> stamps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (!p.startsWith(root.resolve("cache"))) {
                    stamps.put(root.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p));
                }
            }
        }
        return stamps;
    }
}
