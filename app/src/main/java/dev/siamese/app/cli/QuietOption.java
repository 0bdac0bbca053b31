package dev.siamese.app.cli;

import picocli.CommandLine.Option;

/**
 * The {@code -q/--quiet} option of the commands that have no quiet mode of their own: no progress and no summaries,
 * only errors and the command's results.
 */
public final class QuietOption {

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors and the results (no progress, no summaries).")
    boolean quiet;

    /** Whether {@code -q} was given. */
    public boolean quiet() {
        return quiet;
    }
}
