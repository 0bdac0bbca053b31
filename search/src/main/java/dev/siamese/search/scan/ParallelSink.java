package dev.siamese.search.scan;

import dev.siamese.api.image.Image;
import dev.siamese.search.SearchException;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands each embedded picture of a {@link FolderScanner} to another sink on a few worker threads, so that slow sinks
 * (hashing, adding to an HNSW graph) use every core. At most {@code maxQueued} pictures wait at a time, which keeps
 * memory bounded; the first failure is rethrown by the next {@link #accept} or by {@link #close}, which waits for
 * every queued picture.
 */
public final class ParallelSink implements FolderScanner.Sink, AutoCloseable {
    private final FolderScanner.Sink target;
    private final ExecutorService workers;
    private final Semaphore room;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    /** Runs {@code target} (which must be thread-safe) on {@code threads} threads with at most {@code maxQueued} waiting. */
    public ParallelSink(FolderScanner.Sink target, int threads, int maxQueued) {
        this.target = Objects.requireNonNull(target, "target");
        if (threads < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("threads and maxQueued must be at least 1, got " + threads + ", " + maxQueued);
        }
        AtomicInteger number = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "siamese-index-sink-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.room = new Semaphore(maxQueued);
    }

    @Override
    public void accept(PictureFile file, Image picture, float[] embedding) {
        rethrow();
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SearchException("interrupted while indexing " + file.path(), e);
        }
        workers.execute(() -> {
            try {
                if (failure.get() == null) {
                    target.accept(file, picture, embedding);
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                room.release();
            }
        });
    }

    /** Waits for every queued picture, then rethrows the first failure, if any. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                // keep waiting: the queued pictures are bounded
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
            throw new SearchException("interrupted while finishing the index", e);
        }
        rethrow();
    }

    private void rethrow() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }
}
