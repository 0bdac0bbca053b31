/**
 * PNG figures of evaluation results, rendered headless with XChart: the embedding map (PCA-projected when the
 * embedding has more than two dimensions), loss and validation curves, the ROC curve, distance histograms of similar
 * and dissimilar pairs, and sweep heat maps. The entry point is {@link dev.siamese.evaluation.figures.FigureRenderer};
 * every {@link dev.siamese.evaluation.figures.Figure} carries the protocol that produced its numbers.
 */
package dev.siamese.evaluation.figures;
