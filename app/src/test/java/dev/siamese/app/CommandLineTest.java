package dev.siamese.app;

import dev.siamese.app.cli.SiameseCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cl = SiameseCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommands() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("train", "evaluate", "experiments");
        assertThat(run("train", "--help").out()).contains("--experiment", "--set", "--quiet");
    }

    @Test
    void versionIsTheBuildsAndEveryOptionShowsALabelNotAFieldName() throws IOException {
        Result version = run("--version");
        assertThat(version.code()).isZero();
        // the version Maven filtered into build.properties: the one in the POM, not a hard-coded string
        String pom = Files.readString(java.nio.file.Path.of("pom.xml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).isTrue();
        assertThat(version.out()).startsWith("siamese " + m.group(1) + "\n").contains("Java " + Runtime.version());
        for (String command : List.of("index", "search", "dedup", "embed", "compare", "train", "evaluate", "sweep")) {
            String help = run(command, "--help").out();
            assertThat(help).as(command + " --help").doesNotContainPattern("<[a-z]+[A-Z][A-Za-z]*>")
                    .doesNotContain("<k>", "<batch>", "<neighbours>", "<candidates>");
        }
    }

    @Test
    void unknownKeyFailsBeforeAnyWorkNamingTheKey() throws IOException {
        Result r = run("train", "--output", dir.toString(), "--set", "model.marign=0.5");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown setting 'siamese.model.marign'", "did you mean 'siamese.model.margin'");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no run directory is created").isEmpty();
        }
    }

    @Test
    void outOfRangeValueFailsBeforeAnyWork() throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "siamese.training.iterations = 0\n");
        Result r = run("train", "--output", dir.resolve("runs").toString(), "--experiment", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("siamese.training.iterations = 0", "bad.conf:1", "must be in [1, ");
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    @Test
    void missingDatasetFolderNamesThePath() {
        Result r = run("train", "--output", dir.toString(), "--quiet", "--set", "data.source=fashion-mnist",
                "--set", "data.fashion-mnist.dir=" + dir.resolve("nowhere"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("nowhere");
    }

    @Test
    void evaluateRefusesAFolderThatIsNotARun() {
        Result r = run("evaluate", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("not a run directory");
    }

    @Test
    void experimentsListsTheBundledOnes() {
        Result r = run("experiments");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("paper-mlp-digits", "near-duplicate-photos", "sweeps (siamese sweep NAME):",
                "table1-cifar10", "near-duplicate-ensemble  ");
        assertThat(r.out().indexOf("near-duplicate-ensemble")).isGreaterThan(r.out().indexOf("sweeps ("));
    }
}
