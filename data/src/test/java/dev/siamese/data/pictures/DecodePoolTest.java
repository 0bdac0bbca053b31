package dev.siamese.data.pictures;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one pool that decodes pictures in parallel for the folder reader and the folder scanner. */
class DecodePoolTest {

    @Test
    void chunksCoverEveryPictureOnceInOrderAndAreDoneWhenAwaited() throws Exception {
        int count = 1003;
        int[] decoded = new int[count];
        try (DecodePool pool = new DecodePool(4)) {
            DecodePool.Chunks chunks = pool.submit(count, 10, i -> decoded[i]++);
            assertThat(chunks.size()).isEqualTo(101);
            int next = 0;
            for (int k = 0; k < chunks.size(); k++) {
                assertThat(chunks.await(k)).isNotNegative();
                assertThat(chunks.from(k)).isEqualTo(next);
                for (int i = chunks.from(k); i < chunks.to(k); i++) {
                    assertThat(decoded[i]).as("picture %d once its chunk is awaited", i).isEqualTo(1);
                }
                next = chunks.to(k);
            }
            assertThat(next).isEqualTo(count);
        }
    }

    @Test
    void decodesOnNamedDaemonThreadsNoMoreThanAsked() throws Exception {
        Set<String> names = ConcurrentHashMap.newKeySet();
        List<Boolean> daemons = new ArrayList<>();
        try (DecodePool pool = new DecodePool(3)) {
            DecodePool.Chunks chunks = pool.submit(60, 1, i -> {
                names.add(Thread.currentThread().getName());
                synchronized (daemons) {
                    daemons.add(Thread.currentThread().isDaemon());
                }
            });
            for (int k = 0; k < chunks.size(); k++) {
                chunks.await(k);
            }
        }
        assertThat(names).isNotEmpty().hasSizeLessThanOrEqualTo(3)
                .allMatch(name -> name.matches("siamese-picture-decoder-[123]"));
        assertThat(daemons).hasSize(60).containsOnly(true);
    }

    @Test
    void aFailingDecodeReachesTheCallerWithItsCause() {
        try (DecodePool pool = new DecodePool(2)) {
            DecodePool.Chunks chunks = pool.submit(5, 5, i -> {
                if (i == 3) {
                    throw new IllegalStateException("picture 3 is bad");
                }
            });
            assertThatThrownBy(() -> chunks.await(0)).isInstanceOf(ExecutionException.class)
                    .cause().hasMessage("picture 3 is bad");
        }
    }

    @Test
    void closingStopsAChunkAtItsNextPicture() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        DecodePool pool = new DecodePool(1);
        DecodePool.Chunks chunks = pool.submit(100, 100, i -> {
            started.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.incrementAndGet();
        });
        started.await();
        pool.close();
        chunks.await(0);
        assertThat(done).hasValue(1);
    }

    @Test
    void refusesNoThreadsAndEmptyChunks() {
        assertThatThrownBy(() -> new DecodePool(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        try (DecodePool pool = new DecodePool(1)) {
            assertThatThrownBy(() -> pool.submit(3, 0, i -> { })).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 1");
        }
    }
}
