package dev.siamese.app;

import dev.siamese.app.cli.SiameseCommand;
import picocli.CommandLine;

/** The {@code siamese} command line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (0 success, 1 failure, 2 usage error). */
    public static int run(String... args) {
        return SiameseCommand.commandLine().execute(args);
    }
}
