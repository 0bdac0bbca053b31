/**
 * Verification, "are these two pictures of the same class?": balanced
 * {@link dev.siamese.evaluation.verification.EvaluationPairs}, their
 * {@link dev.siamese.evaluation.verification.PairDistances} and
 * {@link dev.siamese.evaluation.verification.ScoredPairs}, a
 * {@link dev.siamese.evaluation.verification.ThresholdCalibration} on training pairs, the
 * {@link dev.siamese.evaluation.verification.RocAnalysis} (AUC, EER, TAR at fixed FAR) and the
 * {@link dev.siamese.evaluation.verification.VerificationEvaluator} that combines them into a
 * {@link dev.siamese.evaluation.verification.VerificationReport} with its
 * {@link dev.siamese.evaluation.verification.ConfidenceInterval}.
 */
package dev.siamese.evaluation.verification;
