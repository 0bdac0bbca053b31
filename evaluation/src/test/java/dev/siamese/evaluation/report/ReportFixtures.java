package dev.siamese.evaluation.report;

import dev.siamese.api.training.ValidationEnd;
import dev.siamese.evaluation.ClusteredEmbeddings;
import dev.siamese.evaluation.EmbeddingEvaluator;
import dev.siamese.evaluation.EvaluationProtocol;
import dev.siamese.evaluation.EvaluationReport;
import dev.siamese.evaluation.figures.EmbeddingMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A small but complete run report input and sweep input, with hostile characters in the text. */
final class ReportFixtures {
    static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private ReportFixtures() {
    }

    static EvaluationReport evaluation() {
        ClusteredEmbeddings train = ClusteredEmbeddings.generate(1500, 10, 2, 0.25, 1);
        ClusteredEmbeddings test = ClusteredEmbeddings.generate(600, 10, 2, 0.25, 2);
        return new EmbeddingEvaluator(new EvaluationProtocol(2000, 1000, 7, 1))
                .evaluate(train.embeddings, train.labels, test.embeddings, test.labels);
    }

    static RunReportInput run(EvaluationReport evaluation) {
        ClusteredEmbeddings test = ClusteredEmbeddings.generate(600, 10, 2, 0.25, 2);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("siamese.model.architecture", "mlp");
        config.put("siamese.training.iterations", "3000");
        config.put("siamese.loss.margin", "0.3");
        config.put("note", "<script>alert('x')</script> & \"quotes\" | pipe");
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("seed", "42");
        provenance.put("dataset", "fashion-mnist (60,000 train / 10,000 test)");
        provenance.put("machine", "2 cores, Linux");
        SplittableRandom random = new SplittableRandom(3);
        float[] loss = new float[3000];
        for (int i = 0; i < loss.length; i++) {
            loss[i] = (float) Math.max(0, 0.04 + 0.12 * Math.exp(-i / 500.0) + 0.015 * random.nextGaussian());
        }
        List<ValidationEnd> validation = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            validation.add(new ValidationEnd(i * 250, 0.9 - 0.4 * Math.exp(-i / 3.0), 0.05));
        }
        return RunReportInput.of("Paper MLP <2-D> & margin 0.3", config, provenance, evaluation)
                .withTraining(loss, validation)
                .withEmbeddingMap(EmbeddingMap.of(test.embeddings, test.labels, CLASSES));
    }

    static SweepReportInput sweep(EvaluationReport evaluation) {
        double[][] paper = {{94.84, 97.64, 96.60}, {92.68, 98.88, 98.32}, {89.24, 99.72, 99.00}};
        List<SweepRow> rows = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(9);
        String[] kernels = {"8", "16", "32"};
        for (int layers = 1; layers <= 3; layers++) {
            for (int k = 0; k < 3; k++) {
                Map<String, String> cell = new LinkedHashMap<>();
                cell.put("conv-layers", Integer.toString(layers));
                cell.put("kernels", kernels[k]);
                cell.put("pooling-layers", Integer.toString(layers));
                Map<String, Double> metrics = new LinkedHashMap<>(SweepRow.of(cell, evaluation, Double.NaN, "x").metrics());
                metrics.put("recognitionRate", 0.58 + 0.06 * random.nextDouble());
                rows.add(new SweepRow(cell, metrics, paper[layers - 1][k], "conv" + layers + "-k" + kernels[k]));
            }
        }
        return new SweepReportInput("Table 1 sweep on CIFAR-10", List.of("conv-layers", "kernels", "pooling-layers"), rows,
                "conv-layers", "kernels", "recognitionRate", "paper recognition rate (%)",
                Map.of("siamese.training.iterations", "3000"), Map.of("seed", "42"),
                "Protocol: recognition rate on 10,000 balanced pairs of test pictures (seed 8), threshold from 10,000 training pairs (seed 7).");
    }
}
