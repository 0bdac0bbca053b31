package dev.siamese.app.cli;

import dev.siamese.app.RunOptions;
import dev.siamese.app.SweepRunner;
import dev.siamese.config.SweepSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code siamese sweep}: every cell of a grid or list of variants, resumable, with a table at the end. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run every cell of a sweep (a base experiment and a grid of keys or named variants), each in its"
                + " own run directory, and write table.md and table.csv.",
                "The run directories go under OUTPUT_DIR/SWEEP_NAME/ (OUTPUT_DIR: --output, or"
                        + " siamese.experiment.output-dir). Re-running skips completed cells."})
public final class SweepCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME|FILE", description = "A bundled sweep (table1-cifar10, table1-digits,"
            + " table1-fashion-mnist, near-duplicate-ensemble, resnet-cifar10-ingredients; `siamese experiments` lists"
            + " them) or a HOCON sweep file.")
    String sweep;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", description = "Override one setting in every cell (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Folder that receives the sweep folder.")
    String output;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() {
        List<String> all = new ArrayList<>(overrides);
        if (output != null) {
            all.add("experiment.output-dir=" + output);
        }
        new SweepRunner().run(SweepSettings.load(sweep), all, quiet ? RunOptions.silent() : RunOptions.console());
        return 0;
    }
}
