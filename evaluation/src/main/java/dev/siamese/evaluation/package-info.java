/**
 * Verification and classification metrics on {@link dev.siamese.api.model.Embeddings} with integer labels.
 *
 * <p>The entry point is {@link dev.siamese.evaluation.VerificationEvaluator}, which turns training and
 * test embeddings into a {@link dev.siamese.evaluation.VerificationReport} under an
 * {@link dev.siamese.evaluation.EvaluationProtocol}. The building blocks
 * ({@link dev.siamese.evaluation.EvaluationPairs}, {@link dev.siamese.evaluation.PairDistances},
 * {@link dev.siamese.evaluation.ThresholdCalibration}, {@link dev.siamese.evaluation.RocAnalysis},
 * {@link dev.siamese.evaluation.NearestNeighbourClassifier}) are public so that other protocols can reuse them.
 *
 * <p>Throughout, a pair is judged "similar" iff the distance of its two embeddings is strictly below a threshold.
 */
package dev.siamese.evaluation;
