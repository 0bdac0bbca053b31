package dev.siamese.search.scan;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.Embedder;
import dev.siamese.api.model.Embeddings;
import dev.siamese.data.pictures.DecodePool;
import dev.siamese.data.pictures.PictureFiles;
import dev.siamese.data.pictures.Pictures;
import dev.siamese.data.pictures.SkippedFile;
import dev.siamese.search.SearchException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * Embeds every picture under a folder tree without holding them all in memory: the tree is walked by
 * {@link PictureFiles#walk} in sorted order (hidden files and folders and symbolic links are ignored), picture files
 * ({@link PictureFiles#EXTENSIONS}: {@code .png .jpg .jpeg .bmp .gif .webp .tif .tiff}, any case) that the caller's
 * filter wants are decoded in parallel in batches of a fixed size, fitted to the model's
 * input shape exactly as training pictures are ({@link Pictures#read}), and each batch is embedded by the caller's
 * function while the next batch decodes. At most two batches are held at a time. Unreadable files are skipped and
 * reported by name. Results reach the sink in walk order, on the calling thread.
 */
public final class FolderScanner {
    /**
     * The picture file extensions read, compared without regard to case.
     *
     * @deprecated use {@link PictureFiles#EXTENSIONS}, their one home
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public static final Set<String> EXTENSIONS = PictureFiles.EXTENSIONS;

    /** Receives one embedded picture: the file, the decoded picture (e.g. for a perceptual hash) and its embedding. */
    @FunctionalInterface
    public interface Sink {
        void accept(PictureFile file, Image picture, float[] embedding);
    }

    /** Told after every batch: pictures found so far, how many were embedded and how many were unreadable. */
    @FunctionalInterface
    public interface Progress {
        void update(int found, int embedded, int unreadable);

        /** Tells nothing. */
        Progress NONE = (found, embedded, unreadable) -> { };
    }

    private final ImageShape shape;
    private final int batchSize;
    private final int threads;

    /**
     * A scanner that fits pictures to {@code shape}, embeds {@code batchSize} at a time and decodes on {@code threads}
     * threads.
     */
    public FolderScanner(ImageShape shape, int batchSize, int threads) {
        this.shape = Objects.requireNonNull(shape, "shape");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("decoder threads must be at least 1, got " + threads);
        }
        this.batchSize = batchSize;
        this.threads = threads;
    }

    /**
     * Whether {@code file}'s name is a picture's.
     *
     * @deprecated use {@link PictureFiles#isPicture}, the one check (which, unlike this method before it forwarded
     *             there, also refuses hidden names such as {@code .x.png}, as the scan always did)
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public static boolean isPicture(Path file) {
        return PictureFiles.isPicture(file);
    }

    /**
     * Walks {@code root}, embeds the pictures {@code wanted} accepts (use {@code f -> true} for all) and hands each
     * result to {@code sink}.
     *
     * @throws DatasetException when {@code root} is not a folder
     */
    public ScanReport scan(Path root, Predicate<PictureFile> wanted, Embedder embedder, Sink sink) {
        return scan(root, wanted, embedder, sink, Progress.NONE);
    }

    /** As {@link #scan(Path, Predicate, Embedder, Sink)}, telling {@code progress} after every batch. */
    public ScanReport scan(Path root, Predicate<PictureFile> wanted, Embedder embedder, Sink sink,
                           Progress progress) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(wanted, "wanted");
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(sink, "sink");
        if (!Files.isDirectory(root)) {
            throw new DatasetException("picture folder " + root + " does not exist or is not a folder");
        }
        try (DecodePool pool = new DecodePool(threads)) {
            Run run = new Run(pool, embedder, sink, wanted, progress);
            walk(root, run);
            run.flush();
            run.finishInFlight();
            return new ScanReport(run.found, run.unchanged, run.embedded, run.unreadable, run.decodeNanos / 1e9,
                    run.waitNanos / 1e9, run.embedNanos / 1e9, run.sinkNanos / 1e9, (System.nanoTime() - run.start) / 1e9,
                    run.linksSkipped);
        }
    }

    private void walk(Path root, Run run) {
        try {
            PictureFiles.walk(root, new PictureFiles.Visitor() {
                @Override
                public void picture(Path file, BasicFileAttributes attributes) {
                    run.add(new PictureFile(file, attributes.size(), attributes.lastModifiedTime().toMillis()));
                }

                @Override
                public void link(Path link) {
                    run.linksSkipped++;
                }

                @Override
                public void unlistable(Path folder, IOException e) {
                    run.unreadable.add(new SkippedFile(folder, "folder cannot be listed: " + e.getMessage()));
                }

                @Override
                public void unreadable(Path entry, IOException e) {
                    run.unreadable.add(new SkippedFile(entry, "cannot be read: " + e.getMessage()));
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // cannot happen: this visitor records problems, throws none
        }
    }

    /** One batch being decoded: its files and, per file, the picture or why it failed. */
    private record Decoding(List<PictureFile> files, Image[] pictures, String[] problems, DecodePool.Chunks parts) {
    }

    /** The state of one scan. */
    private final class Run {
        final DecodePool pool;
        final Embedder embedder;
        final Sink sink;
        final Predicate<PictureFile> wanted;
        final Progress progress;
        final List<SkippedFile> unreadable = new ArrayList<>();
        final long start = System.nanoTime();
        int linksSkipped;
        List<PictureFile> batch = new ArrayList<>();
        Decoding inFlight;
        int found;
        int unchanged;
        int embedded;
        long decodeNanos;
        long waitNanos;
        long embedNanos;
        long sinkNanos;

        Run(DecodePool pool, Embedder embedder, Sink sink, Predicate<PictureFile> wanted, Progress progress) {
            this.pool = pool;
            this.progress = progress;
            this.embedder = embedder;
            this.sink = sink;
            this.wanted = wanted;
        }

        void add(PictureFile file) {
            found++;
            if (!wanted.test(file)) {
                unchanged++;
                return;
            }
            batch.add(file);
            if (batch.size() == batchSize) {
                flush();
            }
        }

        /** Starts decoding the current batch, then embeds the previous one while it decodes. */
        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            Decoding next = submit(batch);
            batch = new ArrayList<>();
            finishInFlight();
            inFlight = next;
        }

        Decoding submit(List<PictureFile> files) {
            int n = files.size();
            Image[] pictures = new Image[n];
            String[] problems = new String[n];
            DecodePool.Chunks parts = pool.submit(n, (n + threads - 1) / threads, i -> {
                try {
                    pictures[i] = Pictures.read(files.get(i).path(), shape);
                } catch (DatasetException e) {
                    problems[i] = e.getMessage();
                }
            });
            return new Decoding(files, pictures, problems, parts);
        }

        void finishInFlight() {
            Decoding decoding = inFlight;
            inFlight = null;
            if (decoding == null) {
                return;
            }
            long t0 = System.nanoTime();
            try {
                for (int k = 0; k < decoding.parts().size(); k++) {
                    decodeNanos += decoding.parts().await(k);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetException("picture decoding interrupted", e);
            } catch (ExecutionException e) {
                throw new DatasetException("picture decoding failed: " + e.getCause(), e.getCause());
            }
            waitNanos += System.nanoTime() - t0;
            int length = shape.length();
            List<Integer> good = new ArrayList<>();
            for (int i = 0; i < decoding.files().size(); i++) {
                if (decoding.pictures()[i] != null) {
                    good.add(i);
                } else {
                    unreadable.add(new SkippedFile(decoding.files().get(i).path(), decoding.problems()[i]));
                }
            }
            if (good.isEmpty()) {
                progress.update(found, embedded, unreadable.size());
                return;
            }
            float[] pixels = new float[good.size() * length];
            for (int g = 0; g < good.size(); g++) {
                decoding.pictures()[good.get(g)].copyTo(pixels, g * length);
            }
            long t1 = System.nanoTime();
            Embeddings embeddings = embedder.embed(pixels, good.size());
            embedNanos += System.nanoTime() - t1;
            if (embeddings.count() != good.size()) {
                throw new SearchException("the embedding function returned " + embeddings.count() + " embeddings for "
                        + good.size() + " pictures");
            }
            long t2 = System.nanoTime();
            for (int g = 0; g < good.size(); g++) {
                int i = good.get(g);
                sink.accept(decoding.files().get(i), decoding.pictures()[i], embeddings.row(g));
            }
            sinkNanos += System.nanoTime() - t2;
            embedded += good.size();
            progress.update(found, embedded, unreadable.size());
        }
    }
}
