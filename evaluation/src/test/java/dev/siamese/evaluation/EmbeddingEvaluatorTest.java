package dev.siamese.evaluation;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingEvaluatorTest {
    private final ClusteredEmbeddings train = ClusteredEmbeddings.generate(1500, 10, 2, 0.15, 1);
    private final ClusteredEmbeddings test = ClusteredEmbeddings.generate(500, 10, 2, 0.15, 2);
    private final EvaluationProtocol protocol = new EvaluationProtocol(2000, 1000, 9, 1);

    @Test
    void fullReportContainsTheVerificationReportUnchanged() {
        EvaluationReport report = new EmbeddingEvaluator(protocol).evaluate(train.embeddings, train.labels, test.embeddings, test.labels);

        assertThat(report.verification()).isEqualTo(new VerificationEvaluator(protocol)
                .evaluate(train.embeddings, train.labels, test.embeddings, test.labels));
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
        assertThat(report.testVsTrain().recallAt10()).isGreaterThanOrEqualTo(report.testVsTrain().recallAt5());
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
