package dev.siamese.data.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.LabeledDataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the real CIFAR-10 as 60,000 JPEGs in an image folder ({@code train/<class>/*.jpg}, {@code test/<class>/*.jpg})
 * twice through a fresh cache, and prints decoding and cached-load throughput. Runs only when the environment
 * variable {@value #VARIABLE} or the system property {@value #PROPERTY} names the unpacked folder.
 */
class Cifar10JpegFolderTest {
    static final String VARIABLE = "SIAMESE_CIFAR10_JPG";
    static final String PROPERTY = "siamese.cifar10.jpg";

    @TempDir
    Path cacheDir;

    @Test
    void decodesTheRealCifar10JpegsOnceAndThenLoadsThemFromTheCache() {
        String location = System.getProperty(PROPERTY, System.getenv(VARIABLE));
        boolean present = location != null && Files.isDirectory(Path.of(location));
        if (!present) {
            System.out.println("SKIPPED Cifar10JpegFolderTest: set " + VARIABLE + " (or -D" + PROPERTY + ") to an unpacked"
                    + " CIFAR-10 JPEG folder with train/<class>/*.jpg and test/<class>/*.jpg to run it");
        }
        assumeTrue(present, () -> "no CIFAR-10 JPEG folder; set " + VARIABLE + " or -D" + PROPERTY);
        Path root = Path.of(location);
        DecodedDatasetCache cache = new DecodedDatasetCache(cacheDir);
        ImageFolderReader.Options options = ImageFolderReader.Options.of(new ImageShape(32, 32, 3));

        long start = System.nanoTime();
        ImageFolderReader.list(root, options);
        double listingSeconds = (System.nanoTime() - start) / 1e9;

        start = System.nanoTime();
        ImageFolderResult first = cache.load(root, options);
        double firstSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(first.trainCache()).isEqualTo(ImageFolderResult.CacheOutcome.WRITTEN);
        assertThat(first.skipped()).isEmpty();
        assertThat(first.splits().train().size()).isEqualTo(50_000);
        assertThat(first.splits().test().size()).isEqualTo(10_000);
        assertThat(first.splits().train().classNames()).containsExactly("airplane", "automobile", "bird", "cat", "deer",
                "dog", "frog", "horse", "ship", "truck");
        int[] counts = new int[10];
        for (int label : first.splits().train().labels()) {
            counts[label]++;
        }
        assertThat(counts).containsOnly(5_000);
        long fingerprint = fingerprint(first.splits().train()) * 31 + fingerprint(first.splits().test());
        first = null;

        start = System.nanoTime();
        ImageFolderResult second = cache.load(root, options);
        double secondSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(second.fromCache()).isTrue();
        assertThat(fingerprint(second.splits().train()) * 31 + fingerprint(second.splits().test())).isEqualTo(fingerprint);

        System.out.println(String.format(Locale.ROOT, "CIFAR-10 JPEG folder, 60,000 pictures on %d processors:"
                + " first load (list + decode + write cache) %.1f s = %.0f pictures/s; cached load %.2f s ="
                + " %.0f pictures/s (listing the 60,000 files alone: %.2f s)", Runtime.getRuntime().availableProcessors(),
                firstSeconds, 60_000 / firstSeconds, secondSeconds, 60_000 / secondSeconds, listingSeconds));
    }

    private static long fingerprint(LabeledDataset data) {
        float[] pixels = new float[data.shape().length()];
        long hash = 17;
        for (int i = 0; i < data.size(); i++) {
            data.copyPixels(i, pixels, 0);
            hash = hash * 31 + java.util.Arrays.hashCode(pixels);
            hash = hash * 31 + data.label(i);
        }
        return hash;
    }
}
