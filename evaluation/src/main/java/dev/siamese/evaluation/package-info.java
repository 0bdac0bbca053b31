/**
 * Verification, retrieval and clustering metrics on {@link dev.siamese.api.model.Embeddings} with integer labels.
 *
 * <p>The entry points are {@link dev.siamese.evaluation.EmbeddingEvaluator}, which turns training and test
 * embeddings into the full {@link dev.siamese.evaluation.EvaluationReport} (verification, retrieval metrics,
 * silhouette, scored test pairs), and {@link dev.siamese.evaluation.VerificationEvaluator}, which computes the
 * {@link dev.siamese.evaluation.VerificationReport} alone, both under an {@link dev.siamese.evaluation.EvaluationProtocol}.
 * The building blocks ({@link dev.siamese.evaluation.EvaluationPairs}, {@link dev.siamese.evaluation.PairDistances},
 * {@link dev.siamese.evaluation.ThresholdCalibration}, {@link dev.siamese.evaluation.RocAnalysis},
 * {@link dev.siamese.evaluation.NearestNeighbourClassifier}, {@link dev.siamese.evaluation.RetrievalMetrics},
 * {@link dev.siamese.evaluation.SilhouetteScore}, {@link dev.siamese.evaluation.PrincipalComponents}) are public so
 * that other protocols can reuse them.
 *
 * <p>Throughout, a pair is judged "similar" iff the distance of its two embeddings is strictly below a threshold.
 */
package dev.siamese.evaluation;
