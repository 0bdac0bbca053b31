package dev.siamese.app.cli;

import dev.siamese.api.SiameseException;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.search.DctHash;
import dev.siamese.search.EmbeddingIndex;
import dev.siamese.search.FolderScanner;
import dev.siamese.search.ParallelSink;
import dev.siamese.search.ScanReport;
import dev.siamese.search.SearchSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code siamese index}: embed every picture under a folder into a persistent index; re-runs add only new or changed
 * files and remove the entries of deleted ones.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Walk a folder tree, decode pictures in parallel, embed them in batches and store path, embedding and",
                "DCT hash in an on-disk HNSW index (Lucene). Re-running adds only new or changed files and removes the",
                "entries of deleted ones; unreadable files are named and skipped; an interrupted run leaves the last",
                "committed state usable."})
public final class IndexCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FOLDER", description = "Pictures to index (png, jpg, jpeg, bmp, gif), searched recursively.")
    Path folder;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = {"A model directory or a run directory.",
            "Repeat it (-m A -m B) to use several models as one ensemble: embeddings side by side, distance the norm of the models' distances."})
    List<Path> model;

    @Option(names = {"-i", "--index"}, required = true, paramLabel = "DIR", description = "The index folder (created if missing).")
    Path index;

    @Option(names = "--batch", description = "Pictures per embedding batch (default: siamese.search.index.batch, 256).")
    Integer batch;

    @Option(names = "--commit-every", description = {"Make the pictures indexed so far durable after"
            + " this many (default: siamese.search.index.commit-every, 100,000); an interrupted run keeps everything up to its last commit and a re-run"
            + " adds the rest. Small values make many small segments (slower searches until they merge)."})
    Integer commitEvery;

    @Option(names = "--keep-missing", description = {"Keep the entries of pictures under FOLDER whose files are gone"
            + " (by default a re-run removes them, so that the index mirrors the folder; entries of other folders are"
            + " never touched)."})
    boolean keepMissing;

    @picocli.CommandLine.Mixin
    SearchSettingsOption settings;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() {
        SearchSettings loaded = settings.settings();
        int batch = this.batch != null ? this.batch : loaded.batch();
        DctHash hash = new DctHash();
        try (EmbeddingModel m = ModelOption.load(model);
             EmbeddingIndex idx = EmbeddingIndex.openOrCreate(index, ModelOption.identity(model, m), m.embeddingDimension(),
                     options(loaded, batch))) {
            int threads = Runtime.getRuntime().availableProcessors();
            FolderScanner scanner = new FolderScanner(m.inputShape(), batch, threads);
            ScanReport report;
            // hashing and adding to the HNSW graph run on every core, behind decoding and embedding
            try (ParallelSink sink = new ParallelSink((f, picture, embedding) -> idx.put(key(f.path()), embedding,
                    hash.hash(picture), f.size(), f.modified()), threads, 4 * batch)) {
                report = scanner.scan(folder, f -> !idx.contains(key(f.path()), f.size(), f.modified()), m::embed, sink);
            }
            int removed = keepMissing ? 0 : removeMissing(idx, folder);
            idx.commit();
            if (removed > 0 && !quiet) {
                System.out.printf(java.util.Locale.ROOT, "removed %,d picture(s) whose files are gone from %s%n", removed,
                        folder);
            }
            if (report.found() == 0) {
                throw new SiameseException("no picture files (.png, .jpg, .jpeg, .bmp, .gif) under " + folder
                        + "; nothing to index" + (report.linksSkipped() > 0 ? " (" + report.linksSkipped()
                        + " symbolic link(s) there are not followed; index the folder they point to)" : ""));
            }
            if (!report.unreadable().isEmpty()) {
                // named even with --quiet: a skipped picture is missing from the index
                System.err.printf(java.util.Locale.ROOT, "warning: skipped %,d unreadable picture(s):%n", report.unreadable().size());
                report.unreadable().stream().limit(20).forEach(s -> System.err.println("  " + s.path() + ": " + s.reason()));
                if (report.unreadable().size() > 20) {
                    System.err.printf(java.util.Locale.ROOT, "  ... and %,d more%n", report.unreadable().size() - 20);
                }
            }
            if (!quiet) {
                System.out.println(report.summary());
                System.out.printf("index %s holds %,d pictures%n", index, idx.size());
            }
        }
        return 0;
    }

    private EmbeddingIndex.Options options(SearchSettings loaded, int batch) {
        if (commitEvery != null && commitEvery < 1) {
            throw new SiameseException("--commit-every must be at least 1, got " + commitEvery);
        }
        if (batch < 1) {
            throw new SiameseException("--batch must be at least 1, got " + batch);
        }
        return commitEvery != null ? loaded.index().withCommitEvery(commitEvery) : loaded.index();
    }

    /** Removes the entries under {@code folder} whose files no longer exist; returns how many. */
    private static int removeMissing(EmbeddingIndex idx, Path folder) {
        String prefix = key(folder) + File.separator;
        List<String> gone = new ArrayList<>();
        idx.forEachPath(path -> {
            if (path.startsWith(prefix) && !Files.exists(Path.of(path))) {
                gone.add(path);
            }
        });
        gone.forEach(idx::remove);
        return gone.size();
    }

    static String key(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }
}
