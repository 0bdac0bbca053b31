package dev.siamese.app.cli;

import dev.siamese.search.scan.FolderScanner;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display on standard error for long folder scans: pictures found, embedded and unreadable so
 * far, the rate and the time left for the pictures found so far, redrawn at most four times a second; silent when
 * standard error is not a terminal or with {@code --quiet}.
 */
final class ConsoleProgress implements FolderScanner.Progress {
    private static final long REDRAW_NANOS = 250_000_000L;
    private final PrintStream out;
    private final String step;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    private ConsoleProgress(PrintStream out, String step) {
        this.out = out;
        this.step = step;
    }

    /** Whether progress may be drawn: not {@code quiet}, and standard error is a terminal. */
    static boolean shown(boolean quiet) {
        return !quiet && System.console() != null;
    }

    /** A display of {@code step} on a terminal, else one that prints nothing. */
    static FolderScanner.Progress of(String step, boolean quiet) {
        return shown(quiet) ? new ConsoleProgress(System.err, step) : FolderScanner.Progress.NONE;
    }

    /**
     * A display of an exact pairing's progress (percent of blocks done and time left), redrawn at most four times a
     * second from any thread; nothing when not on a terminal or with {@code quiet}.
     */
    static dev.siamese.search.dedup.DuplicateFinder.Progress pairing(boolean quiet) {
        Counter counter = counting("pairing", "blocks", quiet);
        return counter::update;
    }

    /** A display of {@code done} of {@code total} units of {@code step}, with percent and time left. */
    static Counter counting(String step, String units, boolean quiet) {
        return new Counter(shown(quiet) ? System.err : null, step, units);
    }

    /** A progress display of a job whose size is known: percent done and time left; silent without a stream. */
    static final class Counter {
        private final PrintStream out;
        private final String step;
        private final String units;
        private final long start = System.nanoTime();
        private long last;
        private boolean finished;

        private Counter(PrintStream out, String step, String units) {
            this.out = out;
            this.step = step;
            this.units = units;
        }

        /** Redraws the line (at most four times a second, always at the end); callable from any thread. */
        synchronized void update(long done, long total) {
            if (out == null || finished) {
                return;
            }
            long now = System.nanoTime();
            if (done < total && now - last < REDRAW_NANOS) {
                return;
            }
            last = now;
            double seconds = (now - start) / 1e9;
            long left = Math.round(done > 0 ? seconds * (total - done) / done : 0);
            out.printf(Locale.ROOT, "\r%s: %3.0f%%  %,d/%,d %s  %d:%02d left ", step, 100.0 * done / Math.max(1, total),
                    done, total, units, left / 60, left % 60);
            if (done >= total) {
                out.println();
                finished = true;
            }
            out.flush();
        }

        /** Ends the line if the job stopped before its total. */
        synchronized void done() {
            if (out != null && last != 0 && !finished) {
                out.println();
                finished = true;
            }
        }
    }

    /** Ends the line of a display that drew something. */
    static void done(FolderScanner.Progress progress) {
        if (progress instanceof ConsoleProgress c && c.drawn) {
            c.out.println();
        }
    }

    @Override
    public void update(int found, int embedded, int unreadable) {
        long now = System.nanoTime();
        if (drawn && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? embedded / seconds : 0;
        // the folder walk runs ahead of decoding, so the time left is that of the pictures found so far
        long left = rate > 0 ? Math.round((found - embedded - unreadable) / rate) : 0;
        out.printf(Locale.ROOT, "\r%s: %,d pictures found, %,d embedded, %,d unreadable  %,.0f pictures/s  %d:%02d,"
                        + " about %d:%02d left ", step, found, embedded, unreadable, rate, (long) seconds / 60,
                (long) seconds % 60, left / 60, left % 60);
        out.flush();
    }
}
