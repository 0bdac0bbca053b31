package dev.siamese.training;

import dev.siamese.config.Settings;

import java.util.Locale;
import java.util.Set;

/**
 * The learning rate of each iteration as a multiple of the optimizer's ({@code siamese.training.schedule}): a linear
 * warm-up, then constant, cosine or step decay. A pure function of the iteration number, so a resumed run follows
 * exactly the schedule of an uninterrupted one.
 *
 * @param warmupIterations the first this many iterations rise linearly to the full rate ({@code i / warmup} at
 *                         iteration {@code i}); 0: none
 * @param minFactor        cosine: the factor reached at the last iteration
 * @param stepFactor       step: the rate is multiplied by this every {@code stepEvery} iterations after the warm-up
 * @param stepEvery        step: iterations between two decays
 */
public record LearningRateSchedule(Kind kind, int warmupIterations, double minFactor, double stepFactor, int stepEvery) {

    /** The shape of the rate after the warm-up. */
    public enum Kind { CONSTANT, COSINE, STEP }

    public LearningRateSchedule {
        java.util.Objects.requireNonNull(kind, "kind");
        if (warmupIterations < 0) {
            throw new IllegalArgumentException("warm-up iterations must be >= 0, got " + warmupIterations);
        }
        if (!(minFactor >= 0 && minFactor <= 1)) {
            throw new IllegalArgumentException("the cosine schedule's min-factor must be in [0, 1], got " + minFactor);
        }
        if (!(stepFactor > 0 && stepFactor <= 1)) {
            throw new IllegalArgumentException("the step schedule's factor must be in (0, 1], got " + stepFactor);
        }
        if (stepEvery < 1) {
            throw new IllegalArgumentException("the step schedule's every must be >= 1, got " + stepEvery);
        }
    }

    /** The optimizer's rate throughout: the factor is exactly 1 at every iteration. */
    public static LearningRateSchedule constant() {
        return new LearningRateSchedule(Kind.CONSTANT, 0, 0, 1, 1);
    }

    /** Whether every iteration runs at the optimizer's own rate. */
    public boolean isConstant() {
        return kind == Kind.CONSTANT && warmupIterations == 0;
    }

    /** The factor of {@code iteration} (1-based) of a run of {@code total} iterations. */
    public double factor(int iteration, int total) {
        if (iteration < 1 || iteration > total) {
            throw new IllegalArgumentException("iteration " + iteration + " is outside 1.." + total);
        }
        if (iteration <= warmupIterations) {
            return iteration / (double) warmupIterations;
        }
        int after = iteration - warmupIterations;
        return switch (kind) {
            case CONSTANT -> 1.0;
            case COSINE -> {
                int span = total - warmupIterations;
                // the iteration after the warm-up runs at the full rate, the last one at minFactor
                double progress = span <= 1 ? 1.0 : (after - 1) / (double) (span - 1);
                yield minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * progress));
            }
            case STEP -> Math.pow(stepFactor, (after - 1) / stepEvery);
        };
    }

    /** A short description for logs and provenance, e.g. {@code cosine, warm-up 500, min-factor 0.01}. */
    public String describe() {
        String warmup = warmupIterations > 0 ? ", warm-up " + warmupIterations : "";
        return switch (kind) {
            case CONSTANT -> "constant" + warmup;
            case COSINE -> String.format(Locale.ROOT, "cosine%s, min-factor %s", warmup, minFactor);
            case STEP -> String.format(Locale.ROOT, "step%s, x%s every %d", warmup, stepFactor, stepEvery);
        };
    }

    /** Reads and validates {@code siamese.training.schedule}. */
    public static LearningRateSchedule from(Settings s) {
        String p = "siamese.training.schedule.";
        String kind = s.getChoice(p + "kind", Set.of("constant", "cosine", "step"));
        return new LearningRateSchedule(Kind.valueOf(kind.toUpperCase(Locale.ROOT)),
                s.getInt(p + "warmup-iterations", 0, 100_000_000),
                s.getDouble(p + "min-factor", 0, false, 1),
                s.getDouble(p + "factor", 0, true, 1),
                s.getInt(p + "every", 1, Integer.MAX_VALUE));
    }
}
