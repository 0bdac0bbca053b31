package dev.siamese.app.cli;

import dev.siamese.config.SettingsLoader;
import dev.siamese.config.SweepSettings;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code siamese experiments}: list the bundled experiment and sweep files. */
@Command(name = "experiments", mixinStandardHelpOptions = true, description = "List the bundled experiments and sweeps.")
public final class ExperimentsCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin
    QuietOption quiet;

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.println("experiments (siamese train -e NAME):");
        for (String name : SettingsLoader.BUNDLED_EXPERIMENTS) {
            out.printf("  %-26s %s%n", name, SettingsLoader.bundledDescription(name));
        }
        out.println("sweeps (siamese sweep NAME):");
        for (String name : SweepSettings.BUNDLED_SWEEPS) {
            out.printf("  %-26s %s%n", name, SettingsLoader.bundledDescription(name));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
