package dev.siamese.data.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.LabeledDataset;
import dev.siamese.data.pictures.SkippedFile;
import dev.siamese.data.pictures.TestPictures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
    private static final ImageShape GREY_4X4 = new ImageShape(4, 4, 1);

    @TempDir
    Path root;

    @Test
    void classesAreSortedFolderNamesAndFilesAreReadInNameOrder() {
        for (String split : List.of("train", "test")) {
            TestPictures.grey(root.resolve(split + "/dog/b.png"), 4, 4, 11);
            TestPictures.grey(root.resolve(split + "/dog/a.PNG"), 4, 4, 10);
            TestPictures.grey(root.resolve(split + "/ant/x.bmp"), 4, 4, 20);
            TestPictures.grey(root.resolve(split + "/cat/c.Gif"), 4, 4, 30);
            TestPictures.grey(root.resolve(split + "/cat/b.jpeg"), 4, 4, 31);
        }

        ImageFolderResult result = ImageFolderReader.read(root, ImageFolderReader.Options.of(GREY_4X4));

        LabeledDataset train = result.splits().train();
        assertThat(train.classNames()).containsExactly("ant", "cat", "dog");
        assertThat(train.labels()).containsExactly(0, 1, 1, 2, 2);
        assertThat(firstValues(train)).containsExactly(20, 31, 30, 10, 11);
        assertThat(result.splits().test().labels()).containsExactly(0, 1, 1, 2, 2);
        assertThat(result.skipped()).isEmpty();
        assertThat(result.trainCache()).isEqualTo(ImageFolderResult.CacheOutcome.DISABLED);
    }

    @Test
    void otherFilesHiddenFilesAndDeeperFoldersAreIgnored() throws IOException {
        TestPictures.twoClassFolder(root, 2);
        Files.writeString(root.resolve("train/a/README.txt"), "not a picture");
        TestPictures.grey(root.resolve("train/a/.hidden.png"), 4, 4, 1);
        TestPictures.grey(root.resolve("train/a/deeper/x.png"), 4, 4, 1);
        Files.createDirectories(root.resolve("train/.git"));

        ImageFolderResult result = ImageFolderReader.read(root, ImageFolderReader.Options.of(GREY_4X4));

        assertThat(result.splits().train().size()).isEqualTo(4);
        assertThat(result.splits().train().classNames()).containsExactly("a", "b");
        assertThat(result.skipped()).isEmpty();
    }

    @Test
    void rgbBecomesGreyByLuminance() {
        TestPictures.twoClassFolder(root, 1);
        TestPictures.rgb(root.resolve("train/a/000.png"), 4, 4, 255, 0, 0);
        TestPictures.rgb(root.resolve("train/b/000.png"), 4, 4, 10, 200, 50);

        LabeledDataset train = ImageFolderReader.read(root, ImageFolderReader.Options.of(GREY_4X4)).splits().train();

        assertThat(train.image(0).get(2, 3, 0)).isEqualTo(Math.round(0.299f * 255) / 255f);
        assertThat(train.image(1).get(0, 0, 0)).isEqualTo(Math.round(0.299f * 10 + 0.587f * 200 + 0.114f * 50) / 255f);
    }

    @Test
    void greyIsReplicatedIntoRgbAndColoursAreKept() {
        TestPictures.twoClassFolder(root, 1);
        TestPictures.rgb(root.resolve("train/b/000.png"), 4, 4, 10, 200, 50);

        LabeledDataset train = ImageFolderReader.read(root, ImageFolderReader.Options.of(new ImageShape(4, 4, 3)))
                .splits().train();

        assertThat(train.shape()).isEqualTo(new ImageShape(4, 4, 3));
        assertThat(rgbAt(train, 0)).containsExactly(0f, 0f, 0f);
        assertThat(rgbAt(train, 1)).containsExactly(10 / 255f, 200 / 255f, 50 / 255f);
    }

    @Test
    void shrinkingAveragesTheCoveredArea() {
        TestPictures.twoClassFolder(root, 1);
        int[] values = new int[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                values[y * 4 + x] = 10 * y + 20 * x;
            }
        }
        TestPictures.grey(root.resolve("train/a/000.png"), 4, 4, values);

        LabeledDataset train = ImageFolderReader.read(root, ImageFolderReader.Options.of(new ImageShape(2, 2, 1)))
                .splits().train();

        // each output pixel is the mean of a 2x2 block: 10 * (2 oy + 0.5) + 20 * (2 ox + 0.5)
        float[] pixels = new float[4];
        train.copyPixels(0, pixels, 0);
        assertThat(pixels).containsExactly(15 / 255f, 55 / 255f, 35 / 255f, 75 / 255f);
    }

    @Test
    void growingInterpolatesBilinearlyBetweenPixelCentres() {
        TestPictures.twoClassFolder(root, 1);
        TestPictures.grey(root.resolve("train/a/000.png"), 2, 1, new int[] {0, 200});

        LabeledDataset train = ImageFolderReader.read(root, ImageFolderReader.Options.of(new ImageShape(1, 4, 1)))
                .splits().train();

        float[] pixels = new float[4];
        train.copyPixels(0, pixels, 0);
        assertThat(pixels).containsExactly(0f, 50 / 255f, 150 / 255f, 200 / 255f);
    }

    @Test
    void unusableFilesAreSkippedAndListedWithTheirReasons() throws IOException {
        TestPictures.twoClassFolder(root, 3);
        Path empty = Files.createFile(root.resolve("train/a/empty.png"));
        Path garbage = Files.write(root.resolve("train/b/garbage.jpg"), "this is no picture".getBytes());
        Path valid = TestPictures.grey(root.resolve("test/b/whole.png"), 16, 16, 9);
        byte[] bytes = Files.readAllBytes(valid);
        Path truncated = Files.write(root.resolve("test/b/truncated.png"), Arrays.copyOf(bytes, bytes.length / 2));

        ImageFolderResult result = ImageFolderReader.read(root, ImageFolderReader.Options.of(GREY_4X4));

        assertThat(result.skipped()).extracting(SkippedFile::path).containsExactly(empty, garbage, truncated);
        assertThat(result.skipped().get(0).reason()).contains("empty file");
        assertThat(result.skipped().get(1).reason()).contains("not a picture");
        assertThat(result.skipped().get(2).reason()).contains("cannot be decoded");
        assertThat(result.splits().train().size()).isEqualTo(6);
        assertThat(result.splits().test().size()).isEqualTo(7);
    }

    @Test
    void truncatedJpegIsSkipped() throws IOException {
        TestPictures.twoClassFolder(root, 1);
        Path whole = TestPictures.rgb(root.resolve("whole.jpg"), 64, 64, 120, 30, 200);
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(root.resolve("train/a/truncated.jpg"), Arrays.copyOf(bytes, bytes.length - 200));

        ImageFolderResult result = ImageFolderReader.read(root, ImageFolderReader.Options.of(GREY_4X4));

        assertThat(result.skipped()).extracting(SkippedFile::path).containsExactly(truncated);
    }

    @Test
    void failOnUnreadableStopsAtTheFirstUnusableFileNamingIt() throws IOException {
        TestPictures.twoClassFolder(root, 2);
        Path empty = Files.createFile(root.resolve("train/b/empty.png"));

        assertThatThrownBy(() -> ImageFolderReader.read(root,
                ImageFolderReader.Options.of(GREY_4X4).withFailOnUnreadable(true)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("cannot use picture " + empty + ": empty file (0 bytes)")
                .hasMessageContaining("fail-on-unreadable");
    }

    @Test
    void absurdDimensionsAreRefusedFromTheHeaderWithoutDecoding() throws IOException {
        TestPictures.twoClassFolder(root, 1);
        Path huge = root.resolve("train/a/huge.png");
        GreyPng.write(huge, new float[30_000], 30_000, 1);

        ImageFolderResult result = ImageFolderReader.read(root, ImageFolderReader.Options.of(GREY_4X4));

        assertThat(result.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo(huge);
            assertThat(s.reason()).contains("30,000 x 1 px").contains("20,000 px per side");
        });
    }

    @Test
    void decodingInParallelGivesTheListingOrderEveryTime() {
        int perClass = 90;
        TestPictures.twoClassFolder(root, perClass);

        LabeledDataset first = ImageFolderReader.read(root, ImageFolderReader.Options.of(GREY_4X4)).splits().train();
        LabeledDataset second = ImageFolderReader.read(root, ImageFolderReader.Options.of(GREY_4X4)).splits().train();

        List<Integer> expected = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < perClass; i++) {
                expected.add(c * 100 + i);
            }
        }
        assertThat(firstValues(first)).isEqualTo(expected);
        assertThat(firstValues(second)).isEqualTo(expected);
    }

    @Test
    void progressRisesToTheTotalOfBothSplits() {
        TestPictures.twoClassFolder(root, 20);
        List<int[]> updates = new ArrayList<>();

        ImageFolderReader.read(root, ImageFolderReader.Options.of(GREY_4X4), (done, total) -> updates.add(
                new int[] {done, total}));

        assertThat(updates).isNotEmpty().allSatisfy(u -> assertThat(u[1]).isEqualTo(80));
        assertThat(updates.get(updates.size() - 1)[0]).isEqualTo(80);
        for (int i = 1; i < updates.size(); i++) {
            assertThat(updates.get(i)[0]).isGreaterThanOrEqualTo(updates.get(i - 1)[0]);
        }
    }

    @Test
    void trainLimitTakesEveryClassInTurn() {
        TestPictures.twoClassFolder(root, 5);

        ImageFolderResult result = ImageFolderReader.read(root,
                ImageFolderReader.Options.of(GREY_4X4).withTrainLimit(5));

        assertThat(firstValues(result.splits().train())).containsExactly(0, 1, 2, 100, 101);
        assertThat(result.splits().test().size()).isEqualTo(10);
    }

    @Test
    void missingRootIsNamed() {
        Path absent = root.resolve("nowhere");

        assertThatThrownBy(() -> ImageFolderReader.read(absent, ImageFolderReader.Options.of(GREY_4X4)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("image folder " + absent + " does not exist")
                .hasMessageContaining("<root>/<split>/<class>/");
    }

    @Test
    void missingSplitNamesTheFolderAndTheSetting() {
        TestPictures.grey(root.resolve("training/a/1.png"), 4, 4, 1);

        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageFolderReader.Options.of(GREY_4X4)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("has no train split folder 'train' (it has [training])")
                .hasMessageContaining("siamese.data.image-folder.train-split");
    }

    @Test
    void splitWithoutClassFoldersIsAnError() throws IOException {
        Files.createDirectories(root.resolve("train"));
        Files.createDirectories(root.resolve("test"));
        TestPictures.grey(root.resolve("train/loose.png"), 4, 4, 1);

        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageFolderReader.Options.of(GREY_4X4)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("split folder " + root.resolve("train") + " has no class folders");
    }

    @Test
    void classFolderWithoutPicturesIsAnError() throws IOException {
        TestPictures.twoClassFolder(root, 1);
        Files.createDirectories(root.resolve("train/c"));
        Files.createDirectories(root.resolve("test/c"));
        Files.writeString(root.resolve("train/c/notes.txt"), "empty");

        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageFolderReader.Options.of(GREY_4X4)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("class folder " + root.resolve("train/c") + " has no pictures");
    }

    @Test
    void oneClassIsNotEnoughForASiameseDataSet() {
        TestPictures.grey(root.resolve("train/only/1.png"), 4, 4, 1);
        TestPictures.grey(root.resolve("test/only/1.png"), 4, 4, 1);

        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageFolderReader.Options.of(GREY_4X4)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("only one class folder ('only')")
                .hasMessageContaining("at least 2 classes");
    }

    @Test
    void testSplitMustHaveTheTrainingClasses() {
        TestPictures.twoClassFolder(root, 1);
        TestPictures.grey(root.resolve("test/zebra/1.png"), 4, 4, 1);

        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageFolderReader.Options.of(GREY_4X4)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("missing in test: [], only in test: [zebra]");
    }

    @Test
    void optionsRejectOddSplitNames() {
        assertThatThrownBy(() -> ImageFolderReader.Options.of(GREY_4X4).withSplits("a/b", "test"))
                .hasMessageContaining("plain folder name");
        assertThatThrownBy(() -> ImageFolderReader.Options.of(GREY_4X4).withSplits("same", "same"))
                .hasMessageContaining("must be different");
    }

    /** The first pixel of every picture, as the 0-255 value it was written with. */
    static List<Integer> firstValues(LabeledDataset data) {
        List<Integer> values = new ArrayList<>();
        float[] pixels = new float[data.shape().length()];
        for (int i = 0; i < data.size(); i++) {
            data.copyPixels(i, pixels, 0);
            values.add(Math.round(pixels[0] * 255f));
        }
        return values;
    }

    private static float[] rgbAt(LabeledDataset data, int index) {
        return new float[] {data.image(index).get(1, 1, 0), data.image(index).get(1, 1, 1),
                data.image(index).get(1, 1, 2)};
    }

    static void assertSame(LabeledDataset a, LabeledDataset b) {
        assertThat(a.size()).isEqualTo(b.size());
        assertThat(a.labels()).isEqualTo(b.labels());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.image(i)).isEqualTo(b.image(i));
        }
    }
}
