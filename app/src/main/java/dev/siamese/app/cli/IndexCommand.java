package dev.siamese.app.cli;

import dev.siamese.api.SiameseException;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.data.pictures.FileNames;
import dev.siamese.search.SearchSettings;
import dev.siamese.search.index.EmbeddingIndex;
import dev.siamese.search.index.IndexCheck;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code siamese index}: embed every picture under a folder into a persistent index; re-runs add only new or changed
 * files and remove the entries of deleted ones. {@code siamese index --check INDEX} verifies an index instead.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Walk a folder tree, decode pictures in parallel, embed them in batches and store path, embedding and"
                + " DCT hash in an on-disk HNSW index (Lucene).",
                "Re-running adds only new or changed files and removes the entries of deleted ones; unreadable files are"
                        + " named and skipped; an interrupted run leaves the last committed state usable. 'siamese index"
                        + " --check INDEX' verifies an index instead (no model needed). Searches (search -i, dedup -i)"
                        + " open an index read-only: they run during indexing and see its last commit."})
public final class IndexCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FOLDER", description = "Pictures to index (png, jpg, jpeg, bmp, gif, webp, tif, tiff), searched recursively.")
    Path folder;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR", description = {"A model directory or a run directory (default: the shipped near-duplicate twin).",
            "Repeat it (-m A -m B) to use several models as one ensemble: embeddings side by side, distance the norm of the models' distances."})
    List<Path> model;

    @Option(names = {"-i", "--index"}, paramLabel = "DIR", description = "The index folder (created if missing).")
    Path index;

    @Option(names = "--check", paramLabel = "INDEX", description = {"Verify the index in this folder instead of"
            + " indexing: reads every file and compares its checksum, names each damaged segment and file, and says how"
            + " to rebuild (delete the folder and index again). Needs no model, takes no lock, writes nothing: it may"
            + " run while the index is being written (it checks the last commit). Exit code 1 when damaged."})
    Path check;

    @Option(names = "--batch", paramLabel = "N", description = "Pictures per embedding batch (default: siamese.search.index.batch, 256).")
    Integer batch;

    @Option(names = "--commit-every", paramLabel = "N", description = {"Make the pictures indexed so far durable after"
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
        if (check != null) {
            return check();
        }
        if (folder == null) {
            throw new SiameseException("give the FOLDER of pictures to index: siamese index FOLDER -i INDEX"
                    + " (or siamese index --check INDEX to verify an index)");
        }
        if (index == null) {
            throw new SiameseException("give the index folder to create or update: siamese index " + folder + " -i INDEX");
        }
        SearchSettings loaded = settings.settings();
        int batch = this.batch != null ? this.batch : loaded.batch();
        List<Path> models = ModelOption.orDefault(model);
        try (EmbeddingModel m = ModelOption.load(models);
             EmbeddingIndex idx = EmbeddingIndex.openOrCreate(index, ModelOption.identity(models, m), m.embeddingDimension(),
                     options(loaded, batch))) {
            FolderIndex.Update update = FolderIndex.update(folder, m, idx, batch, keepMissing,
                    ConsoleProgress.of("indexing", quiet));
            if (update.removed() > 0 && !quiet) {
                System.out.printf(java.util.Locale.ROOT, "removed %,d picture(s) whose files are gone from %s%n",
                        update.removed(), FileNames.display(folder));
            }
            FolderIndex.warnUnreadable(update.report(), System.err);
            if (!quiet) {
                System.out.println(update.report().summary());
                System.out.printf("index %s holds %,d pictures%n", FileNames.display(index), idx.size());
            }
        }
        return 0;
    }

    /** {@code --check INDEX}: every problem on its own line, then one error line; a summary line when healthy. */
    private Integer check() {
        if (folder != null || index != null || model != null || batch != null || commitEvery != null || keepMissing) {
            throw new SiameseException("--check verifies an index and takes nothing else: siamese index --check "
                    + check);
        }
        IndexCheck result = EmbeddingIndex.verify(check);
        if (!result.healthy()) {
            for (String problem : result.problems()) {
                System.err.println("  damaged: " + problem);
            }
            throw new SiameseException(result.summary());
        }
        if (!quiet) {
            System.out.println(result.summary());
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
}
