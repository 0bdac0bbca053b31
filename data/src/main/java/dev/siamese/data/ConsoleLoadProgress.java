package dev.siamese.data;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A data set load as the CLI shows it on standard error: a progress line while pictures decode (on a terminal only),
 * then the loader's notes and the skipped, unreadable pictures (the first 20 by name).
 */
public final class ConsoleLoadProgress implements LoadProgress {
    private final PrintStream err = System.err;
    private final boolean terminal = System.console() != null;
    private long last;

    @Override
    public void update(int done, int total) {
        long now = System.nanoTime();
        if (terminal && (now - last > 250_000_000L || done == total)) {
            last = now;
            err.printf(Locale.ROOT, "\rdecoding pictures %,d/%,d%s", done, total, done == total ? "\n" : "");
        }
    }

    @Override
    public void finished(LoadedData loaded) {
        loaded.notes().forEach(n -> err.println("note: " + n));
        if (!loaded.skipped().isEmpty()) {
            err.printf(Locale.ROOT, "warning: skipped %,d unreadable picture(s):%n", loaded.skipped().size());
            loaded.skipped().stream().limit(20).forEach(s -> err.println("  " + s.path() + ": " + s.reason()));
            if (loaded.skipped().size() > 20) {
                err.printf(Locale.ROOT, "  ... and %,d more%n", loaded.skipped().size() - 20);
            }
        }
    }
}
