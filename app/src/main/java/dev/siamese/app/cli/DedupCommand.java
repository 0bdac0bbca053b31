package dev.siamese.app.cli;

import dev.siamese.api.SiameseException;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.search.DuplicateFinder;
import dev.siamese.search.DuplicateGroups;
import dev.siamese.search.DuplicateReports;
import dev.siamese.search.EmbeddingIndex;
import dev.siamese.search.IndexContents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code siamese dedup}: every pair of indexed pictures closer than a threshold, grouped into clusters. */
@Command(name = "dedup", mixinStandardHelpOptions = true,
        description = {"Find every pair of indexed pictures closer than a threshold and group them (connected components).",
                "Default threshold: the model's calibrated threshold (it separates 'same kind' from 'different'; for",
                "near-duplicates of one picture pass a smaller one). --hash-bits uses the DCT hash instead (the baseline)."})
public final class DedupCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = "The model the index was built with.")
    Path model;

    @Option(names = {"-i", "--index"}, required = true, paramLabel = "DIR", description = "The index folder.")
    Path index;

    @Option(names = {"-t", "--threshold"}, paramLabel = "DISTANCE", description = "Embedding distance below which two pictures pair.")
    Double threshold;

    @Option(names = "--exact", description = "All pairs in blocks (exact) instead of the HNSW neighbours (approximate).")
    boolean exact;

    @Option(names = "--neighbours", defaultValue = "20", description = "Neighbours per picture in approximate mode (default ${DEFAULT-VALUE}).")
    int neighbours;

    @Option(names = "--hash-bits", paramLabel = "BITS", description = "Use the 64-bit DCT hash: pair pictures within this Hamming distance.")
    Integer hashBits;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the groups as CSV.")
    Path csv;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the groups as JSON.")
    Path json;

    @Override
    public Integer call() {
        try (EmbeddingModel m = ModelOption.load(model);
             EmbeddingIndex idx = EmbeddingIndex.open(index, ModelOption.identity(model, m), EmbeddingIndex.Options.defaults())) {
            double t = threshold != null ? threshold : m.threshold();
            if (!(t > 0)) {
                throw new SiameseException("--threshold must be positive, got " + t);
            }
            DuplicateGroups groups;
            if (hashBits != null || exact) {
                IndexContents all = IndexContents.of(idx, m.embeddingDimension());
                groups = hashBits != null ? DuplicateFinder.hashes(all.paths(), all.hashes(), hashBits)
                        : DuplicateFinder.exact(all.paths(), all.embeddings(), t, Runtime.getRuntime().availableProcessors());
            } else {
                groups = DuplicateFinder.approximate(idx, t, neighbours);
            }
            if (csv != null) {
                DuplicateReports.writeCsv(groups, csv);
            }
            if (json != null) {
                DuplicateReports.writeJson(groups, json);
            }
            System.out.printf(Locale.ROOT, "%,d groups of near-duplicates (%s, threshold %s, %s)%n", groups.groups().size(),
                    groups.metric(), hashBits != null ? hashBits + " bits" : String.format(Locale.ROOT, "%.4f", t),
                    groups.exact() ? "exact" : "approximate");
            groups.groups().stream().limit(20).forEach(g -> System.out.println("  group " + g.id() + ": " + g.paths()));
        }
        return 0;
    }
}
