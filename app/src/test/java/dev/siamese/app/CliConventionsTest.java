package dev.siamese.app;

import dev.siamese.app.cli.SiameseCommand;
import dev.siamese.config.SettingsLoader;
import dev.siamese.config.SweepSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every command of the CLI owes its user, walked over the whole command tree: {@code -q/--quiet}, and a usage
 * text with labels rather than field names and descriptions that end where their sentence does.
 */
class CliConventionsTest {

    /** Every command and subcommand but picocli's own {@code help}, depth first. */
    private static List<CommandLine> commands() {
        List<CommandLine> all = new ArrayList<>();
        collect(SiameseCommand.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine command, List<CommandLine> all) {
        all.add(command);
        command.getSubcommands().values().stream().distinct()
                .filter(sub -> !(sub.getCommand() instanceof CommandLine.HelpCommand))
                .forEach(sub -> collect(sub, all));
    }

    private static String name(CommandLine command) {
        return command.getCommandSpec().qualifiedName();
    }

    @Test
    void everyCommandTakesQuiet() {
        List<CommandLine> commands = commands();
        assertThat(commands).hasSizeGreaterThan(15);
        for (CommandLine command : commands.subList(1, commands.size())) {
            CommandSpec spec = command.getCommandSpec();
            assertThat(spec.findOption("-q")).as(name(command) + " -q").isNotNull();
            assertThat(spec.findOption("--quiet")).as(name(command) + " --quiet").isNotNull();
        }
    }

    @Test
    void everyUsageTextShowsLabelsAndCompleteSentences() {
        List<String> problems = new ArrayList<>();
        java.util.regex.Pattern fieldLabel = java.util.regex.Pattern.compile("<[a-z][A-Za-z0-9]*>");
        for (CommandLine command : commands()) {
            StringWriter err = new StringWriter();
            command.setErr(new PrintWriter(err));
            String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            java.util.regex.Matcher label = fieldLabel.matcher(usage);
            while (label.find()) {
                problems.add(name(command) + ": a field name shown as a label: " + label.group());
            }
            if (!err.toString().isEmpty()) {
                problems.add(name(command) + ": picocli warns: " + err);
            }
            CommandSpec spec = command.getCommandSpec();
            String[] description = spec.usageMessage().description();
            // the first element is what the parent's command list shows: a whole sentence
            if (description.length == 0 || !description[0].strip().matches("(?s).*[.)]")) {
                problems.add(name(command) + ": description does not end a sentence: " + List.of(description));
            }
            for (OptionSpec option : spec.options()) {
                String[] text = option.description();
                if (text.length == 0 || !text[text.length - 1].strip().matches("(?s).*[.)]")) {
                    problems.add(name(command) + " " + option.longestName() + ": description does not end a sentence: "
                            + List.of(text));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void commandListShowsWholeSentences() {
        StringWriter out = new StringWriter();
        CommandLine root = SiameseCommand.commandLine();
        root.setOut(new PrintWriter(out));
        assertThat(root.execute("--help")).isZero();
        // each command's entry in the list ends with a full stop before the next command starts
        List<String> lines = out.toString().lines().dropWhile(l -> !l.startsWith("Commands:")).skip(1).toList();
        StringBuilder entry = new StringBuilder();
        for (String line : lines) {
            if (line.matches("  \\S.*") && entry.length() > 0) {
                assertThat(entry.toString().strip()).as("command list entry").endsWith(".");
                entry.setLength(0);
            }
            entry.append(' ').append(line.strip());
        }
        assertThat(entry.toString().strip()).endsWith(".");
    }

    @Test
    void bundledExperimentsAndSweepsAreDescribedInWholeSentences() {
        List<String> names = new ArrayList<>(SettingsLoader.BUNDLED_EXPERIMENTS);
        names.addAll(SweepSettings.BUNDLED_SWEEPS);
        for (String name : names) {
            assertThat(SettingsLoader.bundledDescription(name)).as(name).matches("[A-Z].*[.)]").doesNotEndWith(",");
        }
        assertThat(SettingsLoader.bundledDescription("near-duplicate-photos"))
                .endsWith("copies of two different pictures are not).");
    }
}
