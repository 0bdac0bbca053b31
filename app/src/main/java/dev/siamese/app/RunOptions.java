package dev.siamese.app;

import dev.siamese.api.training.TrainingListener;
import dev.siamese.training.ProgressBarListener;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.nio.file.Path;

/** How a run reports itself: where progress goes, whether it is quiet, and extra listeners of the host. */
public record RunOptions(PrintStream out, boolean quiet, List<TrainingListener> listeners, Optional<Path> runDirectory) {

    public RunOptions {
        Objects.requireNonNull(out, "out");
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(runDirectory, "runDirectory");
    }

    /** Output, quietness and extra listeners; the run directory is chosen by name and time. */
    public RunOptions(PrintStream out, boolean quiet, List<TrainingListener> listeners) {
        this(out, quiet, listeners, Optional.empty());
    }

    /** These options with a fixed run directory (it must not exist yet, or be empty); sweeps use it for their cells. */
    public RunOptions inDirectory(Path directory) {
        return new RunOptions(out, quiet, listeners, Optional.of(directory));
    }

    /** The host's listeners, then a progress bar every {@code logEvery} iterations (0: none) unless the run is quiet. */
    public List<TrainingListener> listenersWithProgress(int logEvery) {
        List<TrainingListener> all = new ArrayList<>(listeners);
        if (!quiet && logEvery > 0) {
            all.add(ProgressBarListener.forConsole(out, logEvery));
        }
        return all;
    }

    /** Prints {@code format} (with {@link Locale#ROOT}) and a line break on {@link #out()}, unless the run is quiet. */
    public void say(String format, Object... args) {
        if (!quiet) {
            out.printf(Locale.ROOT, format + "%n", args);
        }
    }

    /** Lets {@code text} print on {@link #out()}, unless the run is quiet. */
    public void show(Consumer<PrintStream> text) {
        if (!quiet) {
            text.accept(out);
        }
    }

    /** Progress and summary on standard output. */
    public static RunOptions console() {
        return new RunOptions(System.out, false, List.of());
    }

    /** Nothing printed. */
    public static RunOptions silent() {
        return new RunOptions(System.out, true, List.of());
    }
}
