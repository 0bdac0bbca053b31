package dev.siamese.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.typesafe.config.ConfigFactory;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.Image;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.Verdict;
import dev.siamese.api.spi.Backends;
import dev.siamese.config.SettingsLoader;
import dev.siamese.data.readers.SyntheticDigits;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** What a host application does: run the engine from its own Config with its own dataset module, then load and compare. */
class HostApplicationTest {

    @TempDir
    static Path output;
    static RunOutcome outcome;
    static DatasetSplits hostData = SyntheticDigits.splits(600, 300, 99);

    /** The host's own dataset, swapped in by installing a module; nothing else changes. */
    static final class HostDataModule extends AbstractModule {
        @Provides
        DatasetSplits datasetSplits() {
            return hostData;
        }
    }

    @BeforeAll
    static void trainWithTheHostsConfigAndDataset() {
        outcome = Experiments.run(ConfigFactory.parseString("""
                siamese.experiment.output-dir = "%s"
                siamese.model.mlp.hidden = [64]
                siamese.training.iterations = 60
                siamese.evaluation { calibration-pairs = 300, test-pairs = 300 }
                """.formatted(output.toString().replace("\\", "\\\\"))), new HostDataModule());
    }

    @Test
    void theHostsDatasetModuleReplacedTheConfiguredOne() {
        assertThat(outcome.training().provenance().dataset()).isEqualTo(hostData.name());
        assertThat(outcome.evaluation().trainPictures()).isEqualTo(600);
        assertThat(outcome.evaluation().testPictures()).isEqualTo(300);
    }

    @Test
    void sixteenThreadsComparingOnOneModelGetTheSerialResults() throws Exception {
        List<Image> pictures = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            pictures.add(hostData.test().image(i));
        }
        try (EmbeddingModel model = Backends.named("tensorflow").load(outcome.runDirectory().resolve("model"))) {
            List<Verdict> serial = new ArrayList<>();
            for (int i = 0; i < 63; i++) {
                serial.add(model.compare(pictures.get(i), pictures.get(i + 1)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                for (int round = 0; round < 3; round++) {
                    List<Future<Verdict>> futures = new ArrayList<>();
                    for (int i = 0; i < 63; i++) {
                        int k = i;
                        futures.add(pool.submit(() -> model.compare(pictures.get(k), pictures.get(k + 1))));
                    }
                    for (int i = 0; i < 63; i++) {
                        assertThat(futures.get(i).get()).isEqualTo(serial.get(i));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(serial).extracting(Verdict::similar).contains(true, false);
        }
    }

    @Test
    void settingsFromAHostConfigAreValidatedLikeFiles() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SettingsLoader.fromConfig(
                        ConfigFactory.parseString("siamese.training.iteratons = 5")))
                .hasMessageContaining("siamese.training.iteratons").hasMessageContaining("did you mean");
    }

    @Test
    void theShippedNearDuplicateTwinLoadsWithOneCallAndUnknownNamesAreNamed(@TempDir Path cache) {
        System.setProperty(dev.siamese.api.model.Models.CACHE_PROPERTY, cache.toString());
        try (EmbeddingModel twin = dev.siamese.api.model.Models.defaultNearDuplicates()) {
            assertThat(twin.embeddingDimension()).isEqualTo(64);
            assertThat(twin.descriptor().hashBitWeight()).isPresent();
            float[] pixels = new float[twin.inputShape().length()];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (i % 7) / 7f;
            }
            Image a = new Image(twin.inputShape(), pixels);
            assertThat(twin.distance(a, a)).isZero();
            float[] embedding = twin.embed(a);
            assertThat(embedding).hasSize(64);
            for (float v : embedding) {
                assertThat(Float.isFinite(v)).isTrue();
            }
            assertThat(dev.siamese.api.model.Models.bundledDirectory(dev.siamese.api.model.Models.NEAR_DUPLICATES))
                    .startsWith(cache.resolve("models"));
        } finally {
            System.clearProperty(dev.siamese.api.model.Models.CACHE_PROPERTY);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.siamese.api.model.Models.bundled("faces"))
                .hasMessageContaining("no backend on the module path ships a model called 'faces'")
                .hasMessageContaining("near-duplicates");
    }
}
