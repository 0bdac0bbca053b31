package dev.siamese.training;

import dev.siamese.api.training.IterationEnd;
import dev.siamese.api.training.TrainingEnd;
import dev.siamese.api.training.TrainingListener;
import dev.siamese.api.training.TrainingStart;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar for terminals (iteration, loss, pairs/s, ETA), redrawn at most five times a second. */
public final class ProgressBarListener implements TrainingListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private long lastDraw;
    private double smoothed = Double.NaN;

    public ProgressBarListener(PrintStream out) {
        this.out = out;
    }

    /**
     * The progress a run shows on {@code out}: this bar when {@code out} is standard output on a terminal, else a
     * {@link ProgressLogListener} line every {@code logEvery} iterations.
     */
    public static TrainingListener forConsole(PrintStream out, int logEvery) {
        return System.console() != null && out == System.out ? new ProgressBarListener(out)
                : new ProgressLogListener(out, logEvery);
    }

    @Override
    public void onTrainingStart(TrainingStart e) {
        out.printf(Locale.ROOT, "training %s on %s: %,d iterations of %d pairs%n", e.model(), e.dataset(), e.iterations(),
                e.batchSize());
    }

    @Override
    public void onIteration(IterationEnd e) {
        smoothed = Double.isNaN(smoothed) ? e.loss() : 0.95 * smoothed + 0.05 * e.loss();
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L && e.iteration() != e.iterations()) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) WIDTH * e.iteration() / e.iterations());
        long eta = Math.round(e.etaNanos() / 1e9);
        out.printf(Locale.ROOT, "\r[%s%s] %,d/%,d  loss %.5f  %,.0f pairs/s  ETA %d:%02d ", "#".repeat(filled),
                " ".repeat(WIDTH - filled), e.iteration(), e.iterations(), smoothed, e.pairsPerSecond(), eta / 60, eta % 60);
        out.flush();
    }

    @Override
    public void onTrainingEnd(TrainingEnd e) {
        out.printf(Locale.ROOT, "%ntrained %,d iterations in %.1f s (%,.0f pairs/s)%s%n", e.iterations(), e.elapsedNanos() / 1e9,
                e.pairsPerSecond(), e.stoppedEarly() ? ", stopped early" : "");
    }
}
