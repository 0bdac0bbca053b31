package dev.siamese.app.cli;

import dev.siamese.search.FolderScanner;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display on standard error for long folder scans: pictures found, embedded and unreadable so
 * far and the rate, redrawn at most four times a second; silent when not on a terminal or with {@code --quiet}.
 */
final class ConsoleProgress implements FolderScanner.Progress {
    private final PrintStream out;
    private final String step;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    private ConsoleProgress(PrintStream out, String step) {
        this.out = out;
        this.step = step;
    }

    /** A display of {@code step} on a terminal, else one that prints nothing. */
    static FolderScanner.Progress of(String step, boolean quiet) {
        return quiet || System.console() == null ? FolderScanner.Progress.NONE : new ConsoleProgress(System.err, step);
    }

    /**
     * A display of an exact pairing's progress (percent of blocks done and time left), redrawn at most four times a
     * second from any thread; nothing when not on a terminal or with {@code quiet}.
     */
    static dev.siamese.search.DuplicateFinder.Progress pairing(boolean quiet) {
        if (quiet || System.console() == null) {
            return dev.siamese.search.DuplicateFinder.Progress.NONE;
        }
        long start = System.nanoTime();
        long[] last = {0};
        return (done, total) -> {
            synchronized (last) {
                long now = System.nanoTime();
                if (done < total && now - last[0] < 250_000_000L) {
                    return;
                }
                last[0] = now;
                double seconds = (now - start) / 1e9;
                double left = done > 0 ? seconds * (total - done) / done : 0;
                System.err.printf(Locale.ROOT, "\rpairing: %3.0f%%  %d:%02d left ", 100.0 * done / Math.max(1, total),
                        (long) left / 60, (long) left % 60);
                if (done >= total) {
                    System.err.println();
                }
                System.err.flush();
            }
        };
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
        if (drawn && now - lastDraw < 250_000_000L) {
            return;
        }
        lastDraw = now;
        drawn = true;
        double seconds = (now - start) / 1e9;
        out.printf(Locale.ROOT, "\r%s: %,d pictures found, %,d embedded, %,d unreadable  %,.0f pictures/s  %d:%02d ",
                step, found, embedded, unreadable, seconds > 0 ? embedded / seconds : 0, (long) seconds / 60,
                (long) seconds % 60);
        out.flush();
    }
}
