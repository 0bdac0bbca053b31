package dev.siamese.tf;

import dev.siamese.api.ModelException;
import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.OptimizerSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.model.Verdict;
import dev.siamese.config.Settings;
import dev.siamese.tf.internal.EmbedCoalescer;
import dev.siamese.tf.internal.TfEmbeddingModel;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Opt-in coalescing of small concurrent calls on a loaded model: same answers (to 1e-5), errors stay with their caller. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoalescingTest {

    private static final int THREADS = 16;
    private static final int CALLS = 150;
    private static final int PICTURES = 64;

    @TempDir
    static Path temp;

    private static final ModelSpec SPEC = new ModelSpec(ImageShape.digits(), new ArchitectureSpec.Mlp(List.of(64, 32), 4),
            LossSpec.Contrastive.paper(), OptimizerSpec.Adam.paper(), 13);
    private static Path dir;
    private static float[] pixels;
    private static float[][] serial;
    private static double[] serialDistance; // compare(picture(a), picture(partner(a))), one call at a time

    @BeforeAll
    static void saveAndEmbedSerially() {
        dir = temp.resolve("model");
        try (TrainableModel model = new TfBackend().create(SPEC)) {
            model.step(Pictures.easyPairs(SPEC.input(), 16, 1));
            model.save(dir, 0.5, Map.of());
        }
        pixels = Pictures.random(SPEC.input(), PICTURES, 31);
        serial = new float[PICTURES][];
        try (EmbeddingModel loaded = new TfBackend().load(dir)) {
            for (int p = 0; p < PICTURES; p++) {
                serial[p] = loaded.embed(picture(p).pixels(), 1).row(0);
            }
            serialDistance = new double[PICTURES];
            for (int p = 0; p < PICTURES; p++) {
                serialDistance[p] = loaded.compare(picture(p), picture(partner(p))).distance();
            }
        }
    }

    private static Image picture(int p) {
        int length = SPEC.input().length();
        return new Image(SPEC.input(), Arrays.copyOfRange(pixels, p * length, (p + 1) * length));
    }

    private static int partner(int p) {
        return (p * 5 + 3) % PICTURES;
    }

    private static EmbeddingModel load(int coalesceMaxBatch) {
        return new TfBackend(TfOptions.defaults().withCoalesceMaxBatch(coalesceMaxBatch)).load(dir);
    }

    /**
     * {@code THREADS} threads each make {@code CALLS} calls, alternately embedding one picture and comparing two;
     * every answer is checked against the serial embeddings with {@code tolerance} (0: bit for bit).
     */
    private static void hammer(EmbeddingModel model, float tolerance) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < CALLS; i++) {
                        int a = (thread * 7 + i) % PICTURES;
                        if (i % 2 == 0) {
                            float[] row = model.embed(picture(a));
                            if (tolerance == 0) {
                                assertThat(row).containsExactly(serial[a]);
                            } else {
                                assertThat(row).containsExactly(serial[a], within(tolerance));
                            }
                        } else {
                            Verdict v = model.compare(picture(a), picture(partner(a)));
                            if (tolerance == 0) {
                                assertThat(v.distance()).isEqualTo(serialDistance[a]);
                            } else {
                                assertThat(v.distance()).isCloseTo(serialDistance[a], within(4.0 * tolerance));
                            }
                            assertThat(v.threshold()).isEqualTo(0.5);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withCoalescingOnManyThreadsGetTheSerialAnswersWithin1e5() throws Exception {
        try (EmbeddingModel model = load(64)) {
            hammer(model, 1e-5f);
            EmbedCoalescer.Stats stats = ((TfEmbeddingModel) model).coalescingStats();
            assertThat(stats.calls()).isEqualTo((long) THREADS * CALLS);
            assertThat(stats.pictures()).isEqualTo((long) THREADS * CALLS * 3 / 2);
            assertThat(stats.runs()).as("calls shared runs: %s", stats).isLessThan(stats.calls());
            assertThat(stats.largestRun()).isBetween(2, 64);
        }
    }

    @Test
    void withCoalescingOffManyThreadsGetTheSerialAnswersBitForBit() throws Exception {
        try (EmbeddingModel model = load(0)) {
            hammer(model, 0);
            assertThat(((TfEmbeddingModel) model).coalescingStats()).isNull();
        }
    }

    @Test
    void largeCallsBypassTheCoalescerAndStillMatch() {
        try (EmbeddingModel model = load(64)) {
            float[] all = model.embed(pixels, PICTURES).toArray();
            assertThat(((TfEmbeddingModel) model).coalescingStats().calls()).isZero();
            for (int p = 0; p < PICTURES; p++) {
                assertThat(Arrays.copyOfRange(all, p * 4, p * 4 + 4)).containsExactly(serial[p], within(1e-5f));
            }
            assertThat(model.embed(new float[0], 0).count()).isZero();
        }
    }

    @Test
    void aWrongShapeFailsOnlyItsOwnCaller() throws Exception {
        try (EmbeddingModel model = load(64)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            AtomicInteger refused = new AtomicInteger();
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    workers.add(pool.submit(() -> {
                        for (int i = 0; i < 60; i++) {
                            int a = (thread * 3 + i) % PICTURES;
                            if (thread % 4 == 0 && i % 3 == 0) {
                                float[] wrong = Arrays.copyOf(picture(a).pixels(), SPEC.input().length() - 1);
                                assertThatThrownBy(() -> model.embed(wrong, 1)).isInstanceOf(ModelException.class)
                                        .hasMessageContaining("need 784 pixel values, got 783");
                                Image small = new Image(new ImageShape(14, 14, 1), new float[196]);
                                assertThatThrownBy(() -> model.compare(small, picture(a))).isInstanceOf(ModelException.class)
                                        .hasMessageContaining("14x14");
                                refused.incrementAndGet();
                            } else {
                                assertThat(model.embed(picture(a))).containsExactly(serial[a], within(1e-5f));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> w : workers) {
                    w.get(50, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(refused.get()).isEqualTo(4 * 20);
        }
    }

    @Test
    void closingDuringUseFailsCallsCleanlyAndHangsNoOne() throws Exception {
        EmbeddingModel model = load(64);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    for (int i = 0; ; i++) {
                        int a = (thread + i) % PICTURES;
                        try {
                            assertThat(model.embed(picture(a))).containsExactly(serial[a], within(1e-5f));
                            answered.incrementAndGet();
                        } catch (ModelException e) {
                            assertThat(e).hasMessageContaining("is closed");
                            refused.incrementAndGet();
                            return null;
                        }
                    }
                }));
            }
            while (answered.get() < 500) {
                Thread.sleep(5);
            }
            model.close();
            for (Future<?> w : workers) {
                w.get(20, TimeUnit.SECONDS); // every thread saw "is closed" and stopped
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(refused.get()).isEqualTo(THREADS);
        assertThatThrownBy(() -> model.embed(picture(0))).isInstanceOf(ModelException.class).hasMessageContaining("is closed");
        assertThatThrownBy(() -> model.embed(pixels, PICTURES)).isInstanceOf(ModelException.class).hasMessageContaining("is closed");
        model.close();
    }

    @Test
    void theOptionIsReadFromSettingsOffByDefaultAndValidated() {
        Settings defaults = new Settings(ConfigFactory.load());
        assertThat(TfOptions.from(defaults)).isEqualTo(TfOptions.defaults());
        assertThat(TfOptions.defaults().coalesceMaxBatch()).isZero();
        assertThat(new TfOptions(2, 1)).isEqualTo(new TfOptions(2, 1, 0));
        Settings on = new Settings(ConfigFactory.parseString("siamese.tensorflow.coalesce-max-batch = 64")
                .withFallback(ConfigFactory.load()));
        assertThat(TfOptions.from(on)).isEqualTo(new TfOptions(0, 0, 64));
        Settings one = new Settings(ConfigFactory.parseString("siamese.tensorflow.coalesce-max-batch = 1")
                .withFallback(ConfigFactory.load()));
        assertThatThrownBy(() -> TfOptions.from(one)).hasMessageContaining("coalesce-max-batch").hasMessageContaining("at least 2");
        assertThatThrownBy(() -> new TfOptions(0, 0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1");
        assertThatThrownBy(() -> new TfOptions(0, 0, 2000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2000");
    }
}
