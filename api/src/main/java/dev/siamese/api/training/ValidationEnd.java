package dev.siamese.api.training;

/** A periodic validation on a fixed pair set: pair accuracy at the best threshold for that set, and the mean loss. */
public record ValidationEnd(int iteration, double accuracy, double loss) {
}
