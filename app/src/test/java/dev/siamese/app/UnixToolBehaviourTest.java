package dev.siamese.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siamese.api.model.Models;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as a Unix tool with the shipped near-duplicate twin: {@code compare}'s exit code is its verdict,
 * {@code --json} puts one JSON document and nothing else on standard output, {@code -q} silences everything but the
 * results, and {@code doctor} checks the machine.
 */
class UnixToolBehaviourTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAIRS = 3;

    @TempDir
    Path cache;

    @TempDir
    Path dir;

    @BeforeEach
    void privateCache() {
        System.setProperty(Models.CACHE_PROPERTY, cache.toString());
    }

    @AfterEach
    void restoreCache() {
        System.clearProperty(Models.CACHE_PROPERTY);
    }

    /** Three pictures each with a copy at twice the size, and two loners. */
    private Path photos() throws IOException {
        Path photos = dir.resolve("photos");
        for (int i = 0; i < PAIRS; i++) {
            BufferedImage original = Cli.picture(100 + i, 120, 90);
            Cli.write(photos.resolve("p" + i + ".png"), original);
            Cli.write(photos.resolve("copies/p" + i + "-large.png"), scaled(original, 240, 180));
        }
        for (int i = 0; i < 2; i++) {
            Cli.write(photos.resolve("single" + i + ".png"), Cli.picture(700 + i, 120, 90));
        }
        return photos;
    }

    private static BufferedImage scaled(BufferedImage source, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    @Test
    void compareExitCodeIsTheVerdictAndJsonIsTheWholeOutput() throws IOException {
        Path photos = photos();
        String p1 = photos.resolve("p1.png").toString();
        String copy = photos.resolve("copies/p1-large.png").toString();
        String other = photos.resolve("single0.png").toString();

        Cli.Result same = Cli.run("compare", p1, copy);
        assertThat(same.code()).as(same.err()).isZero();
        assertThat(same.out()).contains(": similar");
        Cli.Result different = Cli.run("compare", p1, other);
        assertThat(different.code()).as(different.err()).isEqualTo(3);
        assertThat(different.out()).contains(": not similar");
        Cli.Result missing = Cli.run("compare", p1, dir.resolve("absent.png").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("error:");
        Cli.Result usage = Cli.run("compare", p1);
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required parameter");
        Cli.Result quiet = Cli.run("compare", "-q", p1, other);
        assertThat(quiet.code()).isEqualTo(3);
        assertThat(quiet.out()).isEmpty();
        assertThat(Cli.run("compare", "--help").out()).contains("Exit codes:", "0   similar", "3   different",
                "1   error", "2   usage");

        Cli.Result json = Cli.run("compare", "--json", p1, other);
        assertThat(json.code()).isEqualTo(3);
        JsonNode verdict = JSON.readTree(json.out());
        assertThat(verdict.get("similar").asBoolean()).isFalse();
        assertThat(verdict.get("pictureA").asText()).isEqualTo(p1);
        assertThat(verdict.get("pictureB").asText()).isEqualTo(other);
        assertThat(verdict.get("distance").isNumber()).isTrue();
        assertThat(verdict.get("threshold").asDouble()).isPositive();
        // the shipped twin weighs in the hashes: what it decided on is there too
        assertThat(verdict.get("decided").asDouble()).isCloseTo(verdict.get("distance").asDouble()
                + verdict.get("hashBitWeight").asDouble() * verdict.get("hashBits").asInt(),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(verdict.get("decided").asDouble()).isGreaterThanOrEqualTo(verdict.get("threshold").asDouble());
        JsonNode similar = JSON.readTree(Cli.run("compare", "--json", p1, copy).out());
        assertThat(similar.get("similar").asBoolean()).isTrue();
        JsonNode fixed = JSON.readTree(Cli.run("compare", "--json", "-t", "1e-9", p1, copy).out());
        assertThat(fixed.has("hashBits")).as("-t decides on the distance alone").isFalse();
        assertThat(fixed.get("threshold").asDouble()).isEqualTo(1e-9);
    }

    @Test
    void searchAndDedupPrintOneJsonDocument() throws IOException {
        Path photos = photos();
        Cli.Result search = Cli.run("search", "--json", photos.resolve("p2.png").toString(), photos.toString(), "-k", "3",
                "--exact");
        assertThat(search.code()).as(search.err()).isZero();
        JsonNode found = JSON.readTree(search.out());
        assertThat(found.get("query").asText()).endsWith("p2.png");
        assertThat(found.get("decision").asText()).isEqualTo("near-duplicate");
        assertThat(found.get("threshold").asDouble()).isPositive();
        JsonNode hits = found.get("hits");
        assertThat(hits).hasSize(3);
        assertThat(hits.get(0).get("path").asText()).endsWith("p2.png");
        assertThat(hits.get(0).get("distance").asDouble()).isLessThan(hits.get(1).get("distance").asDouble());
        assertThat(hits.get(1).get("distance").asDouble()).isLessThan(hits.get(2).get("distance").asDouble());
        assertThat(hits.get(1).get("path").asText()).endsWith("p2-large.png");
        assertThat(hits.get(1).get("similar").asBoolean()).isTrue();
        assertThat(hits.get(2).get("similar").asBoolean()).isFalse();

        Path report = dir.resolve("groups.json");
        Cli.Result toFile = Cli.run("dedup", photos.toString(), "--json", report.toString());
        assertThat(toFile.code()).as(toFile.err()).isZero();
        assertThat(toFile.out()).contains(PAIRS + " groups of near-duplicates");
        // --json alone: the same report on standard output, every other line on standard error
        for (List<String> args : List.of(List.of("dedup", photos.toString(), "--json"),
                List.of("dedup", "--json", photos.toString()), List.of("dedup", "--json", "-", photos.toString()))) {
            Cli.Result json = Cli.run(args.toArray(String[]::new));
            assertThat(json.code()).as(args + ": " + json.err()).isZero();
            JsonNode groups = JSON.readTree(json.out());
            assertThat(groups).as(String.join(" ", args)).isEqualTo(JSON.readTree(report.toFile()));
            assertThat(json.err()).as(String.join(" ", args)).contains("unchanged");
        }
        JsonNode groups = JSON.readTree(report.toFile());
        assertThat(groups.get("groups")).hasSize(PAIRS);
        List<String> keys = new ArrayList<>();
        groups.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("metric", "threshold", "exact", "compared", "grouping", "groups");
        assertThat(dir.resolve("-")).doesNotExist();
    }

    @Test
    void quietCommandsPrintOnlyTheirResults() throws IOException {
        Path photos = photos();
        Cli.Result embed = Cli.run("embed", photos.toString(), "-o", dir.resolve("e.csv").toString(), "-q");
        assertThat(embed.code()).as(embed.err()).isZero();
        assertThat(embed.out()).isEmpty();
        assertThat(Files.readAllLines(dir.resolve("e.csv"))).hasSize(2 * PAIRS + 2 + 1);
        Cli.Result index = Cli.run("index", photos.toString(), "-i", dir.resolve("idx").toString(), "-q");
        assertThat(index.code()).as(index.err()).isZero();
        assertThat(index.out()).isEmpty();
        assertThat(index.err()).isEmpty();
        Cli.Result search = Cli.run("search", "-q", photos.resolve("p0.png").toString(), "-i",
                dir.resolve("idx").toString(), "-k", "2");
        assertThat(search.out().lines()).hasSize(2);
        assertThat(search.err()).isEmpty();
        Cli.Result experiments = Cli.run("experiments", "-q");
        assertThat(experiments.code()).isZero();
    }

    @Test
    void doctorReportsTheMachineAndSaysEverythingWorks() {
        Cli.Result doctor = Cli.run("doctor");
        assertThat(doctor.code()).as(doctor.err()).isZero();
        assertThat(doctor.out()).contains("Java:", "Java home:", "OS:", "processors:", "max heap:", "CPU features:",
                "Vector API:", "backend:         tensorflow", "TensorFlow:", "TensorFlow Java:", "native library:  loaded", "GPUs:",
                "shipped model:   near-duplicates", "everything needed works");
        assertThat(doctor.out()).contains("Java:            " + Runtime.version());
        assertThat(doctor.err()).doesNotContain("error:");
        Cli.Result quiet = Cli.run("doctor", "-q");
        assertThat(quiet.code()).isZero();
        assertThat(quiet.out()).isEmpty();
    }
}
