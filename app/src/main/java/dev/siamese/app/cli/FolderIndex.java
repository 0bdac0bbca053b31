package dev.siamese.app.cli;

import dev.siamese.api.SiameseException;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.Models;
import dev.siamese.data.pictures.FileNames;
import dev.siamese.data.pictures.PictureFiles;
import dev.siamese.search.hashes.DctHash;
import dev.siamese.search.index.EmbeddingIndex;
import dev.siamese.search.scan.FolderScanner;
import dev.siamese.search.scan.ParallelSink;
import dev.siamese.search.scan.ScanReport;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Brings an index up to date with a folder: embeds new and changed pictures, removes entries of deleted ones (what
 * {@code index} does, and what {@code dedup FOLDER} and {@code search PICTURE FOLDER} do first).
 */
final class FolderIndex {

    /** What an update did: the scan and how many entries of deleted files it removed. */
    record Update(ScanReport report, int removed) {
    }

    private FolderIndex() {
    }

    /**
     * The index that {@code dedup FOLDER} and {@code search PICTURE FOLDER} keep for {@code folder} and a model
     * identity, below {@link Models#cacheDirectory()}{@code /indexes}.
     */
    static Path cached(Path folder, String modelIdentity) {
        String name = digest(key(folder)) + "-" + digest(modelIdentity);
        return Models.cacheDirectory().resolve("indexes").resolve(name);
    }

    /** Pictures after which an index kept for {@code dedup FOLDER} or {@code search PICTURE FOLDER} commits, at most. */
    static final int CACHED_COMMIT_EVERY = 10_000;

    /**
     * The options of an index kept in the cache: those configured, committing at least every
     * {@value #CACHED_COMMIT_EVERY} pictures, so that an interrupted first run of a big folder keeps most of its work.
     */
    static EmbeddingIndex.Options cachedOptions(EmbeddingIndex.Options configured) {
        return configured.commitEvery() > CACHED_COMMIT_EVERY ? configured.withCommitEvery(CACHED_COMMIT_EVERY) : configured;
    }

    /** Embeds the new and changed pictures under {@code folder} into {@code idx} and removes deleted ones, then commits. */
    static Update update(Path folder, EmbeddingModel m, EmbeddingIndex idx, int batch, boolean keepMissing,
                         FolderScanner.Progress progress) {
        DctHash hash = new DctHash();
        int threads = Runtime.getRuntime().availableProcessors();
        FolderScanner scanner = new FolderScanner(m.inputShape(), batch, threads);
        ScanReport report;
        // hashing and adding to the HNSW graph run on every core, behind decoding and embedding
        try (ParallelSink sink = new ParallelSink((f, picture, embedding) -> idx.put(key(f.path()), embedding,
                hash.hash(picture), f.size(), f.modified()), threads, 4 * batch)) {
            report = scanner.scan(folder, f -> !idx.contains(key(f.path()), f.size(), f.modified()), m::embed, sink,
                    progress);
        } finally {
            ConsoleProgress.done(progress);
        }
        int removed = keepMissing ? 0 : removeMissing(idx, folder);
        idx.commit();
        if (report.found() == 0) {
            throw new SiameseException("no picture files (" + PictureFiles.EXTENSION_LIST + ") under " + folder
                    + "; nothing to index" + (report.linksSkipped() > 0 ? " (" + report.linksSkipped()
                    + " symbolic link(s) there are not followed; index the folder they point to)" : ""));
        }
        return new Update(report, removed);
    }

    /** Names the pictures a scan skipped (even with --quiet: a skipped picture is missing from the results). */
    static void warnUnreadable(ScanReport report, PrintStream err) {
        if (!report.unreadable().isEmpty()) {
            err.printf(Locale.ROOT, "warning: skipped %,d unreadable picture(s):%n", report.unreadable().size());
            report.unreadable().stream().limit(20).forEach(s -> err.println("  " + FileNames.display(s.path()) + ": "
                    + FileNames.display(s.reason())));
            if (report.unreadable().size() > 20) {
                err.printf(Locale.ROOT, "  ... and %,d more%n", report.unreadable().size() - 20);
            }
        }
    }

    /**
     * Removes the entries under {@code folder} whose files are known not to exist; returns how many. An entry is kept
     * when its file cannot be checked (a folder on the way is unreadable) or its stored name cannot name a file here.
     */
    private static int removeMissing(EmbeddingIndex idx, Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        String prefix = key(folder) + File.separator;
        List<String> gone = new ArrayList<>();
        idx.forEachPath(text -> {
            if (text.startsWith(prefix) || FileNames.isEncoded(text)) {
                Path file;
                try {
                    file = FileNames.path(text);
                } catch (InvalidPathException e) {
                    return;
                }
                if (file.startsWith(root) && Files.notExists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    gone.add(text);
                }
            }
        });
        gone.forEach(idx::remove);
        return gone.size();
    }

    /** The text under which the index stores {@code path}: lossless under any locale ({@link FileNames#text}). */
    static String key(Path path) {
        return FileNames.text(path.toAbsolutePath().normalize());
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
