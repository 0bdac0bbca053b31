package dev.siamese.evaluation;

import dev.siamese.api.model.Embeddings;
import dev.siamese.evaluation.retrieval.RetrievalMetrics;
import dev.siamese.evaluation.verification.EvaluationPairs;
import dev.siamese.evaluation.verification.ScoredPairs;
import dev.siamese.evaluation.verification.VerificationEvaluator;
import dev.siamese.evaluation.verification.VerificationReport;

/**
 * Computes the full {@link EvaluationReport} of training and test embeddings: the {@link VerificationEvaluator}'s
 * report, retrieval metrics (test against training, and test leave-one-out), the silhouette of the test embeddings
 * and the scored test pairs for plots. It never trains anything.
 *
 * <p>The test pairs are drawn again from the protocol's test seed, so they are exactly the pairs behind the
 * recognition rate. The silhouette subsample, if any, uses seed {@code protocol.seed() + 2}.
 */
public final class EmbeddingEvaluator {
    private final EvaluationProtocol protocol;
    private final int retrievalMaxR;
    private final int silhouetteMaxPoints;

    /** An evaluator with MAP@R capped at {@value RetrievalMetrics#DEFAULT_MAX_R} and an exact silhouette on up to {@value SilhouetteScore#DEFAULT_MAX_POINTS} points. */
    public EmbeddingEvaluator(EvaluationProtocol protocol) {
        this(protocol, RetrievalMetrics.DEFAULT_MAX_R, SilhouetteScore.DEFAULT_MAX_POINTS);
    }

    /**
     * @param protocol            how pairs are drawn and k of the k-NN accuracy
     * @param retrievalMaxR       cap on R in MAP@R, at least 1
     * @param silhouetteMaxPoints test embeddings scored exactly by the silhouette before it subsamples, at least 2
     */
    public EmbeddingEvaluator(EvaluationProtocol protocol, int retrievalMaxR, int silhouetteMaxPoints) {
        if (protocol == null) {
            throw new IllegalArgumentException("protocol must not be null");
        }
        if (retrievalMaxR < 1) {
            throw new IllegalArgumentException("retrievalMaxR must be at least 1, got " + retrievalMaxR);
        }
        if (silhouetteMaxPoints < 2) {
            throw new IllegalArgumentException("silhouetteMaxPoints must be at least 2, got " + silhouetteMaxPoints);
        }
        this.protocol = protocol;
        this.retrievalMaxR = retrievalMaxR;
        this.silhouetteMaxPoints = silhouetteMaxPoints;
    }

    public EvaluationProtocol protocol() {
        return protocol;
    }

    /** The seed of the silhouette's subsample: {@code protocol.seed() + 2}, distinct from both pair seeds. */
    public long silhouetteSeed() {
        return protocol.seed() + 2;
    }

    /**
     * Evaluates the embeddings.
     *
     * @param train       embeddings of the training pictures (the gallery of the retrieval metrics)
     * @param trainLabels their labels
     * @param test        embeddings of the test pictures, of the same dimension
     * @param testLabels  their labels
     * @throws IllegalArgumentException as {@link VerificationEvaluator#evaluate}, or if an embedding is not finite
     */
    public EvaluationReport evaluate(Embeddings train, int[] trainLabels, Embeddings test, int[] testLabels) {
        VerificationReport verification = new VerificationEvaluator(protocol).evaluate(train, trainLabels, test, testLabels);
        EvaluationPairs testPairs = EvaluationPairs.balanced(testLabels, protocol.testPairs(), protocol.testSeed());
        return new EvaluationReport(
                verification,
                RetrievalMetrics.of(train, trainLabels, test, testLabels, retrievalMaxR),
                RetrievalMetrics.leaveOneOut(test, testLabels, retrievalMaxR),
                SilhouetteScore.of(test, testLabels, silhouetteMaxPoints, silhouetteSeed()),
                ScoredPairs.of(test, testPairs));
    }
}
