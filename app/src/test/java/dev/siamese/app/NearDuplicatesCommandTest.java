package dev.siamese.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near-duplicate workflow through the CLI: train a twin with augmented pairs on an unlabelled picture folder,
 * build a near-duplicate set from other pictures, and score the twin against the hashes on it.
 */
class NearDuplicatesCommandTest {


    @Test
    void trainsOnAnUnlabelledFolderThenScoresTheTwinAndTheHashesOnANearDuplicateSet(@TempDir Path dir) throws IOException {
        Path photos = dir.resolve("photos");
        for (int i = 0; i < 60; i++) {
            Cli.write(photos.resolve(i % 2 == 0 ? "a" : "b/c").resolve("p" + i + ".png"), Cli.picture(i, 40, 30));
        }
        Cli.Result trained = Cli.run("train", "-e", "near-duplicate-photos", "-o", dir.resolve("runs").toString(), "-q",
                "--set", "data.picture-folder.dir=\"" + photos + "\"",
                "--set", "data.cache.enabled=false",
                "--set", "data.image-folder.height=16", "--set", "data.image-folder.width=16",
                "--set", "model.conv.layers=1", "--set", "model.conv.kernels=4", "--set", "model.embedding-dim=8",
                "--set", "training.iterations=30", "--set", "training.batch-pairs=16",
                "--set", "training.validation.every=0", "--set", "training.checkpoint-every=0",
                "--set", "data.augmented-evaluation.pictures=5", "--set", "data.augmented-evaluation.copies=3",
                "--set", "data.augmented-pairs.hard-negative-candidates=4",
                "--set", "evaluation.calibration-pairs=100", "--set", "evaluation.test-pairs=100");
        assertThat(trained.code()).as(trained.err()).isZero();
        Path runDir;
        try (var runs = Files.list(dir.resolve("runs"))) {
            runDir = runs.findFirst().orElseThrow();
        }
        assertThat(runDir.resolve("COMPLETE")).exists();
        assertThat(Files.readString(runDir.resolve("config.conf"))).contains("pairs=augmented");

        Path csv = dir.resolve("embeddings.csv");
        Cli.Result embedded = Cli.run("embed", photos.toString(), "-m", runDir.toString(), "-o", csv.toString());
        assertThat(embedded.code()).as(embedded.err()).isZero();
        var rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(61);
        assertThat(rows.get(0)).isEqualTo("path,e0,e1,e2,e3,e4,e5,e6,e7");
        assertThat(rows.get(1).split(",")).hasSize(9);
        assertThat(csv.resolveSibling("embeddings.csv.partial")).doesNotExist();

        String p0 = photos.resolve("a/p0.png").toString();
        Cli.Result same = Cli.run("compare", p0, p0, "-m", runDir.toString());
        assertThat(same.code()).as(same.err()).isZero();
        assertThat(same.out()).startsWith("distance 0.00000").contains(": similar");
        Cli.Result strict = Cli.run("compare", p0, photos.resolve("b/c/p1.png").toString(), "-m", runDir.toString(), "-t", "1e-9");
        assertThat(strict.out()).contains("threshold 0.00000: not similar");
        assertThat(strict.code()).as("the exit code of 'not similar'").isEqualTo(3);
        Cli.Result absent = Cli.run("compare", p0, dir.resolve("absent.png").toString(), "-m", runDir.toString());
        assertThat(absent.code()).isEqualTo(1);
        assertThat(absent.err()).contains("error:").contains("absent.png");

        Path others = dir.resolve("others");
        for (int i = 0; i < 8; i++) {
            Cli.write(others.resolve("o" + i + ".png"), Cli.picture(500 + i, 120, 90));
        }
        for (int i = 0; i < 12; i++) {
            Cli.write(others.resolve("distractors/d" + i + ".png"), Cli.picture(900 + i, 50, 40));
        }
        Path set = dir.resolve("set");
        Cli.Result made = Cli.run("near-duplicates", "make-set", "--originals", others.resolve("o0.png") + ","
                + others.resolve("o1.png") + "," + others.resolve("o2.png") + "," + others.resolve("o3.png") + ","
                + others.resolve("o4.png") + "," + others.resolve("o5.png"), "--distractors",
                others.resolve("distractors").toString(), "-o", set.toString(), "--max-side", "96");
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).contains("calibration 3 groups + 6 distractors, test 3 groups + 6 distractors");

        Path table = dir.resolve("table.md");
        Path mistakes = dir.resolve("mistakes.csv");
        Cli.Result scored = Cli.run("near-duplicates", "score", "--set", set.toString(), "-m", runDir.toString(),
                "--markdown", table.toString(), "--mistakes", mistakes.toString());
        assertThat(scored.code()).as(scored.err()).isZero();
        assertThat(scored.out()).contains("| twin (conv-").contains("| ahash |").contains("| dhash |").contains("| phash |")
                .contains("| recall resize50 | recall crop85 | recall jpeg25 | recall rotate5 | recall brightness |")
                .contains("24 pictures, 276 pairs of which 45 near-duplicate pairs");
        assertThat(Files.readString(table)).isEqualTo(scored.out());
        // the last column: pair-level F1 of the groups dedup would form, connected and centred
        assertThat(scored.out()).contains("| grouped F1 connected / centred |");
        List<String> scoredRows = scored.out().lines().filter(l -> l.startsWith("| twin (") || l.startsWith("| phash |"))
                .toList();
        assertThat(scoredRows).hasSize(2);
        for (String row : scoredRows) {
            String[] cells = row.split("\\|");
            String[] grouped = cells[cells.length - 1].trim().split(" / ");
            assertThat(grouped).hasSize(2);
            for (String f1 : grouped) {
                assertThat(Double.parseDouble(f1)).as(row).isBetween(0.0, 1.0);
            }
        }
        // a model blind to the picture puts every pair at distance 0 and can only predict all 276 pairs: F1
        // 2 x 45 / (45 + 276) = 0.280; the hash and the twin read the picture and must beat that guess clearly
        // (measured: phash 0.822, twin 0.929; a margin of 0.4 leaves room for edits they miss, not for guessing)
        double allPairs = 2.0 * 45 / (45 + 276);
        assertThat(f1Of(scored.out(), "| phash |")).isGreaterThan(allPairs + 0.4);
        assertThat(f1Of(scored.out(), "| twin (")).isGreaterThan(allPairs + 0.4);

        // a set of exact copies (byte copies of one picture per group) and different distractors: every true pair is at
        // distance 0 and every method that reads the picture finds all of them; the hashes, whose threshold is then
        // 0 bits, find nothing else, so their F1 is 1; the twin's threshold is at least 0, so its recall is 1
        Path copies = dir.resolve("copies");
        int seed = 700;
        for (String half : List.of("calibration", "test")) {
            for (int g = 0; g < 3; g++) {
                Path first = copies.resolve(half + "/g" + g + "/a.png");
                Cli.write(first, Cli.picture(seed++, 120, 90));
                Files.copy(first, first.resolveSibling("b.png"));
                Files.copy(first, first.resolveSibling("c.png"));
            }
            for (int i = 0; i < 3; i++) {
                Cli.write(copies.resolve(half + "/distractors/x" + i + ".png"), Cli.picture(seed++, 120, 90));
            }
        }
        Cli.Result exact = Cli.run("near-duplicates", "score", "--set", copies.toString(), "-m", runDir.toString());
        assertThat(exact.code()).as(exact.err()).isZero();
        assertThat(exact.out()).contains("12 pictures, 66 pairs of which 9 near-duplicate pairs");
        for (String hash : List.of("| ahash |", "| dhash |", "| phash |")) {
            assertThat(f1Of(exact.out(), hash)).as(hash).isEqualTo(1.0);
        }
        assertThat(recallOf(exact.out(), "| twin (")).isEqualTo(1.0);

        // two twins and their ensemble: the same twin twice scales every distance by sqrt(2), so the ensemble ranks the
        // pairs as the twin does and reaches the same precision, recall and F1
        Cli.Result twice = Cli.run("near-duplicates", "score", "--set", set.toString(), "-m", runDir.toString(), "-m",
                runDir.toString(), "--hashes", "none");
        assertThat(twice.code()).as(twice.err()).isZero();
        List<String> twinRows = twice.out().lines().filter(l -> l.startsWith("| twin 1 (") || l.startsWith("| twin 2 (")
                || l.startsWith("| ensemble of 2 twins |")).toList();
        assertThat(twinRows).hasSize(3);
        for (String row : twinRows) {
            String[] cells = row.split("\\|");
            String[] first = twinRows.get(0).split("\\|");
            assertThat(cells[3] + cells[4] + cells[5]).as(row).isEqualTo(first[3] + first[4] + first[5]);
        }
        // every mistake row names a real pair of the test half, and its kind agrees with the groups
        var mistakeRows = Files.readAllLines(mistakes);
        assertThat(mistakeRows.get(0)).isEqualTo("method,mistake,distance,left,left_group,left_kind,right,right_group,right_kind");
        for (String row : mistakeRows.subList(1, mistakeRows.size())) {
            String[] f = row.split(",");
            assertThat(f).hasSize(9);
            assertThat(Path.of(f[3])).startsWith(set.resolve("test")).exists();
            assertThat(Path.of(f[6])).startsWith(set.resolve("test")).exists();
            assertThat(f[4].equals(f[7])).as(row).isEqualTo(f[1].equals("false-negative"));
        }

        // index the test half, then dedup with a threshold calibrated on the labelled calibration half
        Path index = dir.resolve("index");
        Cli.Result indexed = Cli.run("index", set.resolve("test").toString(), "-m", runDir.toString(), "-i", index.toString(), "-q");
        assertThat(indexed.code()).as(indexed.err()).isZero();
        Path html = dir.resolve("sheet.html");
        Cli.Result dedup = Cli.run("dedup", "-m", runDir.toString(), "-i", index.toString(), "--exact",
                "--calibrate", set.resolve("calibration").toString(), "--html", html.toString(), "--html-max-groups", "1");
        assertThat(dedup.code()).as(dedup.err()).isZero();
        // the calibration reports the F1 of the groups it will form, and the pairs' F1 beside it
        assertThat(dedup.out()).containsPattern("calibrated on .*calibration: threshold [0-9.]+; centred groups: precision"
                + " [0-9.]+, recall [0-9.]+, F1 [0-9.]+ \\(pairs alone: precision [0-9.]+, recall [0-9.]+, F1 [0-9.]+\\)");
        String sheet = Files.readString(html);
        assertThat(sheet).startsWith("<!DOCTYPE html>").contains("groups holding").contains("exact pairs");
        Cli.Result hashes = Cli.run("dedup", "-m", runDir.toString(), "-i", index.toString(), "--hash",
                "--calibrate", set.resolve("calibration").toString());
        assertThat(hashes.code()).as(hashes.err()).isZero();
        assertThat(hashes.out()).containsPattern("calibrated on .*: [0-9]+ bits").contains("hamming");
        Cli.Result both = Cli.run("dedup", "-m", runDir.toString(), "-i", index.toString(), "-t", "0.5",
                "--calibrate", set.resolve("calibration").toString());
        assertThat(both.code()).isEqualTo(1);
        assertThat(both.err()).contains("--calibrate chooses the threshold");

        // a near-duplicate threshold chosen on the set's groups, saved with a copy of the model, then checked as is
        Path tuned = dir.resolve("tuned");
        Cli.Result threshold = Cli.run("near-duplicates", "threshold", "--set", set.toString(), "-m", runDir.toString(), "-o",
                tuned.toString());
        assertThat(threshold.code()).as(threshold.err()).isZero();
        var chosen = java.util.regex.Pattern.compile("threshold ([0-9.]+) \\(was ([0-9.]+), calibrated on training copies\\):"
                + " mean centred grouped F1 ([0-9.]+)").matcher(threshold.out());
        assertThat(chosen.find()).as(threshold.out()).isTrue();
        String descriptor = Files.readString(tuned.resolve("siamese-model.json"));
        assertThat(descriptor).contains("\"threshold.chosenOn\"").contains("\"threshold.grouping\" : \"centred\"")
                .contains("\"threshold.trainingCalibrated\"");
        assertThat(Files.size(tuned.resolve("saved_model/saved_model.pb")))
                .isEqualTo(Files.size(runDir.resolve("model/saved_model/saved_model.pb")));
        Cli.Result check = Cli.run("near-duplicates", "check", "--set", set.toString(), "-m", tuned.toString());
        assertThat(check.code()).as(check.err()).isZero();
        assertThat(check.out()).contains("at its own threshold " + chosen.group(1))
                .contains("| calibration |").contains("| test |");
        // the mean of the two halves' centred F1 in the check table is the F1 the threshold was chosen for
        var halves = check.out().lines().filter(l -> l.startsWith("| calibration |") || l.startsWith("| test |")).toList();
        double mean = halves.stream().mapToDouble(r -> Double.parseDouble(r.split("\\|")[6].split("\\*\\*")[1])).average()
                .orElseThrow();
        assertThat(mean).isCloseTo(Double.parseDouble(chosen.group(3)), org.assertj.core.api.Assertions.within(0.0015));
        // with both signals: the weight of a hash bit is chosen too, saved, and used by check
        Path hashed = dir.resolve("tuned-with-hash");
        Cli.Result withHash = Cli.run("near-duplicates", "threshold", "--set", set.toString(), "-m", runDir.toString(), "-o",
                hashed.toString(), "--with-hash");
        assertThat(withHash.code()).as(withHash.err()).isZero();
        assertThat(withHash.out()).containsPattern("on distance \\+ [0-9.]+ x hash bits: mean centred grouped F1");
        assertThat(Files.readString(hashed.resolve("siamese-model.json"))).contains("\"threshold.hashBitWeight\"");
        Cli.Result checkBoth = Cli.run("near-duplicates", "check", "--set", set.toString(), "-m", hashed.toString());
        assertThat(checkBoth.code()).as(checkBoth.err()).isZero();
        assertThat(checkBoth.out()).containsPattern("at its own threshold [0-9.]+ \\(distance \\+ [0-9.]+ x hash bits\\)");
        Cli.Result occupied = Cli.run("near-duplicates", "threshold", "--set", set.toString(), "-m", runDir.toString(), "-o",
                tuned.toString());
        assertThat(occupied.code()).isEqualTo(1);
        assertThat(occupied.err()).contains("not empty");

        Cli.Result missing = Cli.run("near-duplicates", "score", "--set", dir.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("error:").contains("nope").contains("make-set");
        Cli.Result badHash = Cli.run("near-duplicates", "score", "--set", set.toString(), "--hashes", "md5");
        assertThat(badHash.code()).isEqualTo(1);
        assertThat(badHash.err()).contains("md5");
    }

    /** The test F1 (in bold) of the row that starts with {@code rowStart} in a score table. */
    private static double f1Of(String table, String rowStart) {
        String row = table.lines().filter(l -> l.startsWith(rowStart)).findFirst().orElseThrow();
        return Double.parseDouble(row.split("\\|")[5].trim().replace("**", ""));
    }

    /** The test recall of the row that starts with {@code rowStart} in a score table. */
    private static double recallOf(String table, String rowStart) {
        String row = table.lines().filter(l -> l.startsWith(rowStart)).findFirst().orElseThrow();
        return Double.parseDouble(row.split("\\|")[4].trim());
    }
}
