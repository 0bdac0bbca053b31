package dev.siamese.data;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.data.pictures.SkippedFile;

import java.util.List;
import java.util.Objects;

/**
 * A loaded data set with what the host may want to show about the load: picture files that were left out, and
 * notes such as a cache file that was rebuilt. Loading prints and logs nothing itself.
 */
public record LoadedData(DatasetSplits splits, List<SkippedFile> skipped, List<String> notes) {

    public LoadedData {
        Objects.requireNonNull(splits, "splits");
        skipped = List.copyOf(skipped);
        notes = List.copyOf(notes);
    }
}
