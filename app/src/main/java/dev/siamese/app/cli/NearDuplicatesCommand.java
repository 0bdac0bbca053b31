package dev.siamese.app.cli;

import dev.siamese.api.SiameseException;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.data.pictures.PictureFiles;
import dev.siamese.search.hashes.PerceptualHash;
import dev.siamese.search.internal.Csv;
import dev.siamese.search.neardup.NearDuplicateScorer;
import dev.siamese.search.neardup.NearDuplicateSet;
import dev.siamese.search.neardup.PictureTransforms;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code siamese near-duplicates}: build a near-duplicate benchmark from real pictures and score detectors on it. */
@Command(name = "near-duplicates", mixinStandardHelpOptions = true,
        description = "Build a near-duplicate benchmark from real pictures and score a trained twin against the hashes.",
        subcommands = {NearDuplicatesCommand.MakeSet.class, NearDuplicatesCommand.Score.class,
                NearDuplicatesCommand.Threshold.class, NearDuplicatesCommand.Check.class})
public final class NearDuplicatesCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin
    QuietOption quiet;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code near-duplicates make-set}. */
    @Command(name = "make-set", mixinStandardHelpOptions = true,
            description = {"Make a near-duplicate set: each original (scaled to --max-side) plus copies resized to 50%%,"
                    + " centre-cropped to 85%%, re-compressed at JPEG quality 25, turned 5 degrees and with brightness and"
                    + " contrast changed; plus unrelated distractors. Groups and distractors are split at random into a"
                    + " calibration and a test half."})
    static final class MakeSet implements Callable<Integer> {
        @Option(names = "--originals", required = true, split = ",", paramLabel = "FILE_OR_DIR",
                description = "Original pictures: files, or folders searched recursively.")
        List<Path> originals;

        @Option(names = "--distractors", split = ",", paramLabel = "FILE_OR_DIR",
                description = "Unrelated pictures: files, or folders searched recursively.")
        List<Path> distractors = new ArrayList<>();

        @Option(names = "--max-distractors", paramLabel = "N", defaultValue = "1000", description = "At most this many distractors, chosen at random (default ${DEFAULT-VALUE}).")
        int maxDistractors;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "A new or empty folder for the set.")
        Path out;

        @Option(names = "--max-side", paramLabel = "PX", defaultValue = "1024", description = "Longer side of the originals in px (default ${DEFAULT-VALUE}).")
        int maxSide;

        @Option(names = "--seed", paramLabel = "SEED", defaultValue = "2024", description = "Fixes the split and the choice of distractors (default ${DEFAULT-VALUE}).")
        long seed;

        @picocli.CommandLine.Mixin
        QuietOption quiet;

        @Override
        public Integer call() {
            List<Path> originalFiles = pictures(originals, "--originals");
            List<Path> distractorFiles = new ArrayList<>(pictures(distractors, "--distractors"));
            java.util.Collections.shuffle(distractorFiles, new java.util.Random(seed + 7));
            if (distractorFiles.size() > maxDistractors) {
                distractorFiles = distractorFiles.subList(0, maxDistractors);
            }
            int total = originalFiles.size() + distractorFiles.size();
            long t0 = System.nanoTime();
            ConsoleProgress.Counter progress = ConsoleProgress.counting("making the set", "pictures", quiet.quiet());
            NearDuplicateSet.Summary summary;
            try {
                summary = NearDuplicateSet.build(originalFiles, distractorFiles, out, maxSide, seed,
                        done -> progress.update(done, total));
            } finally {
                progress.done();
            }
            summary.skipped().forEach(s -> System.out.println("skipped " + s));
            if (quiet.quiet()) {
                return 0;
            }
            System.out.printf(Locale.ROOT, "near-duplicate set %s in %.1f s: calibration %d groups + %d distractors, test %d"
                            + " groups + %d distractors; %d copies per group (%s)%n", out, (System.nanoTime() - t0) / 1e9,
                    summary.groups()[0], summary.distractors()[0], summary.groups()[1], summary.distractors()[1],
                    PictureTransforms.ALL.size(),
                    PictureTransforms.ALL.stream().map(PictureTransforms.Transform::name).collect(Collectors.joining(", ")));
            return 0;
        }
    }

    /** {@code near-duplicates score}. */
    @Command(name = "score", mixinStandardHelpOptions = true,
            description = {"Pair-level precision, recall and F1 of a trained twin and of the aHash, dHash and DCT pHash on a"
                    + " set made by make-set: each method's threshold is the best-F1 one on the calibration half, scored on"
                    + " the test half; with the recall of each edit and the time each method took."})
    static final class Score implements Callable<Integer> {
        @Option(names = "--set", required = true, paramLabel = "DIR", description = "A set made by make-set.")
        Path set;

        @Option(names = {"-m", "--model"}, paramLabel = "DIR", description = {"A model directory or run directory (omit"
                + " for hashes only). Repeat it to score several twins and their ensemble (distances combined as the norm"
                + " of the twins' distances)."})
        List<Path> model = new ArrayList<>();

        @Option(names = "--hashes", split = ",", paramLabel = "HASH", defaultValue = "ahash,dhash,phash", description = "Hashes to score (default ${DEFAULT-VALUE}; 'none' for none).")
        List<String> hashes;

        @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the table as Markdown.")
        Path markdown;

        @Option(names = "--mistakes", paramLabel = "FILE", description = {"Also write each method's wrongly decided test"
                + " pairs as CSV (method, mistake, distance, both files with their group and kind): false positives closest"
                + " first, then false negatives closest first, at most " + NearDuplicateScorer.MISTAKES_KEPT + " of each."})
        Path mistakes;

        @picocli.CommandLine.Mixin
        QuietOption quiet;

        @Override
        public Integer call() {
            List<PerceptualHash> chosen = new ArrayList<>();
            for (String h : hashes) {
                if (!h.equalsIgnoreCase("none")) {
                    try {
                        chosen.add(PerceptualHash.named(h));
                    } catch (IllegalArgumentException e) {
                        throw new SiameseException("--hashes: " + e.getMessage());
                    }
                }
            }
            List<NearDuplicateScorer.Result> results;
            List<EmbeddingModel> loaded = ModelOption.loadEach(model);
            try {
                results = NearDuplicateScorer.score(set, loaded, chosen, quiet.quiet() ? line -> { } : System.err::println,
                        decoding(quiet.quiet()));
            } finally {
                loaded.forEach(EmbeddingModel::close);
            }
            String table = table(results);
            System.out.print(table);
            if (markdown != null) {
                try {
                    Files.writeString(markdown, table);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + markdown + ": " + e.getMessage(), e);
                }
            }
            if (mistakes != null) {
                try {
                    Files.writeString(mistakes, mistakesCsv(results));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + mistakes + ": " + e.getMessage(), e);
                }
            }
            return 0;
        }

        static String mistakesCsv(List<NearDuplicateScorer.Result> results) {
            StringBuilder sb = new StringBuilder("method,mistake,distance,left,left_group,left_kind,right,right_group,right_kind\n");
            for (NearDuplicateScorer.Result r : results) {
                for (NearDuplicateScorer.Mistake m : r.mistakes()) {
                    sb.append(Csv.field(r.method())).append(',').append(m.falsePositive() ? "false-positive" : "false-negative")
                            .append(',').append(String.format(Locale.ROOT, "%.6g", m.distance()));
                    for (NearDuplicateSet.Member p : List.of(m.left(), m.right())) {
                        sb.append(',').append(Csv.field(p.file().toString())).append(',').append(p.group()).append(',')
                                .append(Csv.field(p.kind()));
                    }
                    sb.append('\n');
                }
            }
            return sb.toString();
        }

        static String table(List<NearDuplicateScorer.Result> results) {
            StringBuilder sb = new StringBuilder();
            if (results.isEmpty()) {
                return "nothing scored\n";
            }
            NearDuplicateScorer.Result first = results.get(0);
            sb.append(String.format(Locale.ROOT, "test half: %,d pictures, %,d pairs of which %,d near-duplicate pairs;"
                    + " thresholds chosen for the best F1 on the calibration half; two-fold F1: the mean of that and of"
                    + " the reverse (calibrated on the test half, scored on the calibration half)%n%n", first.testPictures(),
                    first.testPairs(), first.testPositives()));
            // the edits in make-set's order, whatever order the pairs gave them
            List<String> edits = new ArrayList<>(new LinkedHashSet<>(first.recallByEdit().keySet()));
            List<String> made = PictureTransforms.ALL.stream().map(PictureTransforms.Transform::name).toList();
            edits.sort(java.util.Comparator.comparingInt(e -> made.contains(e) ? made.indexOf(e) : made.size()));
            sb.append("| method | threshold | precision | recall | F1 | calibration F1 | two-fold F1 | ");
            edits.forEach(e -> sb.append("recall ").append(e).append(" | "));
            sb.append("false pos. group-group / group-distr. / distr.-distr. | decode s | features s | pairs s |"
                    + " grouped F1 connected / centred |\n|---|---|---|---|---|---|---|---|");
            edits.forEach(e -> sb.append("---|"));
            sb.append("---|---|---|---|\n");
            for (NearDuplicateScorer.Result r : results) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | **%.3f** | %.3f | %.3f | ", r.method(),
                        !r.hamming() ? String.format(Locale.ROOT, "%.4f", r.test().threshold())
                                : String.format(Locale.ROOT, "%.0f bits", r.test().threshold()),
                        r.test().precision(), r.test().recall(), r.test().f1(), r.calibration().f1(), r.twoFoldF1()));
                edits.forEach(e -> sb.append(String.format(Locale.ROOT, "%.2f | ", r.recallByEdit().getOrDefault(e, Double.NaN))));
                sb.append(r.falsePositives().values().stream().map(String::valueOf).collect(Collectors.joining(" / ")))
                        .append(" | ");
                sb.append(String.format(Locale.ROOT, "%.2f | %.2f | %.2f | %.3f / %.3f |%n", r.decodeSeconds(),
                        r.featureSeconds(), r.compareSeconds(), r.groupedConnected().f1(), r.groupedCentred().f1()));
            }
            return sb.toString();
        }
    }

    /** {@code near-duplicates threshold}: choose a model's near-duplicate threshold on a real set and save it with a copy. */
    @Command(name = "threshold", mixinStandardHelpOptions = true,
            description = {"Choose the distance threshold whose groups have the best mean F1 over both halves of a set made by"
                    + " make-set (real near-duplicates, not training copies) and write a copy of the model with it (weights"
                    + " unchanged; the descriptor records the set, the grouping and the F1)."})
    static final class Threshold implements Callable<Integer> {
        @Option(names = "--set", required = true, paramLabel = "DIR", description = "A set made by make-set.")
        Path set;

        @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = "A model directory or run directory.")
        Path model;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "A new directory for the copy.")
        Path out;

        @Option(names = "--grouping", paramLabel = "connected|centred", defaultValue = "centred",
                description = "The grouping whose F1 is maximised (default ${DEFAULT-VALUE}).")
        String grouping;

        @Option(names = "--with-hash", description = {"Decide with both signals: embedding distance plus a weight (chosen"
                + " with the threshold) times the Hamming distance of the pictures' DCT hashes; dedup then uses it."})
        boolean withHash;

        @picocli.CommandLine.Mixin
        QuietOption quiet;

        @Override
        public Integer call() {
            dev.siamese.search.dedup.DuplicateGroups.Grouping g;
            try {
                g = dev.siamese.search.dedup.DuplicateGroups.Grouping.of(grouping);
            } catch (IllegalArgumentException e) {
                throw new SiameseException("--grouping: " + e.getMessage());
            }
            Path dir = ModelOption.modelDirectory(model);
            NearDuplicateScorer.Choice choice;
            String backend;
            double trained;
            try (EmbeddingModel m = ModelOption.load(dir)) {
                choice = NearDuplicateScorer.chooseThreshold(set, m, g, withHash, decoding(quiet.quiet()));
                backend = m.descriptor().backend();
                trained = m.threshold();
            }
            List<NearDuplicateScorer.AtThreshold> chosen = choice.halves();
            double t = choice.threshold();
            double meanF1 = chosen.stream().mapToDouble(a -> (g == dev.siamese.search.dedup.DuplicateGroups.Grouping.CENTRED
                    ? a.centred() : a.connected()).f1()).average().orElse(Double.NaN);
            java.util.Map<String, String> provenance = new java.util.LinkedHashMap<>();
            provenance.put("threshold.chosenOn", set.toAbsolutePath().normalize().toString());
            provenance.put("threshold.grouping", g.label());
            provenance.put("threshold.groupedF1", String.format(Locale.ROOT, "%.4f", meanF1));
            provenance.put("threshold.trainingCalibrated", String.format(Locale.ROOT, "%.6f", trained));
            if (withHash) {
                provenance.put(dev.siamese.api.model.ModelDescriptor.HASH_BIT_WEIGHT,
                        String.format(Locale.ROOT, "%.6f", choice.hashBitWeight()));
            }
            dev.siamese.api.spi.Backends.named(backend).copyWithThreshold(dir, out, t, provenance);
            System.out.printf(Locale.ROOT, "threshold %.4f (was %.4f, calibrated on training copies)%s: mean %s grouped F1"
                    + " %.3f on %s; wrote %s%n", t, trained, withHash ? String.format(Locale.ROOT,
                    " on distance + %.4f x hash bits", choice.hashBitWeight()) : "", g.label(), meanF1, set, out);
            System.out.print(atThresholdTable(chosen));
            return 0;
        }
    }

    /** {@code near-duplicates check}: what a model gives at its own threshold, with no calibration. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Score a model at its own threshold (no calibration: what a user gets) on both halves of a set"
                    + " made by make-set: pair-level and grouped precision, recall and F1."})
    static final class Check implements Callable<Integer> {
        @Option(names = "--set", required = true, paramLabel = "DIR", description = "A set made by make-set.")
        Path set;

        @Option(names = {"-m", "--model"}, paramLabel = "DIR", description = "A model directory or run directory (default: the shipped near-duplicate twin).")
        List<Path> model;

        @picocli.CommandLine.Mixin
        QuietOption quiet;

        @Override
        public Integer call() {
            List<Path> models = ModelOption.orDefault(model);
            try (EmbeddingModel m = ModelOption.load(models)) {
                System.out.printf(Locale.ROOT, "%s at its own threshold %.4f%s on %s%n", m.descriptor().label(), m.threshold(),
                        m.descriptor().hashBitWeight().isPresent() ? String.format(Locale.ROOT, " (distance + %.4f x hash bits)",
                                m.descriptor().hashBitWeight().getAsDouble()) : "", set);
                System.out.print(atThresholdTable(NearDuplicateScorer.atOwnThreshold(set, m, decoding(quiet.quiet()))));
            }
            return 0;
        }
    }

    /** One progress line per decoding step (percent, pictures, time left) on a terminal; nothing with {@code quiet}. */
    static NearDuplicateScorer.Progress decoding(boolean quiet) {
        if (!ConsoleProgress.shown(quiet)) {
            return NearDuplicateScorer.Progress.NONE;
        }
        java.util.Map<String, ConsoleProgress.Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();
        return (step, done, total) -> counters.computeIfAbsent(step, s -> ConsoleProgress.counting(s, "pictures", false))
                .update(done, total);
    }

    static String atThresholdTable(List<NearDuplicateScorer.AtThreshold> rows) {
        StringBuilder sb = new StringBuilder("| half | pictures | threshold | pairs P / R / F1 | connected groups P / R / F1 |"
                + " centred groups P / R / F1 |\n|---|---|---|---|---|---|\n");
        for (NearDuplicateScorer.AtThreshold r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %.4f | %s | %s | %s |%n", r.split(), r.pictures(),
                    r.pairs().threshold(), prf(r.pairs()), prf(r.connected()), prf(r.centred())));
        }
        return sb.toString();
    }

    private static String prf(dev.siamese.search.neardup.PairScores.Score s) {
        return String.format(Locale.ROOT, "%.3f / %.3f / **%.3f**", s.precision(), s.recall(), s.f1());
    }

    static List<Path> pictures(List<Path> given, String option) {
        List<Path> files = new ArrayList<>();
        for (Path p : given) {
            if (Files.isRegularFile(p)) {
                files.add(p);
            } else if (Files.isDirectory(p)) {
                try {
                    files.addAll(PictureFiles.list(p));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + p + ": " + e.getMessage(), e);
                }
            } else {
                throw new SiameseException(option + ": " + p + " is neither a picture file nor a folder");
            }
        }
        return files;
    }
}
