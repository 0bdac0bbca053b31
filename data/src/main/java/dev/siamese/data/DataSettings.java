package dev.siamese.data;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.config.Settings;
import dev.siamese.data.augmentation.Augmentation;
import dev.siamese.data.augmentation.TrainingAugmentation;
import dev.siamese.data.pairs.TrainingPairs;
import dev.siamese.data.pictures.Preprocessing;
import dev.siamese.data.pictures.SkippedFile;
import dev.siamese.data.readers.Cifar10BinaryReader;
import dev.siamese.data.readers.DatasetSubsets;
import dev.siamese.data.readers.DecodedDatasetCache;
import dev.siamese.data.readers.IdxDatasets;
import dev.siamese.data.readers.ImageFolderReader;
import dev.siamese.data.readers.ImageFolderResult;
import dev.siamese.data.readers.SyntheticDigits;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which dataset to load and how ({@code siamese.data}).
 *
 * @param cifar10BinaryDirectory the folder of the CIFAR-10 binary release ({@code source = "cifar10-binary"})
 * @param imageFolderDirectory   the root of an image folder ({@code source = "image-folder"})
 * @param imageFolder            how an image folder is read: splits, target shape, strictness, train limit
 * @param cacheEnabled           whether decoded image folders are cached
 * @param cacheDirectory         where the decoded-data cache lives
 * @param preprocessing          applied to every source after loading
 * @param trainLimit             0 for every training picture, else this many, taken class by class in turn
 * @param pictureFolderDirectory the root of an unlabelled picture folder ({@code source = "picture-folder"})
 * @param pictureFolderTestPercent share of an unlabelled folder's pictures held out for testing, in percent
 * @param pairs                  what a training pair is: by labels or augmented copies ({@code siamese.data.pairs})
 */
public record DataSettings(String source, int syntheticTrainSize, int syntheticTestSize, long syntheticSeed,
                           Path fashionMnistDirectory, Path mnistDirectory, Path cifar10BinaryDirectory,
                           Path imageFolderDirectory, ImageFolderReader.Options imageFolder, boolean cacheEnabled,
                           Path cacheDirectory, Preprocessing preprocessing, int trainLimit,
                           Path pictureFolderDirectory, int pictureFolderTestPercent, TrainingPairs pairs) {

    /** The names {@code siamese.data.source} accepts. */
    public static final Set<String> SOURCES = Set.of("synthetic-digits", "fashion-mnist", "mnist", "cifar10-binary",
            "image-folder", "picture-folder");
    /** The names {@code siamese.data.pairs} accepts. */
    public static final Set<String> PAIR_CHOICES = Set.of("labels", "augmented");
    /** The names {@code siamese.data.preprocessing.normalize} accepts. */
    public static final Set<String> NORMALIZE_CHOICES = Set.of("none", "min-max");
    /** The largest picture side {@code siamese.data.image-folder.height} and {@code .width} accept. */
    public static final int MAX_TARGET_SIDE = 4096;

    public DataSettings {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(imageFolder, "imageFolder");
        Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(pairs, "pairs");
        if (trainLimit < 0) {
            throw new IllegalArgumentException("train limit must be 0 (all) or positive, got " + trainLimit);
        }
    }

    /** Reads and validates {@code siamese.data}. */
    public static DataSettings from(Settings s) {
        String prefix = "siamese.data.image-folder.";
        String trainSplit = splitName(s, prefix + "train-split");
        String testSplit = splitName(s, prefix + "test-split");
        if (testSplit.equals(trainSplit)) {
            throw s.invalid(prefix + "test-split", "must differ from " + prefix + "train-split");
        }
        int height = s.getInt(prefix + "height", 1, MAX_TARGET_SIDE);
        int width = s.getInt(prefix + "width", 1, MAX_TARGET_SIDE);
        int channels = s.getInt(prefix + "channels", 1, 3);
        if (channels == 2) {
            throw s.invalid(prefix + "channels", "must be 1 (grey) or 3 (RGB)");
        }
        int trainLimit = s.getInt("siamese.data.train-limit", 0, Integer.MAX_VALUE);
        ImageFolderReader.Options options = new ImageFolderReader.Options(trainSplit, testSplit,
                new ImageShape(height, width, channels), s.getBoolean(prefix + "fail-on-unreadable"), trainLimit);
        return new DataSettings(
                s.getChoice("siamese.data.source", SOURCES),
                s.getInt("siamese.data.synthetic-digits.train-size", 20, 10_000_000),
                s.getInt("siamese.data.synthetic-digits.test-size", 20, 10_000_000),
                s.getLong("siamese.data.synthetic-digits.seed"),
                s.getPath("siamese.data.fashion-mnist.dir"),
                s.getPath("siamese.data.mnist.dir"),
                s.getPath("siamese.data.cifar10-binary.dir"),
                s.getPath(prefix + "dir"),
                options,
                s.getBoolean("siamese.data.cache.enabled"),
                cacheDirectory(s, "siamese.data.cache.dir"),
                new Preprocessing(s.getBoolean("siamese.data.preprocessing.grayscale"),
                        Preprocessing.Normalize.fromConfigName(
                                s.getChoice("siamese.data.preprocessing.normalize", NORMALIZE_CHOICES)),
                        s.getBoolean("siamese.data.preprocessing.otsu")),
                trainLimit,
                s.getPath("siamese.data.picture-folder.dir"),
                s.getInt("siamese.data.picture-folder.test-percent", 1, 50),
                pairs(s));
    }

    private static TrainingPairs pairs(Settings s) {
        Augmentation augmentation = Augmentation.from(s);
        int pictures = s.getInt("siamese.data.augmented-evaluation.pictures", 2, 1_000_000);
        int copies = s.getInt("siamese.data.augmented-evaluation.copies", 2, 100);
        TrainingAugmentation trainingAugmentation = TrainingAugmentation.from(s);
        if (s.getChoice("siamese.data.pairs", PAIR_CHOICES).equals("augmented")) {
            if (trainingAugmentation.enabled()) {
                throw s.invalid("siamese.data.training-augmentation.enabled", "alters pairs drawn by labels; with"
                        + " siamese.data.pairs = augmented, siamese.data.augmentation alters the pictures");
            }
            return TrainingPairs.augmented(augmentation, pictures, copies,
                    s.getInt("siamese.data.augmented-pairs.hard-negative-candidates", 1, 1000));
        }
        return TrainingPairs.labels(trainingAugmentation);
    }

    private static String splitName(Settings s, String key) {
        String name = s.getNonBlankString(key);
        if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw s.invalid(key, "must be the name of a folder directly under siamese.data.image-folder.dir"
                    + " (no slashes, not . or ..)");
        }
        return name;
    }

    private static Path cacheDirectory(Settings s, String key) {
        String value = s.getString(key);
        if (value.isBlank()) {
            return DecodedDatasetCache.defaultDirectory();
        }
        try {
            return Path.of(value);
        } catch (RuntimeException e) {
            throw s.invalid(key, "is not a valid folder path; leave it empty for " + DecodedDatasetCache.defaultDirectory());
        }
    }

    /** Loads the train and test splits this names, with the train limit and preprocessing applied. */
    public DatasetSplits load() {
        return load(LoadProgress.none()).splits();
    }

    /**
     * Loads the train and test splits this names, with the train limit and preprocessing applied, reporting the
     * progress of decoding an image folder to {@code progress}; the result lists skipped files and cache notes.
     */
    public LoadedData load(LoadProgress progress) {
        Objects.requireNonNull(progress, "progress");
        List<SkippedFile> skipped = List.of();
        List<String> notes = List.of();
        DatasetSplits splits;
        switch (source) {
            case "synthetic-digits" -> splits = SyntheticDigits.splits(syntheticTrainSize, syntheticTestSize, syntheticSeed);
            case "fashion-mnist" -> splits = IdxDatasets.fashionMnist(fashionMnistDirectory);
            case "mnist" -> splits = IdxDatasets.mnist(mnistDirectory);
            case "cifar10-binary" -> splits = Cifar10BinaryReader.read(cifar10BinaryDirectory);
            case "image-folder" -> {
                ImageFolderResult result = cacheEnabled
                        ? new DecodedDatasetCache(cacheDirectory).load(imageFolderDirectory, imageFolder, progress)
                        : ImageFolderReader.read(imageFolderDirectory, imageFolder, progress);
                splits = result.splits();
                skipped = result.skipped();
                notes = result.notes();
            }
            case "picture-folder" -> {
                ImageFolderResult result = cacheEnabled
                        ? new DecodedDatasetCache(cacheDirectory).loadUnlabelled(pictureFolderDirectory, imageFolder,
                        pictureFolderTestPercent, progress)
                        : ImageFolderReader.readUnlabelled(pictureFolderDirectory, imageFolder, pictureFolderTestPercent,
                        progress);
                splits = result.splits();
                skipped = result.skipped();
                notes = result.notes();
            }
            default -> throw new IllegalStateException("unknown source " + source);
        }
        if (trainLimit > 0 && !source.endsWith("-folder") && trainLimit < splits.train().size()) {
            InMemoryDataset limited = DatasetSubsets.firstPerClass(splits.train(), trainLimit);
            splits = new DatasetSplits(splits.name(), limited, splits.test());
        }
        return new LoadedData(preprocessing.apply(splits), skipped, notes);
    }
}
