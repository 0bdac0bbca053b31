package dev.siamese.data.readers;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.DatasetSplits;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The well-known IDX data sets, MNIST and Fashion-MNIST, read from a folder holding their four files
 * ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}), each either gzip-compressed with a {@code .gz} suffix, as downloaded, or raw.
 */
public final class IdxDatasets {
    /** Fashion-MNIST's classes, indexed by label. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** MNIST's classes, the digits "0" to "9". */
    public static final List<String> MNIST_CLASSES = SyntheticDigits.CLASS_NAMES;
    /** Where Debian's {@code dataset-fashion-mnist} package installs Fashion-MNIST. */
    public static final Path DEBIAN_FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private static final String FASHION_MNIST_HINT = "download it from"
            + " https://github.com/zalandoresearch/fashion-mnist or, on Debian, apt-get install dataset-fashion-mnist"
            + " (installs into " + DEBIAN_FASHION_MNIST_DIR + ")";
    private static final String MNIST_HINT = "download the four files of the MNIST database"
            + " (http://yann.lecun.com/exdb/mnist/) into it";

    private IdxDatasets() {
    }

    /** Fashion-MNIST: 60,000 training and 10,000 test pictures of clothing, 28x28x1, 10 classes. */
    public static DatasetSplits fashionMnist(Path dir) {
        return read(dir, "fashion-mnist", FASHION_MNIST_CLASSES, FASHION_MNIST_HINT);
    }

    /** MNIST: 60,000 training and 10,000 test pictures of handwritten digits, 28x28x1, classes "0" to "9". */
    public static DatasetSplits mnist(Path dir) {
        return read(dir, "mnist", MNIST_CLASSES, MNIST_HINT);
    }

    private static DatasetSplits read(Path dir, String name, List<String> classNames, String hint) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(name + " folder " + dir + " does not exist or is not a folder; " + hint);
        }
        return new DatasetSplits(name,
                IdxReader.read(find(dir, "train-images-idx3-ubyte", name, hint),
                        find(dir, "train-labels-idx1-ubyte", name, hint), classNames, name + " train (" + dir + ")"),
                IdxReader.read(find(dir, "t10k-images-idx3-ubyte", name, hint),
                        find(dir, "t10k-labels-idx1-ubyte", name, hint), classNames, name + " test (" + dir + ")"));
    }

    private static Path find(Path dir, String baseName, String name, String hint) {
        Path compressed = dir.resolve(baseName + ".gz");
        if (Files.isRegularFile(compressed)) {
            return compressed;
        }
        Path raw = dir.resolve(baseName);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        throw new DatasetException(name + " folder " + dir + " has no " + compressed.getFileName() + " (nor "
                + raw.getFileName() + "); it needs train-images-idx3-ubyte, train-labels-idx1-ubyte,"
                + " t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each raw or .gz; " + hint);
    }
}
