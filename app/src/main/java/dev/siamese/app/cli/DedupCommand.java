package dev.siamese.app.cli;

import dev.siamese.api.SiameseException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.Embeddings;
import dev.siamese.data.pictures.FileNames;
import dev.siamese.data.pictures.PictureFiles;
import dev.siamese.search.SearchSettings;
import dev.siamese.search.dedup.ContactSheet;
import dev.siamese.search.dedup.DuplicateFinder;
import dev.siamese.search.dedup.DuplicateGroups;
import dev.siamese.search.dedup.DuplicateReports;
import dev.siamese.search.dedup.KeepList;
import dev.siamese.search.dedup.TooManyPairsException;
import dev.siamese.search.hashes.DctHash;
import dev.siamese.search.hashes.PerceptualHash;
import dev.siamese.search.index.EmbeddingIndex;
import dev.siamese.search.index.IndexContents;
import dev.siamese.search.neardup.NearDuplicateScorer;
import dev.siamese.search.neardup.PairScores;
import dev.siamese.search.scan.FolderScanner;
import dev.siamese.search.scan.ScanReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code siamese dedup}: every pair of pictures closer than a threshold, grouped. Given a FOLDER it keeps that
 * folder's index in the cache (re-runs embed only new and changed pictures); with no {@code -m} it uses the shipped
 * near-duplicate twin and its threshold.
 */
@Command(name = "dedup", mixinStandardHelpOptions = true,
        description = "Find near-duplicate pictures and group them: 'siamese dedup FOLDER' embeds the folder with the"
                + " shipped near-duplicate twin into an index kept in the cache (re-runs are incremental) and groups every"
                + " pair the twin's near-duplicate decision accepts; -m uses your model, -i an index you built, --hash the"
                + " DCT hash alone (no model). --calibrate chooses the threshold on a labelled sample for the groups it"
                + " will form. --csv/--json/--html write the groups, --keep-list what to keep and remove in each.")
public final class DedupCommand implements Callable<Integer> {

    /** Pictures up to which FOLDER mode pairs exactly (all pairs in blocks) rather than through the HNSW graph. */
    static final int EXACT_UP_TO = 200_000;
    /** Pictures per k-means cell and cells per picture when pairing in cells (the Spark dedup job's defaults). */
    static final int CELL_SIZE = 2_000;
    static final int CELL_PROBES = 3;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FOLDER", description = {"Pictures to de-duplicate (searched"
            + " recursively); their index is kept under ~/.cache/siamese/indexes (or -i INDEX) and brought up to date first."})
    Path folder;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR", description = {"The model (the one the index was built with;"
            + " all of them, in the same order, for an ensemble). Default: the shipped near-duplicate twin."})
    List<Path> model;

    @Option(names = {"-i", "--index"}, paramLabel = "DIR", description = {"The index folder (with FOLDER: created or"
            + " updated; default: one in the cache). Without FOLDER it is opened read-only, as of its last commit: no lock,"
            + " nothing written, so dedup runs while 'siamese index' writes it, and on a read-only copy."})
    Path index;

    @Option(names = {"-t", "--threshold"}, paramLabel = "DISTANCE", description = {"Embedding distance below which two"
            + " pictures pair (default: the model's threshold; the shipped twin's was chosen on real near-duplicate photographs)."})
    Double threshold;

    @Option(names = "--exact", description = "All pairs in blocks (exact) instead of inside k-means cells; FOLDER mode pairs exactly up to 200,000 pictures.")
    boolean exact;

    @Option(names = "--neighbours", paramLabel = "N", description = "Neighbours per picture with --hnsw (default: siamese.search.dedup.neighbours, 20).")
    Integer neighbours;

    @Option(names = "--hnsw", description = {"Pair each picture with its HNSW neighbours (approximate, --neighbours of"
            + " them) instead of inside k-means cells. Cells (the default beyond exact pairing: about 2,000 pictures each,"
            + " each picture in up to 3 of its nearest cells, the exact join in each) are faster and find more pairs:"
            + " 1,000,000 x 64-D in 22 s on 2 cores, recall 1.000 of the exact pairs."})
    boolean hnsw;

    @picocli.CommandLine.Mixin
    SearchSettingsOption settings;

    @Option(names = "--hash-bits", paramLabel = "BITS", description = "Use the 64-bit DCT hash: pair pictures within this Hamming distance.")
    Integer hashBits;

    @Option(names = "--hash", description = {"Use the 64-bit DCT hash (with --hash-bits or --calibrate); with FOLDER and"
            + " no -m no model is loaded: pictures are decoded and hashed, nothing is cached."})
    boolean hash;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the groups as CSV.")
    Path csv;

    @Option(names = "--json", paramLabel = "FILE", arity = "0..1", fallbackValue = "-", description = {"Write the groups"
            + " as JSON to FILE, or, given alone or as '--json -', print them as one JSON document on standard output"
            + " (every other line then goes to standard error). Keys: metric, threshold, exact, compared, grouping and"
            + " groups, each with id, paths and pairs (first, second, distance)."})
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write an HTML contact sheet of the groups (thumbnails embedded).")
    Path html;

    @Option(names = "--html-max-groups", paramLabel = "N", description = "Largest groups shown on the contact sheet (default: siamese.search.dedup.html-max-groups, 200).")
    Integer htmlMaxGroups;

    @Option(names = "--keep-list", paramLabel = "FILE", description = {"Write a CSV that keeps one picture of each group"
            + " (by --keep) and lists the others for removal; nothing is deleted."})
    Path keepList;

    @Option(names = "--keep", paramLabel = "largest|oldest|newest", defaultValue = "largest", description = {"Which"
            + " picture of a group --keep-list keeps: the one with the most pixels (default), the oldest or the newest file."})
    String keep;

    @Option(names = "--grouping", paramLabel = "connected|centred", description = {"How pairs become groups: connected"
            + " components (a chain a-b, b-c is one group) or centred groups (each picture with the nearest of the centres"
            + " among its duplicates: no chains). Default: siamese.search.dedup.grouping, centred."})
    String grouping;

    @Option(names = "--calibrate", paramLabel = "SAMPLE_DIR", description = {"Choose the threshold (or hash bits) whose"
            + " groups have the best F1 on a labelled sample: a folder with one sub-folder per group of duplicates and an"
            + " optional 'distractors' sub-folder of pictures that duplicate nothing."})
    Path calibrate;

    @Option(names = "--max-pairs", paramLabel = "PAIRS", description = {"The most pairs under the threshold kept in"
            + " memory (about 240 bytes of heap each; never more than half the heap holds); past it dedup stops with an"
            + " error and writes nothing. Default: siamese.search.dedup.max-pairs, 2,000,000."})
    Long maxPairs;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors (and the groups).")
    boolean quiet;

    /** The line that says what a calibration chose and what it delivers: the groups' F1 and the pairs'. */
    static String calibrationLine(Path sample, PairScores.Calibration chosen, boolean hash) {
        PairScores.Score g = chosen.grouped();
        PairScores.Score p = chosen.pairs();
        return String.format(Locale.ROOT, "calibrated on %s: %s; %s groups: precision %.3f, recall %.3f, F1 %.3f"
                        + " (pairs alone: precision %.3f, recall %.3f, F1 %.3f)", sample,
                hash ? String.format(Locale.ROOT, "%.0f bits", chosen.threshold())
                        : String.format(Locale.ROOT, "threshold %.4f", chosen.threshold()),
                chosen.grouping().label(), g.precision(), g.recall(), g.f1(), p.precision(), p.recall(), p.f1());
    }

    /** {@code --json -}: the report goes to standard output. */
    private static final Path STANDARD_OUTPUT = Path.of("-");

    /** Where lines other than the results go: standard error when standard output carries the JSON report. */
    private java.io.PrintStream info() {
        return STANDARD_OUTPUT.equals(json) ? System.err : System.out;
    }

    @Override
    public Integer call() {
        if (json != null && folder == null && index == null && Files.isDirectory(json)) {
            // 'dedup --json FOLDER': the folder is not a report file (one cannot be written over a folder)
            folder = json;
            json = STANDARD_OUTPUT;
        }
        SearchSettings loaded = settings.settings();
        int neighbours = this.neighbours != null ? this.neighbours : loaded.neighbours();
        int htmlMaxGroups = this.htmlMaxGroups != null ? this.htmlMaxGroups : loaded.htmlMaxGroups();
        long askedPairs = this.maxPairs != null ? this.maxPairs : loaded.maxPairs();
        if (askedPairs < 1) {
            throw new SiameseException("--max-pairs must be at least 1, got " + askedPairs);
        }
        // never more pairs than half the heap holds, whatever the cap says: the rest is for paths and embeddings
        long heapPairs = Math.max(1, Runtime.getRuntime().maxMemory() / 2 / SearchSettings.BYTES_PER_PAIR);
        long maxPairs = Math.min(askedPairs, heapPairs);
        DuplicateGroups.Grouping grouping;
        try {
            grouping = this.grouping != null ? DuplicateGroups.Grouping.of(this.grouping) : loaded.grouping();
        } catch (IllegalArgumentException e) {
            throw new SiameseException("--grouping: " + e.getMessage());
        }
        KeepList.Policy policy;
        try {
            policy = KeepList.Policy.of(keep);
        } catch (IllegalArgumentException e) {
            throw new SiameseException("--keep: " + e.getMessage());
        }
        if (neighbours < 1) {
            throw new SiameseException("--neighbours must be at least 1, got " + neighbours);
        }
        if (htmlMaxGroups < 1) {
            throw new SiameseException("--html-max-groups must be at least 1, got " + htmlMaxGroups);
        }
        if (calibrate != null && (threshold != null || hashBits != null)) {
            throw new SiameseException("--calibrate chooses the threshold; do not also pass --threshold or --hash-bits"
                    + " (add --hash to calibrate the hash's bits)");
        }
        if (hashBits != null && (hashBits < 0 || hashBits > 64)) {
            throw new SiameseException("--hash-bits must be 0 to 64 (bits of a 64-bit hash), got " + hashBits);
        }
        if (hashBits != null) {
            hash = true;
        }
        if (hash && hashBits == null && calibrate == null) {
            throw new SiameseException("--hash needs --hash-bits BITS or --calibrate SAMPLE_DIR");
        }
        if (threshold != null && !(threshold > 0 && Double.isFinite(threshold))) {
            throw new SiameseException("--threshold must be a positive distance, got " + threshold);
        }
        if (folder == null && index == null) {
            throw new SiameseException("give a FOLDER of pictures to de-duplicate (siamese dedup FOLDER), or an index"
                    + " built by 'siamese index' (-i INDEX)");
        }
        if (folder != null && !Files.isDirectory(folder)) {
            throw new SiameseException("picture folder " + folder + " does not exist or is not a folder");
        }
        DuplicateGroups groups;
        try {
            groups = hash && folder != null && (model == null || model.isEmpty()) && index == null
                    ? hashesOfFolder(grouping, maxPairs)
                    : fromIndex(loaded, grouping, neighbours, maxPairs);
        } catch (TooManyPairsException e) {
            throw tooManyPairs(e, askedPairs);
        }
        report(groups, htmlMaxGroups, policy);
        return 0;
    }

    /** The one line that says a run found more pairs than it may keep, and what to do: no report has been written. */
    static SiameseException tooManyPairs(TooManyPairsException e, long askedPairs) {
        String raise = e.maxPairs() < askedPairs
                ? String.format(Locale.ROOT, "or give Java more memory (SIAMESE_JAVA_OPTS=-Xmx...: %,d pairs are what"
                        + " half of this %,d MB heap holds, below the cap of %,d)", e.maxPairs(),
                        Runtime.getRuntime().maxMemory() >> 20, askedPairs)
                : "or raise the cap (--max-pairs, or --set search.dedup.max-pairs=N) and the heap with it"
                        + " (SIAMESE_JAVA_OPTS=-Xmx...)";
        return new SiameseException(String.format(Locale.ROOT, "dedup stopped: more than %,d pairs of pictures are"
                        + " closer than the threshold (%s); %,d found so far, and each costs about %d bytes of heap."
                        + " Lower the threshold (-t, or --hash-bits with --hash), %s; no report was written",
                e.maxPairs(), e.threshold(), e.pairsFound(), SearchSettings.BYTES_PER_PAIR, raise));
    }

    /** FOLDER with --hash and no model: decode and hash every picture, pair by Hamming distance. */
    private DuplicateGroups hashesOfFolder(DuplicateGroups.Grouping grouping, long maxPairs) {
        int bits = hashBits != null ? hashBits : calibrateHash(PerceptualHash.DECODE_SHAPE, grouping);
        DctHash dct = new DctHash();
        List<String> paths = new ArrayList<>();
        List<Long> hashes = new ArrayList<>();
        FolderScanner scanner = new FolderScanner(PerceptualHash.DECODE_SHAPE, 256, Runtime.getRuntime().availableProcessors());
        FolderScanner.Progress progress = ConsoleProgress.of("hashing", quiet);
        ScanReport report;
        try {
            report = scanner.scan(folder, f -> true, (pixels, count) -> new Embeddings(count, 1, new float[count]),
                    (f, picture, ignored) -> {
                        paths.add(FolderIndex.key(f.path()));
                        hashes.add(dct.hash(picture));
                    }, progress);
        } finally {
            ConsoleProgress.done(progress);
        }
        FolderIndex.warnUnreadable(report, System.err);
        if (report.found() == 0) {
            throw new SiameseException("no picture files (" + PictureFiles.EXTENSION_LIST + ") under " + folder);
        }
        if (!quiet) {
            int decoded = report.embedded() + report.unreadable().size();
            info().printf(Locale.ROOT, "%,d pictures found, %,d hashed, %,d unreadable in %.1f s (%.0f pictures/s);"
                            + " decoding %.0f pictures per thread-second%n", report.found(), report.embedded(),
                    report.unreadable().size(), report.wallSeconds(), report.picturesPerSecond(),
                    report.decodeSeconds() > 0 ? decoded / report.decodeSeconds() : 0);
        }
        return DuplicateFinder.hashes(paths, hashes.stream().mapToLong(Long::longValue).toArray(), bits, maxPairs)
                .groupedAs(grouping);
    }

    private int calibrateHash(ImageShape shape, DuplicateGroups.Grouping grouping) {
        PairScores.Calibration chosen = NearDuplicateScorer.calibrate(calibrate, new DctHash(), shape, grouping);
        info().println(calibrationLine(calibrate, chosen, true));
        return (int) chosen.threshold();
    }

    private DuplicateGroups fromIndex(SearchSettings loaded, DuplicateGroups.Grouping grouping, int neighbours,
                                      long maxPairs) {
        List<Path> models = ModelOption.orDefault(model);
        try (EmbeddingModel m = ModelOption.load(models)) {
            String identity = ModelOption.identity(models, m);
            Path indexDir = index != null ? index : FolderIndex.cached(folder, identity);
            try (EmbeddingIndex idx = folder != null
                    ? EmbeddingIndex.openOrCreate(indexDir, identity, m.embeddingDimension(), FolderIndex.cachedOptions(loaded.index()))
                    : EmbeddingIndex.openReadOnly(indexDir, identity, loaded.index())) {
                if (folder != null) {
                    FolderIndex.Update update = FolderIndex.update(folder, m, idx, loaded.batch(), false,
                            ConsoleProgress.of("embedding", quiet));
                    FolderIndex.warnUnreadable(update.report(), System.err);
                    if (!quiet) {
                        info().println(update.report().summary());
                    }
                }
                double t = threshold != null ? threshold : m.threshold();
                Integer bits = hashBits;
                if (calibrate != null) {
                    if (hash) {
                        bits = calibrateHash(m.inputShape(), grouping);
                    } else {
                        // with the model's hash term when it has one: the decision dedup then applies
                        PairScores.Calibration chosen = NearDuplicateScorer.calibrate(calibrate, m, grouping);
                        info().println(calibrationLine(calibrate, chosen, false));
                        t = chosen.threshold();
                    }
                }
                if (!(t > 0)) {
                    throw new SiameseException("--threshold must be positive, got " + t);
                }
                boolean allPairs = exact || (folder != null && idx.size() <= EXACT_UP_TO);
                boolean inCells = !hnsw && !allPairs && bits == null;
                // the model's own near-duplicate decision may weigh in the hashes too (near-duplicates threshold --with-hash)
                java.util.OptionalDouble bitWeight = threshold == null && !hash
                        ? m.descriptor().hashBitWeight() : java.util.OptionalDouble.empty();
                long t0 = System.nanoTime();
                DuplicateGroups groups;
                if (inCells) {
                    IndexContents all = IndexContents.of(idx, m.embeddingDimension());
                    groups = DuplicateFinder.cells(all.paths(), all.embeddings(), bitWeight.isPresent() ? all.hashes() : null,
                            t, bitWeight.orElse(0), CELL_SIZE, CELL_PROBES, Runtime.getRuntime().availableProcessors(),
                            ConsoleProgress.pairing(quiet), maxPairs);
                } else if (bitWeight.isPresent()) {
                    IndexContents all = IndexContents.of(idx, m.embeddingDimension());
                    groups = allPairs
                            ? DuplicateFinder.combined(all.paths(), all.embeddings(), all.hashes(), t,
                                    bitWeight.getAsDouble(), Runtime.getRuntime().availableProcessors(),
                                    ConsoleProgress.pairing(quiet), maxPairs)
                            : DuplicateFinder.combined(DuplicateFinder.approximate(idx, t, neighbours, maxPairs), all.paths(),
                                    all.hashes(), t, bitWeight.getAsDouble());
                } else if (bits != null || allPairs) {
                    IndexContents all = IndexContents.of(idx, m.embeddingDimension());
                    groups = bits != null ? DuplicateFinder.hashes(all.paths(), all.hashes(), bits, maxPairs)
                            : DuplicateFinder.exact(all.paths(), all.embeddings(), t, Runtime.getRuntime().availableProcessors(),
                                    ConsoleProgress.pairing(quiet), maxPairs);
                } else {
                    groups = DuplicateFinder.approximate(idx, t, neighbours, maxPairs);
                }
                groups = groups.groupedAs(grouping);
                if (!quiet) {
                    info().printf(Locale.ROOT, "paired %,d pictures in %.1f s%n", idx.size(), (System.nanoTime() - t0) / 1e9);
                }
                return groups;
            }
        }
    }

    private void report(DuplicateGroups groups, int htmlMaxGroups, KeepList.Policy policy) {
        if (csv != null) {
            DuplicateReports.writeCsv(groups, csv);
        }
        if (json != null && !STANDARD_OUTPUT.equals(json)) {
            DuplicateReports.writeJson(groups, json);
        }
        if (html != null) {
            ContactSheet.write(groups, html, htmlMaxGroups);
        }
        if (keepList != null) {
            List<KeepList.Decision> decisions = KeepList.decide(groups, policy);
            KeepList.write(decisions, policy, keepList);
            long removals = decisions.stream().filter(d -> !d.keep()).count();
            info().printf(Locale.ROOT, "keep list (%s picture of each group kept): %,d to keep, %,d to remove -> %s%n",
                    policy.label(), decisions.size() - removals, removals, keepList);
        }
        if (STANDARD_OUTPUT.equals(json)) {
            try {
                java.io.Writer out = new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8);
                DuplicateReports.writeJson(groups, out);
                out.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write the JSON report: " + e.getMessage(), e);
            }
            return;
        }
        System.out.printf(Locale.ROOT, "%,d groups of near-duplicates (%s, threshold %s, %s, %s)%n", groups.groups().size(),
                groups.metric(), groups.metric().equals("hamming") ? (int) groups.threshold() + " bits"
                        : String.format(Locale.ROOT, "%.4f", groups.threshold()),
                groups.exact() ? "exact" : "approximate", groups.grouping().label());
        groups.groups().stream().limit(20).forEach(g -> System.out.println("  group " + g.id() + " (" + g.paths().size()
                + " pictures): " + String.join(", ", g.paths().subList(0, Math.min(6, g.paths().size())).stream()
                        .map(FileNames::display).toList())
                + (g.paths().size() > 6 ? ", ..." : "")));
        if (groups.groups().size() > 20) {
            System.out.printf(Locale.ROOT, "  ... and %,d more groups (write them with --csv, --json or --html)%n",
                    groups.groups().size() - 20);
        }
    }
}
