package dev.siamese.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.ImageShape;
import dev.siamese.config.SettingsException;
import dev.siamese.config.SettingsLoader;
import dev.siamese.data.pictures.Preprocessing;
import dev.siamese.data.pictures.TestPictures;
import dev.siamese.data.readers.Cifar10BinaryReaderTest;
import dev.siamese.data.readers.Cifar10BinaryWriter;
import dev.siamese.data.readers.DecodedDatasetCache;
import dev.siamese.data.readers.ImageFolderReader;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreTheSyntheticDigitsWithoutPreprocessing() {
        DataSettings settings = settings();

        assertThat(settings.source()).isEqualTo("synthetic-digits");
        assertThat(settings.trainLimit()).isZero();
        assertThat(settings.preprocessing()).isEqualTo(Preprocessing.none());
        assertThat(settings.cacheEnabled()).isTrue();
        assertThat(settings.cacheDirectory()).isEqualTo(DecodedDatasetCache.defaultDirectory());
        assertThat(settings.imageFolder()).isEqualTo(ImageFolderReader.Options.of(new ImageShape(32, 32, 3)));
        assertThat(settings.cifar10BinaryDirectory()).isEqualTo(Path.of("cifar-10-batches-bin"));
    }

    @Test
    void imageFolderAndPreprocessingKeysAreRead() {
        DataSettings settings = settings("data.source = image-folder", "data.image-folder.dir = \"/pics\"",
                "data.image-folder.train-split = learn", "data.image-folder.test-split = check",
                "data.image-folder.height = 28", "data.image-folder.width = 20", "data.image-folder.channels = 1",
                "data.image-folder.fail-on-unreadable = true", "data.cache.enabled = false",
                "data.cache.dir = \"/tmp/c\"", "data.preprocessing.grayscale = true",
                "data.preprocessing.normalize = min-max", "data.preprocessing.otsu = true", "data.train-limit = 100");

        assertThat(settings.imageFolderDirectory()).isEqualTo(Path.of("/pics"));
        assertThat(settings.imageFolder()).isEqualTo(new ImageFolderReader.Options("learn", "check",
                new ImageShape(28, 20, 1), true, 100));
        assertThat(settings.cacheEnabled()).isFalse();
        assertThat(settings.cacheDirectory()).isEqualTo(Path.of("/tmp/c"));
        assertThat(settings.preprocessing()).isEqualTo(new Preprocessing(true, Preprocessing.Normalize.MIN_MAX, true));
        assertThat(settings.trainLimit()).isEqualTo(100);
    }

    @Test
    void unknownSourceNamesTheKeyAndTheChoices() {
        assertThatThrownBy(() -> settings("data.source = cifar-10"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("siamese.data.source = \"cifar-10\"")
                .hasMessageContaining("image-folder").hasMessageContaining("cifar10-binary");
    }

    @Test
    void twoChannelsAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> settings("data.image-folder.channels = 2"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("siamese.data.image-folder.channels = 2")
                .hasMessageContaining("must be 1 (grey) or 3 (RGB)");
    }

    @Test
    void badNormalizeNamesTheKey() {
        assertThatThrownBy(() -> settings("data.preprocessing.normalize = z-score"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("siamese.data.preprocessing.normalize")
                .hasMessageContaining("min-max");
    }

    @Test
    void negativeTrainLimitAndZeroHeightNameTheirKeys() {
        assertThatThrownBy(() -> settings("data.train-limit = -1"))
                .hasMessageContaining("siamese.data.train-limit = -1");
        assertThatThrownBy(() -> settings("data.image-folder.height = 0"))
                .hasMessageContaining("siamese.data.image-folder.height = 0");
    }

    @Test
    void splitNamesMustBePlainAndDifferent() {
        assertThatThrownBy(() -> settings("data.image-folder.train-split = \"a/b\""))
                .hasMessageContaining("siamese.data.image-folder.train-split").hasMessageContaining("no slashes");
        assertThatThrownBy(() -> settings("data.image-folder.test-split = train"))
                .hasMessageContaining("siamese.data.image-folder.test-split").hasMessageContaining("must differ");
    }

    @Test
    void loadsAnImageFolderThroughTheCacheWithPreprocessingAndLimit() {
        Path root = dir.resolve("pictures");
        TestPictures.twoClassFolder(root, 4);
        String[] overrides = {"data.source = image-folder", "data.image-folder.dir = \"" + root + "\"",
                "data.image-folder.height = 4", "data.image-folder.width = 4",
                "data.cache.dir = \"" + dir.resolve("cache") + "\"", "data.preprocessing.grayscale = true",
                "data.train-limit = 3"};

        LoadedData first = settings(overrides).load(LoadProgress.none());
        DatasetSplits second = settings(overrides).load();

        assertThat(first.splits().shape()).isEqualTo(new ImageShape(4, 4, 1));
        assertThat(first.splits().train().labels()).containsExactly(0, 0, 1);
        assertThat(first.splits().test().size()).isEqualTo(8);
        assertThat(first.skipped()).isEmpty();
        assertThat(dir.resolve("cache")).isDirectoryContaining(p -> p.toString().endsWith(DecodedDatasetCache.SUFFIX));
        assertThat(second.train().image(2)).isEqualTo(first.splits().train().image(2));
    }

    @Test
    void loadsTheCifar10BinaryRelease() {
        Cifar10BinaryWriter.writeRelease(Cifar10BinaryReaderTest.randomPictures(10, 1L),
                Cifar10BinaryReaderTest.randomPictures(4, 2L), dir);

        DatasetSplits splits = settings("data.source = cifar10-binary", "data.cifar10-binary.dir = \"" + dir + "\"")
                .load();

        assertThat(splits.train().size()).isEqualTo(10);
        assertThat(splits.shape()).isEqualTo(new ImageShape(32, 32, 3));
    }

    @Test
    void trainLimitKeepsEveryClassOfOtherSources() {
        DatasetSplits splits = settings("data.synthetic-digits.train-size = 200", "data.synthetic-digits.test-size = 20",
                "data.train-limit = 30").load();

        assertThat(splits.train().size()).isEqualTo(30);
        assertThat(Arrays.stream(splits.train().labels()).distinct().count()).isEqualTo(10);
        assertThat(splits.test().size()).isEqualTo(20);
    }

    private static DataSettings settings(String... overrides) {
        return DataSettings.from(SettingsLoader.load(null, List.of(overrides)));
    }
}
