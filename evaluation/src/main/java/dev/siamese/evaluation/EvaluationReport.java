package dev.siamese.evaluation;

import dev.siamese.evaluation.retrieval.RetrievalMetrics;
import dev.siamese.evaluation.verification.ScoredPairs;
import dev.siamese.evaluation.verification.VerificationEvaluator;
import dev.siamese.evaluation.verification.VerificationReport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The full evaluation of one model's embeddings: the verification report (recognition rate, ROC AUC, EER, k-NN),
 * retrieval metrics in two modes, the silhouette of the test embeddings, and the scored test pairs for plots.
 *
 * @param verification    recognition rate and the metrics beside it, as {@link VerificationEvaluator} computes them
 * @param testVsTrain     retrieval with the test pictures as queries and the training pictures as gallery
 * @param testLeaveOneOut retrieval within the test pictures, each against all the others
 * @param silhouette      silhouette of the test embeddings by class
 * @param testPairs       the distances and similar flags of the very test pairs behind the recognition rate
 */
public record EvaluationReport(
        VerificationReport verification,
        RetrievalMetrics testVsTrain,
        RetrievalMetrics testLeaveOneOut,
        SilhouetteScore silhouette,
        ScoredPairs testPairs) {

    /** Validates that nothing is missing and that the pairs are those the verification counted. */
    public EvaluationReport {
        if (verification == null || testVsTrain == null || testLeaveOneOut == null || silhouette == null || testPairs == null) {
            throw new IllegalArgumentException("every part of an evaluation report is required");
        }
        if (testPairs.size() != verification.testPairs()) {
            throw new IllegalArgumentException(testPairs.size() + " scored test pairs but the verification counted "
                    + verification.testPairs());
        }
    }

    /**
     * The scalar results by name, in a stable order: first exactly the keys of {@link VerificationReport#toMap()},
     * then the retrieval metrics prefixed {@code testVsTrain.} and {@code testLeaveOneOut.}, then the silhouette.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(verification.toMap());
        testVsTrain.toMap().forEach((key, value) -> map.put("testVsTrain." + key, value));
        testLeaveOneOut.toMap().forEach((key, value) -> map.put("testLeaveOneOut." + key, value));
        map.putAll(silhouette.toMap());
        return map;
    }
}
