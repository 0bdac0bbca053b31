package dev.siamese.app.cli;

import dev.siamese.config.SettingsLoader;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code siamese experiments}: list the bundled experiment files. */
@Command(name = "experiments", mixinStandardHelpOptions = true, description = "List the bundled experiments.")
public final class ExperimentsCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (String name : SettingsLoader.BUNDLED_EXPERIMENTS) {
            spec.commandLine().getOut().printf("%-26s %s%n", name, SettingsLoader.bundledDescription(name));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
