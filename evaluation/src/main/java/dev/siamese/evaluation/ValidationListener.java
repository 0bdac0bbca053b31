package dev.siamese.evaluation;

import dev.siamese.api.image.LabeledDataset;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;
import dev.siamese.api.training.IterationEnd;
import dev.siamese.api.training.TrainingListener;
import dev.siamese.api.training.ValidationEnd;
import dev.siamese.evaluation.verification.EvaluationPairs;
import dev.siamese.evaluation.verification.ThresholdCalibration;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Scores a fixed set of balanced pairs every {@code every} iterations: pair accuracy at the best threshold for that set
 * (from the model's embeddings) and the mean of the model's own training loss over the pairs
 * ({@link TrainableModel#loss}, whatever loss it was built with). It feeds the accuracy curve and, with a patience,
 * stops training once the accuracy has not improved for that many validations. The pictures are embedded once per
 * validation; the pairs never change. Memory: the distinct pictures of the pairs, plus one chunk of
 * {@value #LOSS_CHUNK} pairs while the loss is computed.
 */
public final class ValidationListener implements TrainingListener {
    /** Pairs per loss evaluation: bounds the copy of pictures a validation makes. */
    static final int LOSS_CHUNK = 256;

    private final TrainableModel model;
    private final dev.siamese.api.image.ImageShape shape;
    private final int every;
    private final int patience;
    private final float[] pixels;
    private final int pictures;
    private final int[] left;
    private final int[] right;
    private final boolean[] similar;
    private final PrintStream out;
    private final List<ValidationEnd> history = new ArrayList<>();
    private double best = Double.NEGATIVE_INFINITY;
    private int sinceBest;
    private boolean stop;

    /**
     * @param dataset the pictures to draw the fixed pairs from (the test split: the curve shows generalisation)
     * @param out     where to print one line per validation, or null for none
     */
    public ValidationListener(TrainableModel model, LabeledDataset dataset, int pairs, long seed, int every,
                              int patience, PrintStream out) {
        if (every <= 0) {
            throw new IllegalArgumentException("validation interval must be positive, got " + every);
        }
        this.model = model;
        this.every = every;
        this.patience = patience;
        this.out = out;
        this.shape = dataset.shape();
        EvaluationPairs drawn = EvaluationPairs.balanced(dataset.labels(), pairs, seed);
        // embed each distinct picture once: map dataset index -> row
        TreeMap<Integer, Integer> rows = new TreeMap<>();
        for (int i : drawn.left()) {
            rows.putIfAbsent(i, 0);
        }
        for (int i : drawn.right()) {
            rows.putIfAbsent(i, 0);
        }
        int length = dataset.shape().length();
        this.pictures = rows.size();
        this.pixels = new float[pictures * length];
        int r = 0;
        for (var e : rows.entrySet()) {
            e.setValue(r);
            dataset.copyPixels(e.getKey(), pixels, r * length);
            r++;
        }
        this.left = java.util.Arrays.stream(drawn.left()).map(rows::get).toArray();
        this.right = java.util.Arrays.stream(drawn.right()).map(rows::get).toArray();
        this.similar = drawn.similar();
    }

    @Override
    public void onIteration(IterationEnd e) {
        if (e.iteration() % every != 0 && e.iteration() != e.iterations()) {
            return;
        }
        ValidationEnd result = validate(e.iteration());
        history.add(result);
        if (out != null) {
            out.printf(Locale.ROOT, "validation at %,d: pair accuracy %.4f, loss %.5f%n", result.iteration(), result.accuracy(),
                    result.loss());
        }
        if (result.accuracy() > best) {
            best = result.accuracy();
            sinceBest = 0;
        } else if (patience > 0 && ++sinceBest >= patience) {
            stop = true;
            if (out != null) {
                out.printf(Locale.ROOT, "early stopping: no improvement over %.4f in %d validations%n", best, patience);
            }
        }
    }

    @Override
    public boolean shouldStop() {
        return stop;
    }

    /** Every validation so far, in order. */
    public List<ValidationEnd> history() {
        return List.copyOf(history);
    }

    /** The best validation accuracy so far. */
    public Optional<Double> best() {
        return history.isEmpty() ? Optional.empty() : Optional.of(best);
    }

    private ValidationEnd validate(int iteration) {
        Embeddings e = model.embed(pixels, pictures);
        double[] d = new double[left.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = e.distance(left[i], e, right[i]);
        }
        return new ValidationEnd(iteration, ThresholdCalibration.calibrate(d, similar).accuracy(), meanLoss());
    }

    /** The model's loss over all pairs, computed in chunks and weighted by their sizes. */
    private double meanLoss() {
        int length = shape.length();
        double sum = 0;
        for (int from = 0; from < left.length; from += LOSS_CHUNK) {
            int n = Math.min(LOSS_CHUNK, left.length - from);
            float[] a = new float[n * length];
            float[] b = new float[n * length];
            float[] flags = new float[n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(pixels, left[from + i] * length, a, i * length, length);
                System.arraycopy(pixels, right[from + i] * length, b, i * length, length);
                flags[i] = similar[from + i] ? 1f : 0f;
            }
            sum += (double) model.loss(PairBatch.adopt(shape, a, b, flags)) * n;
        }
        return sum / left.length;
    }
}
