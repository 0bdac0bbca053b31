package dev.siamese.evaluation;

import dev.siamese.config.Settings;
import dev.siamese.evaluation.retrieval.RetrievalMetrics;

/**
 * The evaluation protocol's sizes ({@code siamese.evaluation}); the seed comes from the experiment.
 *
 * @param calibrationPairs    balanced pairs of training pictures the threshold is calibrated on
 * @param testPairs           balanced pairs of test pictures the recognition rate is measured on
 * @param nearestNeighbours   k of the k-NN accuracy
 * @param retrievalMaxR       cap on R in MAP@R
 * @param silhouetteMaxPoints test embeddings the silhouette scores exactly before it subsamples
 */
public record EvaluationSettings(int calibrationPairs, int testPairs, int nearestNeighbours, int retrievalMaxR, int silhouetteMaxPoints) {

    /** The sizes of the verification protocol, with the default retrieval cap and silhouette sample. */
    public EvaluationSettings(int calibrationPairs, int testPairs, int nearestNeighbours) {
        this(calibrationPairs, testPairs, nearestNeighbours, RetrievalMetrics.DEFAULT_MAX_R, SilhouetteScore.DEFAULT_MAX_POINTS);
    }

    /** Reads and validates {@code siamese.evaluation}. */
    public static EvaluationSettings from(Settings s) {
        return new EvaluationSettings(
                s.getInt("siamese.evaluation.calibration-pairs", 2, 100_000_000),
                s.getInt("siamese.evaluation.test-pairs", 2, 100_000_000),
                s.getInt("siamese.evaluation.nearest-neighbours", 1, 1000),
                s.getInt("siamese.evaluation.retrieval-max-r", 1, 1_000_000),
                s.getInt("siamese.evaluation.silhouette-max-points", 2, 1_000_000));
    }

    /** The full protocol with pairs drawn from {@code seed}. */
    public EvaluationProtocol protocol(long seed) {
        return new EvaluationProtocol(calibrationPairs, testPairs, seed, nearestNeighbours);
    }

    /** The evaluator of the full report (verification, retrieval, silhouette) with pairs drawn from {@code seed}. */
    public EmbeddingEvaluator evaluator(long seed) {
        return new EmbeddingEvaluator(protocol(seed), retrievalMaxR, silhouetteMaxPoints);
    }
}
