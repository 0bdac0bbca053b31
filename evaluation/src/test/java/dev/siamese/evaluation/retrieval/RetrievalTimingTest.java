package dev.siamese.evaluation.retrieval;

import dev.siamese.evaluation.ClusteredEmbeddings;
import dev.siamese.evaluation.SilhouetteScore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cost of the retrieval metrics and silhouette at full scale (10,000 test x 60,000 training, 2-D). Too slow for
 * every build on a shared 2-core machine; run with {@code mvn -pl evaluation test -Dsiamese.timing=true
 * -Dtest=RetrievalTimingTest}.
 */
@EnabledIfSystemProperty(named = "siamese.timing", matches = "true")
class RetrievalTimingTest {

    @Test
    void fullScaleRetrievalAndSilhouetteFinishInReasonableTime() {
        ClusteredEmbeddings train = ClusteredEmbeddings.generate(60_000, 10, 2, 0.2, 1);
        ClusteredEmbeddings test = ClusteredEmbeddings.generate(10_000, 10, 2, 0.2, 2);
        RetrievalMetrics.of(train.embeddings, train.labels, test.embeddings, test.labels, 1000); // warm-up

        long start = System.nanoTime();
        RetrievalMetrics vsTrain = RetrievalMetrics.of(train.embeddings, train.labels, test.embeddings, test.labels, 1000);
        long vsTrainMs = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        RetrievalMetrics loo = RetrievalMetrics.leaveOneOut(test.embeddings, test.labels, 1000);
        long looMs = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        SilhouetteScore silhouette = SilhouetteScore.of(test.embeddings, test.labels, 10_000, 0);
        long silhouetteMs = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        double knn = new NearestNeighbourClassifier().accuracy(train.embeddings, train.labels, test.embeddings, test.labels);
        long knnMs = (System.nanoTime() - start) / 1_000_000;

        System.out.printf(Locale.ROOT, "TIMING on %d cores: test vs train 10k x 60k x 2-D (max R 1000) %d ms (MAP@R %.4f, P@1 %.4f); "
                        + "test leave-one-out 10k %d ms; silhouette 10k exact %d ms (%.4f); 1-NN %d ms (%.4f)%n",
                Runtime.getRuntime().availableProcessors(), vsTrainMs, vsTrain.mapAtR(), vsTrain.precisionAt1(), looMs,
                silhouetteMs, silhouette.score(), knnMs, knn);
        assertThat(vsTrain.precisionAt1()).isCloseTo(knn, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(vsTrainMs).isLessThan(60_000);
        assertThat(loo.scoredQueries()).isEqualTo(10_000);
    }
}
