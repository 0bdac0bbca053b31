package dev.siamese.evaluation.report;

import dev.siamese.api.training.ValidationEnd;

import java.util.List;

/** A run's training curves as the CSV files its run directory keeps. */
public final class TrainingCurves {

    private TrainingCurves() {
    }

    /** {@code validation.csv}: one line per validation (iteration, pair accuracy, loss). */
    public static String validationCsv(List<ValidationEnd> curve) {
        StringBuilder sb = new StringBuilder("iteration,pair_accuracy,loss\n");
        for (ValidationEnd v : curve) {
            sb.append(v.iteration()).append(',').append(v.accuracy()).append(',').append(v.loss()).append('\n');
        }
        return sb.toString();
    }

    /** {@code loss.csv}: the loss of every iteration, numbered from 1. */
    public static String lossCsv(float[] losses) {
        StringBuilder sb = new StringBuilder(losses.length * 16).append("iteration,loss\n");
        for (int i = 0; i < losses.length; i++) {
            sb.append(i + 1).append(',').append(losses[i]).append('\n');
        }
        return sb.toString();
    }
}
