/**
 * Scoring a model's embeddings with integer labels: {@link dev.siamese.evaluation.EmbeddingEvaluator} turns training
 * and test embeddings into the full {@link dev.siamese.evaluation.EvaluationReport} (verification, retrieval metrics,
 * {@link dev.siamese.evaluation.SilhouetteScore}, scored test pairs) under an
 * {@link dev.siamese.evaluation.EvaluationProtocol}; {@link dev.siamese.evaluation.ModelCalibration} fits the
 * threshold and whitening a model is saved with; {@link dev.siamese.evaluation.ValidationListener} scores validation
 * pairs during training; {@link dev.siamese.evaluation.EvaluationSettings} and the Guice binding
 * {@link dev.siamese.evaluation.EvaluationModule} read the settings.
 *
 * <p>The parts live in sub-packages: {@link dev.siamese.evaluation.verification} (pairs, thresholds, ROC),
 * {@link dev.siamese.evaluation.retrieval} (k-nearest neighbours and retrieval metrics),
 * {@link dev.siamese.evaluation.figures} (PNG figures) and {@link dev.siamese.evaluation.report} (Markdown and HTML
 * reports).
 *
 * <p>Throughout, a pair is judged "similar" iff the distance of its two embeddings is strictly below a threshold.
 */
package dev.siamese.evaluation;
