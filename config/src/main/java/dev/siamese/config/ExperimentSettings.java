package dev.siamese.config;

import java.nio.file.Path;

/**
 * The experiment as a whole ({@code siamese.experiment}): its name, the master seed every random choice derives
 * from, and the folder in which run directories are created.
 */
public record ExperimentSettings(String name, long seed, Path outputDirectory) {

    /** Reads and validates {@code siamese.experiment}. */
    public static ExperimentSettings from(Settings settings) {
        String name = settings.getNonBlankString("siamese.experiment.name");
        if (!isFolderName(name)) {
            throw settings.invalid("siamese.experiment.name", "use only letters, digits, '.', '_' and '-', and not dots alone (it names run directories)");
        }
        return new ExperimentSettings(name, settings.getLong("siamese.experiment.seed"),
                settings.getPath("siamese.experiment.output-dir"));
    }

    /**
     * The seed of one random consumer of the run ({@code "training-pairs"}, {@code "validation"}, ...): derived from the
     * master seed and {@code purpose} by {@link Seeds#derive}, so each consumer's draws are independent and reproducible.
     */
    public long seedFor(String purpose) {
        return Seeds.derive(seed, purpose);
    }

    /**
     * Whether {@code name} can name a folder inside the output folder and nothing else: letters, digits, '.', '_' and
     * '-' only (no separator, no drive, nothing a shell expands), and not dots alone ('.', '..').
     */
    public static boolean isFolderName(String name) {
        return name.matches("[A-Za-z0-9._-]+") && !name.matches("\\.+");
    }
}
