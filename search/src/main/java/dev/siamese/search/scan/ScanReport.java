package dev.siamese.search.scan;

import dev.siamese.data.pictures.SkippedFile;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a {@link FolderScanner} run did, for the throughput report: pictures found, left out as unchanged, embedded
 * and unreadable (by name, with the reason), and where the time went.
 *
 * @param found          picture files found (by extension)
 * @param unchanged      files the caller's filter left out (e.g. already indexed with the same size and time)
 * @param embedded       pictures decoded, embedded and handed to the sink
 * @param unreadable     files that could not be decoded, with why; they were skipped
 * @param decodeSeconds  decoding time summed over the decoder threads
 * @param waitSeconds    time the embedding thread waited for decoded batches (decoding not hidden behind embedding)
 * @param embedSeconds   time spent in the embedding function
 * @param sinkSeconds    time spent in the caller's sink
 * @param wallSeconds    the whole run
 * @param linksSkipped   symbolic links met and not followed
 */
public record ScanReport(int found, int unchanged, int embedded, List<SkippedFile> unreadable, double decodeSeconds,
                         double waitSeconds, double embedSeconds, double sinkSeconds, double wallSeconds,
                         int linksSkipped) {

    public ScanReport {
        unreadable = List.copyOf(Objects.requireNonNull(unreadable, "unreadable"));
    }

    /** Pictures embedded per second of the whole run. */
    public double picturesPerSecond() {
        return wallSeconds > 0 ? embedded / wallSeconds : 0;
    }

    /** A one-paragraph summary: counts, overall rate, decode rate per thread-second and embedding rate. */
    public String summary() {
        int decoded = embedded + unreadable.size();
        return String.format(Locale.ROOT, "%,d pictures found, %,d unchanged, %,d embedded, %,d unreadable in %.1f s"
                        + " (%.0f pictures/s); decoding %.0f pictures per thread-second (%.1f s waited for),"
                        + " embedding %.0f pictures/s (%.1f s), sink %.1f s",
                found, unchanged, embedded, unreadable.size(), wallSeconds, picturesPerSecond(),
                decodeSeconds > 0 ? decoded / decodeSeconds : 0, waitSeconds,
                embedSeconds > 0 ? embedded / embedSeconds : 0, embedSeconds, sinkSeconds)
                + (linksSkipped > 0 ? String.format(Locale.ROOT, "; %,d symbolic link(s) not followed", linksSkipped) : "");
    }
}
