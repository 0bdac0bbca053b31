package dev.siamese.data.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetsTest {

    @TempDir
    Path dir;

    @Test
    void readsAFolderOfRawAndCompressedFiles() {
        InMemoryDataset train = SyntheticDigits.generate(30, 1L, "train");
        InMemoryDataset test = SyntheticDigits.generate(20, 2L, "test");
        IdxWriter.write(train, dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte"));
        IdxWriter.write(test, dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte.gz"));

        DatasetSplits splits = IdxDatasets.mnist(dir);

        assertThat(splits.train().size()).isEqualTo(30);
        assertThat(splits.test().size()).isEqualTo(20);
        assertThat(splits.train().labels()).isEqualTo(train.labels());
        assertThat(splits.test().labels()).isEqualTo(test.labels());
        assertThat(splits.shape()).isEqualTo(ImageShape.digits());
        assertThat(splits.train().classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(splits.train().name()).contains("mnist train").contains(dir.toString());
    }

    @Test
    void missingFileNamesThePathAndTheExpectedFiles() {
        InMemoryDataset train = SyntheticDigits.generate(10, 1L, "train");
        IdxWriter.write(train, dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"));

        assertThatThrownBy(() -> IdxDatasets.fashionMnist(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("folder " + dir + " has no t10k-images-idx3-ubyte.gz (nor t10k-images-idx3-ubyte)")
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
    }

    @Test
    void missingFolderIsNamed() {
        Path absent = dir.resolve("nowhere");

        assertThatThrownBy(() -> IdxDatasets.mnist(absent))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("mnist folder " + absent + " does not exist");
    }

    @Test
    void readsTheRealFashionMnist() {
        Path installed = IdxDatasets.DEBIAN_FASHION_MNIST_DIR;
        boolean present = Files.isDirectory(installed);
        if (!present) {
            System.out.println("SKIPPED readsTheRealFashionMnist: " + installed + " is absent;"
                    + " install it with apt-get install dataset-fashion-mnist to run this test");
        }
        assumeTrue(present, () -> "Fashion-MNIST is not installed at " + installed
                + "; install it with apt-get install dataset-fashion-mnist to run this test");

        DatasetSplits fashion = IdxDatasets.fashionMnist(installed);

        assertThat(fashion.train().size()).isEqualTo(60_000);
        assertThat(fashion.test().size()).isEqualTo(10_000);
        assertThat(fashion.shape()).isEqualTo(new ImageShape(28, 28, 1));
        assertThat(fashion.train().classNames()).hasSize(10).startsWith("T-shirt/top").endsWith("Ankle boot");
        int[] counts = new int[10];
        for (int label : fashion.train().labels()) {
            counts[label]++;
        }
        assertThat(counts).containsOnly(6_000);
        float[] picture = new float[28 * 28];
        fashion.test().copyPixels(0, picture, 0);
        float max = 0;
        for (float v : picture) {
            max = Math.max(max, v);
        }
        assertThat(max).isGreaterThan(0.5f).isLessThanOrEqualTo(1f);
    }
}
