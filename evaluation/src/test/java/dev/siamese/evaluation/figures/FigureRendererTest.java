package dev.siamese.evaluation.figures;

import dev.siamese.api.training.ValidationEnd;
import dev.siamese.evaluation.ClusteredEmbeddings;
import dev.siamese.evaluation.verification.EvaluationPairs;
import dev.siamese.evaluation.verification.RocAnalysis;
import dev.siamese.evaluation.verification.ScoredPairs;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FigureRendererTest {
    static final String PROTOCOL = "Protocol: 1,000 balanced pairs of test pictures (seed 8); threshold from 2,000 training pairs (seed 7).";
    static final List<String> DIGITS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

    private final FigureRenderer renderer = new FigureRenderer(640, 480);
    private final ClusteredEmbeddings test = ClusteredEmbeddings.generate(800, 10, 2, 0.15, 4);

    /** Decodes the PNG, checks its size and that it is not one flat colour. */
    static BufferedImage assertValidPng(Figure figure, int width, int height) throws IOException {
        assertThat(figure.png()).isNotEmpty();
        // Kept for a human to look at.
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("basedir", "."), "target", "figures-check");
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.write(dir.resolve(figure.fileName()), figure.png());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(figure.png()));
        assertThat(image).as("PNG decodes").isNotNull();
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < height; y += 3) {
            for (int x = 0; x < width; x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("distinct colours").isGreaterThan(3);
        return image;
    }

    @Test
    void embeddingMapOfTwoDimensionsRendersWithClassNames() throws IOException {
        Figure figure = renderer.embeddingMap(EmbeddingMap.of(test.embeddings, test.labels, DIGITS), PROTOCOL);

        assertValidPng(figure, 640, 480);
        assertThat(figure.title()).contains("2-D embedding");
        assertThat(figure.caption()).contains(PROTOCOL);
    }

    @Test
    void embeddingMapOfMoreDimensionsSaysItIsAPcaProjection() throws IOException {
        ClusteredEmbeddings wide = ClusteredEmbeddings.generate(500, 4, 16, 0.2, 5);
        EmbeddingMap map = EmbeddingMap.of(wide.embeddings, wide.labels, List.of("cat", "dog"), 300, 1);

        Figure figure = renderer.embeddingMap(map, PROTOCOL);

        assertValidPng(figure, 640, 480);
        assertThat(figure.title()).contains("PCA of the 16-D embedding");
        assertThat(map.size()).isEqualTo(300);
        assertThat(map.className(3)).isEqualTo("class 3");
        assertThat(figure.caption()).contains("300 of 500 points");
    }

    @Test
    void lossCurveRendersWithItsMovingAverage() throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        float[] loss = new float[400];
        for (int i = 0; i < loss.length; i++) {
            loss[i] = (float) (0.05 + 0.2 * Math.exp(-i / 80.0) + 0.02 * random.nextGaussian());
        }
        Figure figure = renderer.lossCurve(loss, PROTOCOL);

        assertValidPng(figure, 640, 480);
        assertThat(figure.caption()).contains("exponential moving average with weight 0.95");
    }

    @Test
    void validationCurveRenders() throws IOException {
        List<ValidationEnd> points = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            points.add(new ValidationEnd(i * 250, 1 - 0.5 * Math.exp(-i / 3.0), 0.1));
        }
        assertValidPng(renderer.validationCurve(points, PROTOCOL), 640, 480);
    }

    @Test
    void rocCurveRendersWithItsAucInTheLegendAndCaption() throws IOException {
        ScoredPairs pairs = pairs();
        RocAnalysis roc = RocAnalysis.of(pairs.distances(), pairs.similar());

        Figure figure = renderer.roc(roc.points(), roc.auc(), PROTOCOL);

        assertValidPng(figure, 640, 480);
        assertThat(figure.caption()).contains(String.format(java.util.Locale.ROOT, "AUC %.4f", roc.auc()));
    }

    @Test
    void distanceHistogramRendersWithTheThreshold() throws IOException {
        Figure figure = renderer.distanceHistogram(pairs(), 0.5, PROTOCOL);

        assertValidPng(figure, 640, 480);
        assertThat(figure.caption()).contains("threshold 0.5000");
    }

    @Test
    void heatMapRendersAndLeavesMissingCellsEmpty() throws IOException {
        double[][] values = {{0.61, 0.62, 0.60}, {0.63, Double.NaN, 0.64}, {0.58, 0.59, 0.65}};
        Figure figure = renderer.heatMap("Recognition rate", "conv layers", List.of("1", "2", "3"), "kernels",
                List.of("8", "16", "32"), values, "recognition rate", PROTOCOL);

        assertValidPng(figure, 640, 480);
    }

    @Test
    void refusesEmptyData() {
        assertThatThrownBy(() -> renderer.lossCurve(new float[0], PROTOCOL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one value");
        assertThatThrownBy(() -> renderer.embeddingMap(EmbeddingMap.empty(), PROTOCOL)).isInstanceOf(IllegalArgumentException.class);
    }

    private ScoredPairs pairs() {
        return ScoredPairs.of(test.embeddings, EvaluationPairs.balanced(test.labels, 1000, 8));
    }
}
