package dev.siamese.app.cli;

import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.search.DctHash;
import dev.siamese.search.EmbeddingIndex;
import dev.siamese.search.FolderScanner;
import dev.siamese.search.ParallelSink;
import dev.siamese.search.ScanReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code siamese index}: embed every picture under a folder into a persistent index; re-runs add only new or changed files. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Walk a folder tree, decode pictures in parallel, embed them in batches and store path, embedding and",
                "DCT hash in an on-disk HNSW index (Lucene). Re-running adds only new or changed files; unreadable files",
                "are named and skipped; an interrupted run leaves the last committed state usable."})
public final class IndexCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FOLDER", description = "Pictures to index (png, jpg, jpeg, bmp, gif), searched recursively.")
    Path folder;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = "A model directory or a run directory.")
    Path model;

    @Option(names = {"-i", "--index"}, required = true, paramLabel = "DIR", description = "The index folder (created if missing).")
    Path index;

    @Option(names = "--batch", defaultValue = "256", description = "Pictures per embedding batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() {
        DctHash hash = new DctHash();
        try (EmbeddingModel m = ModelOption.load(model);
             EmbeddingIndex idx = EmbeddingIndex.openOrCreate(index, ModelOption.identity(model, m), m.embeddingDimension(),
                     EmbeddingIndex.Options.defaults())) {
            int threads = Runtime.getRuntime().availableProcessors();
            FolderScanner scanner = new FolderScanner(m.inputShape(), batch, threads);
            ScanReport report;
            // hashing and adding to the HNSW graph run on every core, behind decoding and embedding
            try (ParallelSink sink = new ParallelSink((f, picture, embedding) -> idx.put(key(f.path()), embedding,
                    hash.hash(picture), f.size(), f.modified()), threads, 4 * batch)) {
                report = scanner.scan(folder, f -> !idx.contains(key(f.path()), f.size(), f.modified()), m::embed, sink);
            }
            idx.commit();
            if (!quiet) {
                System.out.println(report.summary());
                report.unreadable().forEach(s -> System.out.println("skipped " + s.path() + ": " + s.reason()));
                System.out.printf("index %s holds %,d pictures%n", index, idx.size());
            }
        }
        return 0;
    }

    static String key(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }
}
