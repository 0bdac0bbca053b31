package dev.siamese.tf.internal;

import dev.siamese.api.ModelException;
import dev.siamese.api.model.Embeddings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The group-commit logic with a fake session run (no TensorFlow): pictures of 2 values embed to (sum, difference).
 * A run can be held at a latch so that calls queue behind it deterministically.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EmbedCoalescerTest {

    private static final int LENGTH = 2;
    private static final int DIMENSION = 2;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Integer> runSizes = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstRunStarted = new CountDownLatch(1);
    private final CountDownLatch releaseFirstRun = new CountDownLatch(1);
    private final AtomicReference<RuntimeException> failSecondRun = new AtomicReference<>();
    private final AtomicReference<Error> errorInSecondRun = new AtomicReference<>();

    private float[] fakeRun(float[] pixels, int count) {
        runSizes.add(count);
        if (runSizes.size() == 1) {
            firstRunStarted.countDown();
            try {
                if (!releaseFirstRun.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("first run never released");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        } else if (runSizes.size() == 2 && failSecondRun.get() != null) {
            throw failSecondRun.get();
        } else if (runSizes.size() == 2 && errorInSecondRun.get() != null) {
            throw errorInSecondRun.get();
        }
        float[] out = new float[count * DIMENSION];
        for (int i = 0; i < count; i++) {
            out[i * 2] = pixels[i * 2] + pixels[i * 2 + 1];
            out[i * 2 + 1] = pixels[i * 2] - pixels[i * 2 + 1];
        }
        return out;
    }

    private EmbedCoalescer coalescer(int maxBatch) {
        return new EmbedCoalescer(maxBatch, 16, LENGTH, DIMENSION, this::fakeRun, "the test model is closed");
    }

    /** Picture {@code k} of a call: values (k, 1000 + k) plus the call's id in the thousands place of the first. */
    private static float[] pixels(int id, int count) {
        float[] p = new float[count * LENGTH];
        for (int k = 0; k < count; k++) {
            p[k * 2] = id * 10 + k;
            p[k * 2 + 1] = 0.5f * k;
        }
        return p;
    }

    private static void assertAnswers(Embeddings e, int id, int count) {
        assertThat(e.count()).isEqualTo(count);
        for (int k = 0; k < count; k++) {
            assertThat(e.row(k)).containsExactly(id * 10 + k + 0.5f * k, id * 10 + k - 0.5f * k);
        }
    }

    /** Starts the leader's call and waits until its run is held at the latch. */
    private Future<Embeddings> holdFirstRun(EmbedCoalescer c) throws InterruptedException {
        Future<Embeddings> leader = pool.submit(() -> c.embed(pixels(0, 1), 1));
        assertThat(firstRunStarted.await(10, TimeUnit.SECONDS)).isTrue();
        return leader;
    }

    /** Submits calls 1..n, each of {@code count} pictures, and waits until each is queued before the next. */
    private List<Future<Embeddings>> queue(EmbedCoalescer c, int n, int count) throws InterruptedException {
        List<Future<Embeddings>> calls = new ArrayList<>();
        long before = c.stats().calls();
        for (int id = 1; id <= n; id++) {
            int callId = id;
            calls.add(pool.submit(() -> c.embed(pixels(callId, count), count)));
            while (c.stats().calls() < before + id) { // one at a time, so that they queue in id order
                Thread.sleep(1);
            }
        }
        return calls;
    }

    @AfterEach
    void stopPool() {
        releaseFirstRun.countDown();
        pool.shutdownNow();
    }

    @Test
    void callsQueuedBehindARunShareTheNextRunsUpToTheMaximumAndGetTheirOwnRows() throws Exception {
        EmbedCoalescer c = coalescer(4);
        Future<Embeddings> leader = holdFirstRun(c);
        List<Future<Embeddings>> calls = queue(c, 10, 1);
        releaseFirstRun.countDown();
        assertAnswers(leader.get(10, TimeUnit.SECONDS), 0, 1);
        for (int id = 1; id <= 10; id++) {
            assertAnswers(calls.get(id - 1).get(10, TimeUnit.SECONDS), id, 1);
        }
        assertThat(runSizes).containsExactly(1, 4, 4, 2);
        assertThat(c.stats()).isEqualTo(new EmbedCoalescer.Stats(11, 4, 11, 4));
    }

    @Test
    void multiPictureCallsStayWholeAndInOrder() throws Exception {
        EmbedCoalescer c = coalescer(5);
        Future<Embeddings> leader = holdFirstRun(c);
        List<Future<Embeddings>> calls = queue(c, 4, 2); // 2 + 2 fit, the third would make 6
        releaseFirstRun.countDown();
        assertAnswers(leader.get(10, TimeUnit.SECONDS), 0, 1);
        for (int id = 1; id <= 4; id++) {
            assertAnswers(calls.get(id - 1).get(10, TimeUnit.SECONDS), id, 2);
        }
        assertThat(runSizes).containsExactly(1, 4, 4);
        assertThat(c.accepts(5)).isTrue();
        assertThat(c.accepts(6)).isFalse();
        assertThat(c.accepts(0)).isFalse();
        assertThatThrownBy(() -> c.embed(new float[3], 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailedRunFailsEveryCallInItAndOnlyThose() throws Exception {
        EmbedCoalescer c = coalescer(3);
        RuntimeException boom = new IllegalStateException("session exploded");
        failSecondRun.set(boom);
        Future<Embeddings> leader = holdFirstRun(c);
        List<Future<Embeddings>> calls = queue(c, 5, 1); // runs: [0], [1,2,3] fails, [4,5]
        releaseFirstRun.countDown();
        assertAnswers(leader.get(10, TimeUnit.SECONDS), 0, 1);
        for (int id = 1; id <= 3; id++) {
            try {
                calls.get(id - 1).get(10, TimeUnit.SECONDS);
                fail("call " + id + " should have failed");
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable t = e.getCause();
                assertThat(t == boom || (t instanceof ModelException && t.getCause() == boom))
                        .as("%s is the run's failure or wraps it", t).isTrue();
                assertThat(t).hasMessageContaining("session exploded");
            }
        }
        assertAnswers(calls.get(3).get(10, TimeUnit.SECONDS), 4, 1);
        assertAnswers(calls.get(4).get(10, TimeUnit.SECONDS), 5, 1);
        assertThat(runSizes).containsExactly(1, 3, 2);
    }

    @Test
    void anErrorInARunReachesItsCallersWithoutHangingTheRest() throws Exception {
        EmbedCoalescer c = coalescer(2);
        errorInSecondRun.set(new AssertionError("native trouble"));
        Future<Embeddings> leader = holdFirstRun(c);
        List<Future<Embeddings>> calls = queue(c, 4, 1); // runs: [0], [1,2] fail, [3,4]
        releaseFirstRun.countDown();
        assertAnswers(leader.get(10, TimeUnit.SECONDS), 0, 1);
        for (int id = 1; id <= 2; id++) {
            int callId = id;
            assertThatThrownBy(() -> calls.get(callId - 1).get(10, TimeUnit.SECONDS)).hasStackTraceContaining("native trouble");
        }
        assertAnswers(calls.get(2).get(10, TimeUnit.SECONDS), 3, 1);
        assertAnswers(calls.get(3).get(10, TimeUnit.SECONDS), 4, 1);
    }

    @Test
    void closingFailsQueuedCallsAtOnceAndRefusesNewOnesWhileTheRunInFlightFinishes() throws Exception {
        EmbedCoalescer c = coalescer(8);
        Future<Embeddings> leader = holdFirstRun(c);
        List<Future<Embeddings>> calls = queue(c, 3, 1);
        c.close();
        for (Future<Embeddings> call : calls) { // the first run is still held: these must not wait for it
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ModelException.class)
                    .hasMessageContaining("is closed");
        }
        assertThatThrownBy(() -> c.embed(pixels(9, 1), 1)).isInstanceOf(ModelException.class).hasMessageContaining("is closed");
        assertThat(leader.isDone()).isFalse();
        releaseFirstRun.countDown();
        assertAnswers(leader.get(10, TimeUnit.SECONDS), 0, 1);
        c.close(); // twice is harmless
        assertThat(runSizes).containsExactly(1);
    }

    @Test
    void anInterruptedWaiterStillGetsItsAnswerAndKeepsTheInterrupt() throws Exception {
        EmbedCoalescer c = coalescer(8);
        Future<Embeddings> leader = holdFirstRun(c);
        AtomicReference<Thread> waiterThread = new AtomicReference<>();
        Future<Boolean> waiter = pool.submit(() -> {
            waiterThread.set(Thread.currentThread());
            assertAnswers(c.embed(pixels(1, 1), 1), 1, 1);
            return Thread.currentThread().isInterrupted();
        });
        while (c.stats().calls() < 2) {
            Thread.sleep(1);
        }
        waiterThread.get().interrupt();
        Thread.sleep(50);
        assertThat(waiter.isDone()).isFalse();
        releaseFirstRun.countDown();
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
        assertAnswers(leader.get(10, TimeUnit.SECONDS), 0, 1);
    }

    @Test
    void manyThreadsHammeringGetExactlyTheirOwnRows() throws Exception {
        releaseFirstRun.countDown();
        EmbedCoalescer c = coalescer(16);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                for (int i = 0; i < 2000; i++) {
                    int id = thread * 10_000 + i;
                    int count = 1 + i % 3;
                    assertAnswers(c.embed(pixels(id, count), count), id, count);
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get(30, TimeUnit.SECONDS);
        }
        EmbedCoalescer.Stats stats = c.stats();
        assertThat(stats.calls()).isEqualTo(32_000);
        assertThat(stats.pictures()).isEqualTo(16 * (667 * 1 + 667 * 2 + 666 * 3));
        assertThat(stats.largestRun()).isLessThanOrEqualTo(16);
        assertThat(stats.runs()).isLessThanOrEqualTo(stats.calls());
    }
}
