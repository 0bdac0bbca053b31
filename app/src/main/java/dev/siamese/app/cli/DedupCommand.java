package dev.siamese.app.cli;

import dev.siamese.api.SiameseException;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.search.ContactSheet;
import dev.siamese.search.DctHash;
import dev.siamese.search.DuplicateFinder;
import dev.siamese.search.DuplicateGroups;
import dev.siamese.search.DuplicateReports;
import dev.siamese.search.EmbeddingIndex;
import dev.siamese.search.IndexContents;
import dev.siamese.search.SearchSettings;
import dev.siamese.search.neardup.NearDuplicateScorer;
import dev.siamese.search.neardup.PairScores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code siamese dedup}: every pair of indexed pictures closer than a threshold, grouped into clusters. */
@Command(name = "dedup", mixinStandardHelpOptions = true,
        description = {"Find every pair of indexed pictures closer than a threshold and group them (connected components, or --grouping centred).",
                "Default threshold: the model's calibrated threshold (it separates 'same kind' from 'different'; for",
                "near-duplicates of one picture pass a smaller one, or --calibrate on a labelled sample). --hash-bits uses",
                "the DCT hash instead (the baseline). --html writes a contact sheet of the groups."})
public final class DedupCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = "The model the index was built with (all of them, in the same order, for an ensemble).")
    List<Path> model;

    @Option(names = {"-i", "--index"}, required = true, paramLabel = "DIR", description = "The index folder.")
    Path index;

    @Option(names = {"-t", "--threshold"}, paramLabel = "DISTANCE", description = "Embedding distance below which two pictures pair.")
    Double threshold;

    @Option(names = "--exact", description = "All pairs in blocks (exact) instead of the HNSW neighbours (approximate).")
    boolean exact;

    @Option(names = "--neighbours", description = "Neighbours per picture in approximate mode (default: siamese.search.dedup.neighbours, 20).")
    Integer neighbours;

    @picocli.CommandLine.Mixin
    SearchSettingsOption settings;

    @Option(names = "--hash-bits", paramLabel = "BITS", description = "Use the 64-bit DCT hash: pair pictures within this Hamming distance.")
    Integer hashBits;

    @Option(names = "--hash", description = "Use the 64-bit DCT hash (with --hash-bits or --calibrate).")
    boolean hash;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the groups as CSV.")
    Path csv;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the groups as JSON.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write an HTML contact sheet of the groups (thumbnails embedded).")
    Path html;

    @Option(names = "--html-max-groups", description = "Largest groups shown on the contact sheet (default: siamese.search.dedup.html-max-groups, 200).")
    Integer htmlMaxGroups;

    @Option(names = "--grouping", paramLabel = "connected|centred", description = {"How pairs become groups: connected"
            + " components (a chain a-b, b-c is one group) or centred groups (each picture with the nearest of the centres"
            + " among its duplicates: no chains). Default: siamese.search.dedup.grouping, connected."})
    String grouping;

    @Option(names = "--calibrate", paramLabel = "SAMPLE_DIR", description = {"Choose the threshold (or hash bits) with the best"
            + " pair-level F1 on a labelled sample: a folder with one sub-folder per group of duplicates and an optional"
            + " 'distractors' sub-folder of pictures that duplicate nothing."})
    Path calibrate;

    @Override
    public Integer call() {
        SearchSettings loaded = settings.settings();
        int neighbours = this.neighbours != null ? this.neighbours : loaded.neighbours();
        int htmlMaxGroups = this.htmlMaxGroups != null ? this.htmlMaxGroups : loaded.htmlMaxGroups();
        DuplicateGroups.Grouping grouping;
        try {
            grouping = this.grouping != null ? DuplicateGroups.Grouping.of(this.grouping) : loaded.grouping();
        } catch (IllegalArgumentException e) {
            throw new SiameseException("--grouping: " + e.getMessage());
        }
        if (neighbours < 1) {
            throw new SiameseException("--neighbours must be at least 1, got " + neighbours);
        }
        try (EmbeddingModel m = ModelOption.load(model);
             EmbeddingIndex idx = EmbeddingIndex.open(index, ModelOption.identity(model, m), loaded.index())) {
            if (calibrate != null && (threshold != null || hashBits != null)) {
                throw new SiameseException("--calibrate chooses the threshold; do not also pass --threshold or --hash-bits"
                        + " (add --hash to calibrate the hash's bits)");
            }
            if (hashBits != null && (hashBits < 0 || hashBits > 64)) {
                throw new SiameseException("--hash-bits must be 0 to 64 (bits of a 64-bit hash), got " + hashBits);
            }
            if (hash && hashBits == null && calibrate == null) {
                throw new SiameseException("--hash needs --hash-bits BITS or --calibrate SAMPLE_DIR");
            }
            double t = threshold != null ? threshold : m.threshold();
            if (calibrate != null) {
                PairScores.Score chosen = hash
                        ? NearDuplicateScorer.calibrate(calibrate, new DctHash(), m.inputShape())
                        : NearDuplicateScorer.calibrate(calibrate, m);
                System.out.printf(Locale.ROOT, "calibrated on %s: %s, precision %.3f, recall %.3f, F1 %.3f%n", calibrate,
                        hash ? String.format(Locale.ROOT, "%.0f bits", chosen.threshold())
                                : String.format(Locale.ROOT, "threshold %.4f", chosen.threshold()),
                        chosen.precision(), chosen.recall(), chosen.f1());
                if (hash) {
                    hashBits = (int) chosen.threshold();
                } else {
                    t = chosen.threshold();
                }
            }
            if (!(t > 0)) {
                throw new SiameseException("--threshold must be positive, got " + t);
            }
            if (htmlMaxGroups < 1) {
                throw new SiameseException("--html-max-groups must be at least 1, got " + htmlMaxGroups);
            }
            DuplicateGroups groups;
            if (hashBits != null || exact) {
                IndexContents all = IndexContents.of(idx, m.embeddingDimension());
                groups = hashBits != null ? DuplicateFinder.hashes(all.paths(), all.hashes(), hashBits)
                        : DuplicateFinder.exact(all.paths(), all.embeddings(), t, Runtime.getRuntime().availableProcessors());
            } else {
                groups = DuplicateFinder.approximate(idx, t, neighbours);
            }
            groups = groups.groupedAs(grouping);
            if (csv != null) {
                DuplicateReports.writeCsv(groups, csv);
            }
            if (json != null) {
                DuplicateReports.writeJson(groups, json);
            }
            if (html != null) {
                ContactSheet.write(groups, html, htmlMaxGroups);
            }
            System.out.printf(Locale.ROOT, "%,d groups of near-duplicates (%s, threshold %s, %s, %s)%n", groups.groups().size(),
                    groups.metric(), hashBits != null ? hashBits + " bits" : String.format(Locale.ROOT, "%.4f", t),
                    groups.exact() ? "exact" : "approximate", groups.grouping().label());
            groups.groups().stream().limit(20).forEach(g -> System.out.println("  group " + g.id() + " (" + g.paths().size()
                    + " pictures): " + String.join(", ", g.paths().subList(0, Math.min(6, g.paths().size())))
                    + (g.paths().size() > 6 ? ", ..." : "")));
            if (groups.groups().size() > 20) {
                System.out.printf(Locale.ROOT, "  ... and %,d more groups (write them with --csv, --json or --html)%n",
                        groups.groups().size() - 20);
            }
        }
        return 0;
    }
}
