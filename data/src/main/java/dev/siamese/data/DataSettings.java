package dev.siamese.data;

import dev.siamese.config.Settings;

import java.nio.file.Path;
import java.util.Set;

/** Which dataset to load and how ({@code siamese.data}). */
public record DataSettings(String source, int syntheticTrainSize, int syntheticTestSize, long syntheticSeed,
                           Path fashionMnistDirectory, Path mnistDirectory) {

    /** The names {@code siamese.data.source} accepts. */
    public static final Set<String> SOURCES = Set.of("synthetic-digits", "fashion-mnist", "mnist");

    /** Reads and validates {@code siamese.data}. */
    public static DataSettings from(Settings s) {
        return new DataSettings(
                s.getChoice("siamese.data.source", SOURCES),
                s.getInt("siamese.data.synthetic-digits.train-size", 20, 10_000_000),
                s.getInt("siamese.data.synthetic-digits.test-size", 20, 10_000_000),
                s.getLong("siamese.data.synthetic-digits.seed"),
                s.getPath("siamese.data.fashion-mnist.dir"),
                s.getPath("siamese.data.mnist.dir"));
    }

    /** Loads the train and test splits this names. */
    public dev.siamese.api.image.DatasetSplits load() {
        return switch (source) {
            case "synthetic-digits" -> SyntheticDigits.splits(syntheticTrainSize, syntheticTestSize, syntheticSeed);
            case "fashion-mnist" -> IdxDatasets.fashionMnist(fashionMnistDirectory);
            case "mnist" -> IdxDatasets.mnist(mnistDirectory);
            default -> throw new IllegalStateException("unknown source " + source);
        };
    }
}
