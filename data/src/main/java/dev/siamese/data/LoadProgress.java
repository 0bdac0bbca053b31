package dev.siamese.data;

/**
 * Told how far a data set load has come, so that a host can draw a progress bar. Called on the thread that
 * started the load, with {@code done} never decreasing and ending at {@code total}.
 */
@FunctionalInterface
public interface LoadProgress {

    /**
     * @param done  pictures decoded (or taken from the cache) so far
     * @param total pictures to load in all splits together
     */
    void update(int done, int total);

    /** Told once the load is done: the notes and the skipped, unreadable pictures are in {@code loaded}. */
    default void finished(LoadedData loaded) {
    }

    /** A listener that ignores every update. */
    static LoadProgress none() {
        return (done, total) -> { };
    }
}
