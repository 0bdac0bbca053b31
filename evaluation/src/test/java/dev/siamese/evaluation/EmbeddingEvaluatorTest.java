package dev.siamese.evaluation;

import dev.siamese.api.model.Embeddings;
import dev.siamese.evaluation.retrieval.RetrievalMetrics;
import dev.siamese.evaluation.verification.RocAnalysis;
import dev.siamese.evaluation.verification.ScoredPairs;
import dev.siamese.evaluation.verification.ThresholdCalibration;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EmbeddingEvaluatorTest {
    private final ClusteredEmbeddings train = ClusteredEmbeddings.generate(1500, 10, 2, 0.15, 1);
    private final ClusteredEmbeddings test = ClusteredEmbeddings.generate(500, 10, 2, 0.15, 2);
    private final EvaluationProtocol protocol = new EvaluationProtocol(2000, 1000, 9, 1);

    /**
     * Nine gallery points and four queries on the x axis of the plane, so every ranking can be read off by hand:
     * gallery A at 0 and 1, B at 3 and 4, C at 10..14; queries A at 0.9, A at 2.2, B at 9.5 and D at 5 (D has no
     * gallery item, so that query is left out of the retrieval means).
     */
    @Test
    void retrievalAndNearestNeighbourMetricsOfATinyLineMatchTheRankingsWorkedOutByHand() {
        int a = 0;
        int b = 1;
        int c = 2;
        int d = 3;
        Embeddings gallery = onTheLine(0, 1, 3, 4, 10, 11, 12, 13, 14);
        int[] galleryLabels = {a, a, b, b, c, c, c, c, c};
        Embeddings queries = onTheLine(0.9f, 2.2f, 9.5f, 5);
        int[] queryLabels = {a, a, b, d};

        EvaluationReport report = new EmbeddingEvaluator(new EvaluationProtocol(20, 20, 3, 1))
                .evaluate(gallery, galleryLabels, queries, queryLabels);

        // 0.9 (A): A at 0.1, A at 0.9 -> first hit at rank 1, AP@2 = (1/1 + 2/2) / 2 = 1
        // 2.2 (A): B at 0.8, A at 1.2, B at 1.8, A at 2.2 -> first hit at rank 2, AP@2 = (0 + 1/2) / 2 = 1/4
        // 9.5 (B): five C at 0.5..4.5, then B at 5.5 -> first hit at rank 6, AP@2 = 0
        RetrievalMetrics retrieval = report.testVsTrain();
        assertThat(retrieval.queries()).isEqualTo(4);
        assertThat(retrieval.scoredQueries()).isEqualTo(3);
        assertThat(retrieval.galleryItems()).isEqualTo(9);
        assertThat(retrieval.precisionAt1()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(retrieval.recallAt1()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(retrieval.recallAt5()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(retrieval.recallAt10()).isEqualTo(1.0);
        assertThat(retrieval.mapAtR()).isCloseTo((1 + 0.25 + 0) / 3, within(1e-12));

        // leave-one-out among the queries: the two A find each other first (R = 1); B and D have no partner
        RetrievalMetrics leaveOneOut = report.testLeaveOneOut();
        assertThat(leaveOneOut.galleryItems()).isEqualTo(3);
        assertThat(leaveOneOut.scoredQueries()).isEqualTo(2);
        assertThat(leaveOneOut.precisionAt1()).isEqualTo(1.0);
        assertThat(leaveOneOut.mapAtR()).isEqualTo(1.0);

        // 1-NN over all four queries: 0.9 -> A (right), 2.2 -> B at 3, 9.5 -> C at 10, 5 -> B at 4: one right of four
        assertThat(report.verification().nearestNeighbourAccuracy()).isEqualTo(0.25);
    }

    private static Embeddings onTheLine(float... xs) {
        float[] values = new float[xs.length * 2];
        for (int i = 0; i < xs.length; i++) {
            values[2 * i] = xs[i];
        }
        return new Embeddings(xs.length, 2, values);
    }

    @Test
    void scoredTestPairsAreThePairsBehindTheRecognitionRate() {
        EvaluationReport report = new EmbeddingEvaluator(protocol).evaluate(train.embeddings, train.labels, test.embeddings, test.labels);

        ScoredPairs pairs = report.testPairs();
        assertThat(pairs.size()).isEqualTo(report.verification().testPairs());
        assertThat(ThresholdCalibration.correctAt(report.verification().threshold(), pairs.distances(), pairs.similar()))
                .isEqualTo(report.verification().testPairsCorrect());
        assertThat(RocAnalysis.of(pairs.distances(), pairs.similar()).auc()).isEqualTo(report.verification().rocAuc());
    }

    @Test
    void separatedClustersScoreHighOnEveryMetric() {
        EvaluationReport report = new EmbeddingEvaluator(protocol).evaluate(train.embeddings, train.labels, test.embeddings, test.labels);

        assertThat(report.testVsTrain().precisionAt1()).isGreaterThan(0.9);
        assertThat(report.testVsTrain().mapAtR()).isGreaterThan(0.7);
        assertThat(report.testLeaveOneOut().galleryItems()).isEqualTo(499);
        assertThat(report.silhouette().score()).isGreaterThan(0.4);
        assertThat(report.silhouette().sampled()).isFalse();
    }

    @Test
    void toMapKeepsTheVerificationKeysFirstAndAddsPrefixedRetrievalAndSilhouette() {
        EvaluationReport report = new EmbeddingEvaluator(protocol, 50, 200).evaluate(train.embeddings, train.labels, test.embeddings, test.labels);
        Map<String, Object> map = report.toMap();

        assertThat(map.keySet()).startsWith(report.verification().toMap().keySet().toArray(String[]::new));
        assertThat(map).containsKeys("testVsTrain.precisionAt1", "testVsTrain.recallAt5", "testVsTrain.mapAtR",
                "testLeaveOneOut.mapAtR", "silhouette", "silhouetteSampled");
        assertThat(map.get("testVsTrain.maxR")).isEqualTo(50);
        assertThat(map.get("silhouetteSampled")).isEqualTo(true);
        assertThat(map.get("silhouettePoints")).isEqualTo(200);
    }

    @Test
    void sameInputsGiveTheSameReport() {
        EmbeddingEvaluator evaluator = new EmbeddingEvaluator(protocol, 100, 300);

        assertThat(evaluator.evaluate(train.embeddings, train.labels, test.embeddings, test.labels).toMap())
                .isEqualTo(evaluator.evaluate(train.embeddings, train.labels, test.embeddings, test.labels).toMap());
    }
}
