package dev.siamese.app;

import dev.siamese.api.training.TrainingListener;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

/** How a run reports itself: where progress goes, whether it is quiet, and extra listeners of the host. */
public record RunOptions(PrintStream out, boolean quiet, List<TrainingListener> listeners) {

    public RunOptions {
        Objects.requireNonNull(out, "out");
        listeners = List.copyOf(listeners);
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
