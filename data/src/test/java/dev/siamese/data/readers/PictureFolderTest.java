package dev.siamese.data.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.ImageShape;
import dev.siamese.config.SettingsLoader;
import dev.siamese.data.DataSettings;
import dev.siamese.data.LoadProgress;
import dev.siamese.data.LoadedData;
import dev.siamese.data.pictures.TestPictures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class PictureFolderTest {

    @Test
    void readsEveryPictureBelowTheRootWithoutLabelsAndAStableSplit(@TempDir Path root) throws IOException {
        for (int i = 0; i < 60; i++) {
            TestPictures.grey(root.resolve(i % 3 == 0 ? "a/b" : "c").resolve("p" + i + ".png"), 6 + i % 4, 5, i * 4);
        }
        TestPictures.grey(root.resolve(".hidden/p.png"), 5, 5, 1);
        TestPictures.grey(root.resolve("c/.p.png"), 5, 5, 1);
        Files.writeString(root.resolve("c/notes.txt"), "not a picture");
        ImageFolderReader.Options options = ImageFolderReader.Options.of(new ImageShape(4, 4, 1));
        DatasetSplits splits = ImageFolderReader.readUnlabelled(root, options, 20, LoadProgress.none()).splits();
        assertThat(splits.train().size() + splits.test().size()).isEqualTo(60);
        assertThat(splits.test().size()).isBetween(4, 24);
        assertThat(splits.train().classNames()).containsExactly("unlabelled");
        assertThat(splits.name()).startsWith("picture-folder");

        // adding pictures moves none of the others between the splits
        for (int i = 60; i < 80; i++) {
            TestPictures.grey(root.resolve("c/p" + i + ".png"), 6, 5, i);
        }
        var before = ImageFolderReader.listUnlabelled(root, options, 20);
        List<Path> testBefore = before.test().files().stream().map(ImageFolderReader.ListedFile::path)
                .filter(p -> !p.getFileName().toString().matches("p[67][0-9]\\.png")).toList();
        assertThat(testBefore).hasSize(splits.test().size());
    }

    @Test
    void aFolderWithTooFewPicturesIsRefusedByName(@TempDir Path root) {
        TestPictures.grey(root.resolve("only.png"), 5, 5, 1);
        ImageFolderReader.Options options = ImageFolderReader.Options.of(new ImageShape(4, 4, 1));
        assertThatThrownBy(() -> ImageFolderReader.readUnlabelled(root, options, 10, LoadProgress.none()))
                .isInstanceOf(DatasetException.class).hasMessageContaining(root.toAbsolutePath().toString())
                .hasMessageContaining("at least 2");
        assertThatThrownBy(() -> ImageFolderReader.readUnlabelled(root.resolve("missing"), options, 10, LoadProgress.none()))
                .isInstanceOf(DatasetException.class).hasMessageContaining("does not exist");
    }

    @Test
    void theSettingsLoadAPictureFolderThroughTheCache(@TempDir Path root, @TempDir Path cache) {
        for (int i = 0; i < 40; i++) {
            TestPictures.rgb(root.resolve("p" + i + ".jpg"), 9, 7, i * 5, 100, 200 - i);
        }
        List<String> keys = List.of("data.source = picture-folder", "data.picture-folder.dir = \"" + root + "\"",
                "data.picture-folder.test-percent = 25", "data.image-folder.height = 5", "data.image-folder.width = 5",
                "data.cache.dir = \"" + cache + "\"");
        DataSettings settings = DataSettings.from(SettingsLoader.load(null, keys));
        LoadedData first = settings.load(LoadProgress.none());
        LoadedData second = settings.load(LoadProgress.none());
        assertThat(first.splits().shape()).isEqualTo(new ImageShape(5, 5, 3));
        assertThat(second.splits().test().size()).isEqualTo(first.splits().test().size());
        assertThat(first.splits().train().size() + first.splits().test().size()).isEqualTo(40);
        assertThat(cache).isNotEmptyDirectory();
    }
}
