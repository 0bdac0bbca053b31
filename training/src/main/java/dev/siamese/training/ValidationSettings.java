package dev.siamese.training;

import dev.siamese.config.Settings;

/** Periodic validation during training ({@code siamese.training.validation}): how often, on how many pairs, and early stopping. */
public record ValidationSettings(int every, int pairs, int earlyStoppingPatience) {

    public ValidationSettings {
        if (every < 0 || pairs < 2 || earlyStoppingPatience < 0) {
            throw new IllegalArgumentException("validation every " + every + ", pairs " + pairs + ", patience "
                    + earlyStoppingPatience + ": every and patience must be >= 0 and pairs >= 2");
        }
    }

    /** No periodic validation. */
    public static ValidationSettings none() {
        return new ValidationSettings(0, 2, 0);
    }

    /** Reads and validates {@code siamese.training.validation}. */
    public static ValidationSettings from(Settings s) {
        return new ValidationSettings(
                s.getInt("siamese.training.validation.every", 0, Integer.MAX_VALUE),
                s.getInt("siamese.training.validation.pairs", 2, 10_000_000),
                s.getInt("siamese.training.validation.early-stopping-patience", 0, 1_000_000));
    }
}
