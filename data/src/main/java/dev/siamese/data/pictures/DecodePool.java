package dev.siamese.data.pictures;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The threads that decode pictures in parallel, for the folder reader and the folder scanner alike: a fixed number of
 * daemon threads ({@code siamese-picture-decoder-<n>}). A run of pictures is handed in cut into chunks, each chunk
 * decoded in order on one thread; the caller waits for the chunks in order ({@link Chunks#await}), so it sees results
 * in its own order whatever order the threads finish in, and can report progress or stop at the first bad picture.
 * What a decoded picture holds, and how much of it at once, is the caller's: the pool only runs its work. Closing it
 * interrupts work still running, and a chunk stops at the next picture once interrupted.
 */
public final class DecodePool implements AutoCloseable {
    private final ExecutorService executor;
    private final int threads;

    /** A pool of {@code threads} decoding threads. */
    public DecodePool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("decoder threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        AtomicInteger number = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "siamese-picture-decoder-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Number of decoding threads. */
    public int threads() {
        return threads;
    }

    /**
     * Starts {@code decode} on pictures {@code 0 .. count - 1}, {@code chunk} at a time per thread.
     *
     * @param decode decodes the picture of the index given; it runs on a pool thread
     */
    public Chunks submit(int count, int chunk, IntConsumer decode) {
        if (chunk < 1) {
            throw new IllegalArgumentException("a chunk holds at least 1 picture, got " + chunk);
        }
        List<Future<Long>> futures = new ArrayList<>();
        for (int start = 0; start < count; start += chunk) {
            int from = start;
            int to = Math.min(count, start + chunk);
            futures.add(executor.submit(() -> {
                long t0 = System.nanoTime();
                for (int i = from; i < to; i++) {
                    if (Thread.currentThread().isInterrupted()) {
                        break;
                    }
                    decode.accept(i);
                }
                return System.nanoTime() - t0;
            }));
        }
        return new Chunks(futures, count, chunk);
    }

    /** Stops the threads, interrupting work still running. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** The chunks of one {@link #submit}, in order. */
    public static final class Chunks {
        private final List<Future<Long>> futures;
        private final int count;
        private final int chunk;

        private Chunks(List<Future<Long>> futures, int count, int chunk) {
            this.futures = futures;
            this.count = count;
            this.chunk = chunk;
        }

        /** Number of chunks. */
        public int size() {
            return futures.size();
        }

        /** The first picture of chunk {@code k}. */
        public int from(int k) {
            return Math.multiplyExact(k, chunk);
        }

        /** One past the last picture of chunk {@code k}. */
        public int to(int k) {
            return Math.min(count, from(k) + chunk);
        }

        /**
         * Waits until chunk {@code k} is decoded.
         *
         * @return the nanoseconds its thread spent decoding it
         * @throws ExecutionException when {@code decode} threw (the cause is its exception)
         */
        public long await(int k) throws InterruptedException, ExecutionException {
            return futures.get(k).get();
        }

        /** Stops every chunk not yet done (one running is interrupted). */
        public void cancel() {
            futures.forEach(future -> future.cancel(true));
        }
    }
}
