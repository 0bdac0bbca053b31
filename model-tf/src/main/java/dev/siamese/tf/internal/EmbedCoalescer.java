package dev.siamese.tf.internal;

import dev.siamese.api.ModelException;
import dev.siamese.api.model.Embeddings;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Group commit for small embedding calls: calls that arrive while a session run is in flight queue up and go into the
 * next run together, up to {@code maxBatch} pictures per run.
 *
 * <p>There is no background thread. A caller that finds no run in flight becomes the <em>leader</em>: it takes the
 * queued calls (oldest first, its own among them) up to {@code maxBatch} pictures, runs them as one batch, hands each
 * call its rows, and goes on with the next queued calls until its own call is answered. Then it steps down and wakes
 * the waiting callers; one whose call is still queued becomes the next leader. So every queued call is served, no
 * caller serves others for ever, and a lone caller runs at once with only its own pictures (no added delay).
 *
 * <p>A failed run fails every call in it: the leader sees the original exception, the other callers a
 * {@link ModelException} caused by it. {@link #close()} refuses new calls and fails the queued ones at once; a run
 * already in flight finishes (or fails) normally. Waiting is not interruptible (as with a lock); an interrupt is
 * kept and re-asserted when the call returns.
 *
 * <p>The caller validates the pixels before {@link #embed}; a call of the wrong shape must never join a batch.
 */
public final class EmbedCoalescer {

    /** One session run: {@code count} pictures back to back in, {@code count * dimension} values out. */
    @FunctionalInterface
    public interface Runner {
        float[] run(float[] pixels, int count);
    }

    /**
     * Counters since creation.
     *
     * @param calls      calls answered or failed through the coalescer
     * @param runs       session runs made for them
     * @param pictures   pictures in those runs
     * @param largestRun pictures in the largest run
     */
    public record Stats(long calls, long runs, long pictures, int largestRun) {
        /** Mean pictures per run, 0 before the first run. */
        public double meanRun() {
            return runs == 0 ? 0 : (double) pictures / runs;
        }
    }

    private static final class Request {
        final float[] pixels;
        final int count;
        float[] rows;       // guarded by the coalescer
        Throwable error;    // guarded by the coalescer
        boolean done;       // guarded by the coalescer

        Request(float[] pixels, int count) {
            this.pixels = pixels;
            this.count = count;
        }
    }

    private final int maxBatch;
    private final int maxCall;
    private final int pictureLength;
    private final int dimension;
    private final Runner runner;
    private final String closedMessage;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private boolean leading;
    private boolean closed;
    private long calls;
    private long runs;
    private long pictures;
    private int largestRun;

    /**
     * @param maxBatch      most pictures in one run
     * @param maxCall       calls with more pictures than this should not use the coalescer (see {@link #accepts})
     * @param pictureLength values per picture
     * @param dimension     values per embedding
     * @param runner        the session run, safe to call from any thread
     * @param closedMessage the message of the exception a call gets after {@link #close()}
     */
    public EmbedCoalescer(int maxBatch, int maxCall, int pictureLength, int dimension, Runner runner, String closedMessage) {
        if (maxBatch < 1 || maxCall < 1 || pictureLength < 1 || dimension < 1) {
            throw new IllegalArgumentException("maxBatch " + maxBatch + ", maxCall " + maxCall + ", pictureLength "
                    + pictureLength + " and dimension " + dimension + " must be positive");
        }
        this.maxBatch = maxBatch;
        this.maxCall = Math.min(maxCall, maxBatch);
        this.pictureLength = pictureLength;
        this.dimension = dimension;
        this.runner = runner;
        this.closedMessage = closedMessage;
    }

    /** Whether a call of {@code count} pictures is small enough to be coalesced. */
    public boolean accepts(int count) {
        return count >= 1 && count <= maxCall;
    }

    /** The embeddings of {@code count} pictures (validated by the caller), computed in a shared run. */
    public Embeddings embed(float[] pixels, int count) {
        if (!accepts(count) || (long) count * pictureLength != pixels.length) {
            throw new IllegalArgumentException(count + " pictures in " + pixels.length + " values cannot be coalesced");
        }
        Request own = new Request(pixels, count);
        boolean interrupted = false;
        List<Request> batch;
        try {
            synchronized (this) {
                if (closed) {
                    throw new ModelException(closedMessage);
                }
                calls++;
                queue.addLast(own);
                while (!own.done && leading) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (own.done) {
                    return result(own);
                }
                leading = true;
                batch = take();
            }
            lead(own, batch);
            synchronized (this) {
                return result(own);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs batches until {@code own} is answered, then hands the lead on. {@code first} is already taken. */
    private void lead(Request own, List<Request> first) {
        List<Request> batch = first;
        while (true) {
            float[] rows = null;
            Throwable failure = null;
            int total = 0;
            try {
                for (Request r : batch) {
                    total += r.count;
                }
                rows = runBatch(batch, total);
            } catch (Throwable t) {
                failure = t;
            }
            synchronized (this) {
                runs++;
                pictures += total;
                largestRun = Math.max(largestRun, total);
                complete(batch, rows, failure, own);
                if (own.done || queue.isEmpty()) {
                    leading = false;
                    notifyAll(); // the answered callers return; one still queued takes the lead
                    return;
                }
                batch = take();
                notifyAll(); // the answered callers return
            }
        }
    }

    private float[] runBatch(List<Request> batch, int total) {
        float[] input;
        if (batch.size() == 1) {
            input = batch.get(0).pixels;
        } else {
            input = new float[total * pictureLength];
            int offset = 0;
            for (Request r : batch) {
                System.arraycopy(r.pixels, 0, input, offset, r.pixels.length);
                offset += r.pixels.length;
            }
        }
        float[] rows = runner.run(input, total);
        if (rows.length != total * dimension) {
            throw new ModelException("the model returned " + rows.length + " values for " + total + " pictures; expected "
                    + total * dimension + " (embedding dimension " + dimension + ")");
        }
        return rows;
    }

    /** Queued calls, oldest first, up to {@code maxBatch} pictures (at least one call). Caller holds the monitor. */
    private List<Request> take() {
        List<Request> batch = new ArrayList<>();
        int total = 0;
        while (!queue.isEmpty() && (batch.isEmpty() || total + queue.peekFirst().count <= maxBatch)) {
            Request r = queue.pollFirst();
            batch.add(r);
            total += r.count;
        }
        return batch;
    }

    /** Answers every call of {@code batch}. Caller holds the monitor. */
    private void complete(List<Request> batch, float[] rows, Throwable failure, Request own) {
        int offset = 0;
        for (Request r : batch) {
            int n = r.count * dimension;
            offset += n;
            if (r.done) {
                continue; // cannot happen: close() only fails queued calls, not taken ones
            }
            if (failure == null) {
                r.rows = batch.size() == 1 ? rows : Arrays.copyOfRange(rows, offset - n, offset);
            } else {
                r.error = r == own ? failure : new ModelException("a coalesced embedding run of " + batch.size()
                        + " calls failed: " + failure.getMessage(), failure);
            }
            r.done = true;
        }
    }

    /** The answer to a finished call. Caller holds the monitor. */
    private Embeddings result(Request r) {
        if (r.error == null) {
            return Embeddings.adopt(r.count, dimension, r.rows);
        }
        if (r.error instanceof RuntimeException e) {
            throw e;
        }
        if (r.error instanceof Error e) {
            throw e;
        }
        throw new ModelException(r.error.getMessage(), r.error);
    }

    /** Refuses new calls and fails the queued ones; a run in flight is left to finish. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Request r : queue) {
            r.error = new ModelException(closedMessage);
            r.done = true;
        }
        queue.clear();
        notifyAll();
    }

    public synchronized Stats stats() {
        return new Stats(calls, runs, pictures, largestRun);
    }
}
