package dev.siamese.spark;

import java.util.Locale;

/** Tells on standard error, from the driver, each phase of a long job as it ends, with the time since the start. */
final class Phases {

    private final String job;
    private final long start;

    Phases(String job, long start) {
        this.job = job;
        this.start = start;
    }

    void done(String what) {
        System.err.printf(Locale.ROOT, "%s: %.1f s: %s%n", job, (System.nanoTime() - start) / 1e9, what);
    }
}
