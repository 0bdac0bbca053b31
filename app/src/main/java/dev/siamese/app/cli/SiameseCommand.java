package dev.siamese.app.cli;

import dev.siamese.api.SiameseException;
import dev.siamese.app.bench.BenchCommand;
import dev.siamese.data.pictures.FileNames;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The top-level {@code siamese} command; its subcommands do the work. */
@Command(name = "siamese", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Train and use Siamese networks for picture comparison.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, SweepCommand.class, ExperimentsCommand.class,
                EmbedCommand.class, CompareCommand.class, IndexCommand.class, SearchCommand.class,
                DedupCommand.class, NearDuplicatesCommand.class, BenchCommand.class, DoctorCommand.class,
                CommandLine.HelpCommand.class})
public final class SiameseCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A configured command line: our own exceptions print one clear line instead of a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SiameseCommand());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof SiameseException || e instanceof java.io.UncheckedIOException) {
                err.println("error: " + FileNames.display(String.valueOf(e.getMessage())));
                if (Boolean.getBoolean("siamese.debug")) {
                    e.printStackTrace(err);
                }
            } else {
                err.println("error: " + FileNames.display(String.valueOf(e)));
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cl;
    }
}
