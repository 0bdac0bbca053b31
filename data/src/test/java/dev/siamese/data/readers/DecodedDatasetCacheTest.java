package dev.siamese.data.readers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siamese.api.image.ImageShape;
import dev.siamese.data.pictures.SkippedFile;
import dev.siamese.data.pictures.TestPictures;
import dev.siamese.data.readers.ImageFolderResult.CacheOutcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodedDatasetCacheTest {
    private static final ImageFolderReader.Options OPTIONS = ImageFolderReader.Options.of(new ImageShape(4, 4, 1));

    @TempDir
    Path root;
    @TempDir
    Path cacheDir;
    DecodedDatasetCache cache;

    @BeforeEach
    void pictures() {
        TestPictures.twoClassFolder(root, 6);
        cache = new DecodedDatasetCache(cacheDir);
    }

    @Test
    void secondLoadComesFromTheCacheWithTheSamePictures() throws IOException {
        ImageFolderResult first = cache.load(root, OPTIONS);
        ImageFolderResult second = cache.load(root, OPTIONS);

        assertThat(first.trainCache()).isEqualTo(CacheOutcome.WRITTEN);
        assertThat(first.testCache()).isEqualTo(CacheOutcome.WRITTEN);
        assertThat(second.fromCache()).isTrue();
        assertThat(second.notes()).isEmpty();
        assertSame(first, second);
        assertThat(cacheFiles()).hasSize(2);
        assertThat(ImageFolderReaderTest.firstValues(second.splits().train())).startsWith(0, 1, 2);
    }

    @Test
    void cachedLoadEqualsAnUncachedRead() {
        cache.load(root, OPTIONS);

        ImageFolderResult cached = cache.load(root, OPTIONS);
        ImageFolderResult uncached = ImageFolderReader.read(root, OPTIONS);

        assertThat(cached.fromCache()).isTrue();
        assertSame(cached, uncached);
    }

    @Test
    void touchingAPictureInvalidatesItsSplitAndReplacesTheOldFile() throws IOException {
        cache.load(root, OPTIONS);
        Path picture = root.resolve("test/b/003.png");
        Files.setLastModifiedTime(picture, FileTime.fromMillis(Files.getLastModifiedTime(picture).toMillis() + 60_000));

        ImageFolderResult again = cache.load(root, OPTIONS);

        assertThat(again.trainCache()).isEqualTo(CacheOutcome.HIT);
        assertThat(again.testCache()).isEqualTo(CacheOutcome.WRITTEN);
        assertThat(cacheFiles()).hasSize(2);
    }

    @Test
    void addingAPictureInvalidatesAndIsLoaded() throws IOException {
        cache.load(root, OPTIONS);
        TestPictures.grey(root.resolve("train/a/100.png"), 4, 4, 77);

        ImageFolderResult again = cache.load(root, OPTIONS);

        assertThat(again.trainCache()).isEqualTo(CacheOutcome.WRITTEN);
        assertThat(again.splits().train().size()).isEqualTo(13);
        assertThat(ImageFolderReaderTest.firstValues(again.splits().train())).contains(77);
        assertThat(cache.load(root, OPTIONS).fromCache()).isTrue();
    }

    @Test
    void anotherShapeHasItsOwnCacheFile() throws IOException {
        cache.load(root, OPTIONS);

        ImageFolderResult rgb = cache.load(root, ImageFolderReader.Options.of(new ImageShape(4, 4, 3)));

        assertThat(rgb.trainCache()).isEqualTo(CacheOutcome.WRITTEN);
        assertThat(rgb.splits().shape()).isEqualTo(new ImageShape(4, 4, 3));
        assertThat(cacheFiles()).hasSize(4);
        assertThat(cache.load(root, OPTIONS).fromCache()).isTrue();
    }

    @Test
    void corruptCacheFileIsRebuiltWithTheSameResult() throws IOException {
        ImageFolderResult first = cache.load(root, OPTIONS);
        Path file = trainCacheFile();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 0x5a;
        Files.write(file, bytes);

        ImageFolderResult rebuilt = cache.load(root, OPTIONS);

        assertThat(rebuilt.trainCache()).isEqualTo(CacheOutcome.REBUILT);
        assertThat(rebuilt.testCache()).isEqualTo(CacheOutcome.HIT);
        assertThat(rebuilt.notes()).singleElement().asString().contains(file.toString()).contains("checksum mismatch");
        assertSame(first, rebuilt);
        assertThat(cache.load(root, OPTIONS).fromCache()).isTrue();
    }

    @Test
    void truncatedCacheFileIsRebuilt() throws IOException {
        ImageFolderResult first = cache.load(root, OPTIONS);
        Path file = trainCacheFile();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));

        ImageFolderResult rebuilt = cache.load(root, OPTIONS);

        assertThat(rebuilt.trainCache()).isEqualTo(CacheOutcome.REBUILT);
        assertThat(rebuilt.notes()).singleElement().asString().contains("truncated");
        assertSame(first, rebuilt);
    }

    @Test
    void garbageUnderTheCacheFileNameIsRebuilt() throws IOException {
        ImageFolderResult first = cache.load(root, OPTIONS);
        Files.writeString(trainCacheFile(), "garbage");

        ImageFolderResult rebuilt = cache.load(root, OPTIONS);

        assertThat(rebuilt.trainCache()).isEqualTo(CacheOutcome.REBUILT);
        assertSame(first, rebuilt);
    }

    @Test
    void skippedFilesAreRememberedByTheCache() throws IOException {
        Path empty = Files.createFile(root.resolve("train/a/empty.png"));

        ImageFolderResult first = cache.load(root, OPTIONS);
        ImageFolderResult second = cache.load(root, OPTIONS);

        assertThat(second.fromCache()).isTrue();
        assertThat(second.skipped()).isEqualTo(first.skipped());
        assertThat(second.skipped()).extracting(SkippedFile::path).containsExactly(empty);
    }

    @Test
    void anUnwritableCacheFolderOnlyCostsTheCache() throws IOException {
        Path notAFolder = Files.writeString(cacheDir.resolve("file"), "in the way");

        ImageFolderResult result = new DecodedDatasetCache(notAFolder).load(root, OPTIONS);

        assertThat(result.trainCache()).isEqualTo(CacheOutcome.NOT_WRITTEN);
        assertThat(result.notes()).hasSize(2).allSatisfy(n -> assertThat(n).contains("could not write cache file"));
        assertThat(result.splits().train().size()).isEqualTo(12);
    }

    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.toList();
        }
    }

    private Path trainCacheFile() throws IOException {
        return cacheFiles().stream().filter(p -> p.getFileName().toString().contains("-train-")).findFirst()
                .orElseThrow();
    }

    private static void assertSame(ImageFolderResult a, ImageFolderResult b) {
        ImageFolderReaderTest.assertSame(a.splits().train(), b.splits().train());
        ImageFolderReaderTest.assertSame(a.splits().test(), b.splits().test());
        assertThat(b.splits().train().classNames()).isEqualTo(a.splits().train().classNames());
    }
}
