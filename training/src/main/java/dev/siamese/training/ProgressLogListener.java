package dev.siamese.training;

import dev.siamese.api.training.IterationEnd;
import dev.siamese.api.training.TrainingEnd;
import dev.siamese.api.training.TrainingListener;
import dev.siamese.api.training.TrainingStart;

import java.io.PrintStream;
import java.util.Locale;

/** Prints a plain progress line (iteration, loss, pairs/s, ETA) every {@code every} iterations, and a summary at the end. */
public final class ProgressLogListener implements TrainingListener {
    private final PrintStream out;
    private final int every;
    private double smoothedLoss = Double.NaN;

    public ProgressLogListener(PrintStream out, int every) {
        if (every <= 0) {
            throw new IllegalArgumentException("log interval must be positive, got " + every);
        }
        this.out = out;
        this.every = every;
    }

    @Override
    public void onTrainingStart(TrainingStart event) {
        out.printf(Locale.ROOT, "training %s on %s: %,d iterations of %d pairs%n", event.model(), event.dataset(),
                event.iterations(), event.batchSize());
    }

    @Override
    public void onIteration(IterationEnd e) {
        smoothedLoss = Double.isNaN(smoothedLoss) ? e.loss() : 0.9 * smoothedLoss + 0.1 * e.loss();
        if (e.iteration() % every == 0 || e.iteration() == e.iterations()) {
            out.printf(Locale.ROOT, "iteration %,6d/%,d  loss %.5f (smoothed %.5f)  %,.0f pairs/s  ETA %s%n", e.iteration(),
                    e.iterations(), e.loss(), smoothedLoss, e.pairsPerSecond(), format(e.etaNanos()));
        }
    }

    @Override
    public void onTrainingEnd(TrainingEnd e) {
        out.printf(Locale.ROOT, "trained %,d iterations in %.1f s (%,.0f pairs/s)%s%n", e.iterations(), e.elapsedNanos() / 1e9,
                e.pairsPerSecond(), e.stoppedEarly() ? ", stopped early" : "");
    }

    static String format(long nanos) {
        long s = Math.round(nanos / 1e9);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
