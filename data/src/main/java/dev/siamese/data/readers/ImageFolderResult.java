package dev.siamese.data.readers;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.data.pictures.SkippedFile;

import java.util.List;
import java.util.Objects;

/**
 * What loading an image folder gave: the two splits, the files it left out (with reasons), where each split's
 * pixels came from, and notes about the cache (an invalid cache file replaced, a cache that could not be written).
 * The loader prints and logs nothing itself; a host shows these as it likes.
 */
public record ImageFolderResult(DatasetSplits splits, List<SkippedFile> skipped, CacheOutcome trainCache,
                                CacheOutcome testCache, List<String> notes) {

    /** Where a split's decoded pixels came from. */
    public enum CacheOutcome {
        /** The cache was not asked. */
        DISABLED,
        /** A valid cache file matching the source files and settings; nothing was decoded. */
        HIT,
        /** No cache file matched; the pictures were decoded and the cache file written. */
        WRITTEN,
        /** A cache file matched by name but was corrupt or truncated; the pictures were decoded and it was replaced. */
        REBUILT,
        /** The pictures were decoded but the cache file could not be written (see the notes). */
        NOT_WRITTEN
    }

    public ImageFolderResult {
        Objects.requireNonNull(splits, "splits");
        Objects.requireNonNull(trainCache, "trainCache");
        Objects.requireNonNull(testCache, "testCache");
        skipped = List.copyOf(skipped);
        notes = List.copyOf(notes);
    }

    /** Whether both splits came from the cache, so no picture was decoded. */
    public boolean fromCache() {
        return trainCache == CacheOutcome.HIT && testCache == CacheOutcome.HIT;
    }
}
