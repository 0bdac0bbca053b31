package dev.siamese.evaluation.report;

import dev.siamese.api.training.ValidationEnd;
import dev.siamese.evaluation.EvaluationReport;
import dev.siamese.evaluation.figures.EmbeddingMap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the report of one run shows. Start from {@link #of} and add training curves and the embedding map with
 * the {@code with...} methods; what is empty is left out of the report.
 *
 * @param name         title of the report, e.g. the experiment name
 * @param config       configuration summary, key to value, in display order
 * @param provenance   where the run came from (seed, data, time, machine, versions), key to value, in display order
 * @param evaluation   the evaluation of the trained model
 * @param lossHistory  training loss per iteration (copied); empty for none
 * @param validation   validation results during training; empty for none
 * @param embeddingMap test pictures on a plane for the embedding map; {@link EmbeddingMap#empty()} for none
 * @param protocol     how the numbers were obtained, printed under every figure; defaults to the evaluation's protocol
 */
public record RunReportInput(
        String name,
        Map<String, String> config,
        Map<String, String> provenance,
        EvaluationReport evaluation,
        float[] lossHistory,
        List<ValidationEnd> validation,
        EmbeddingMap embeddingMap,
        String protocol) {

    /** Validates and copies. */
    public RunReportInput {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a run report needs a name");
        }
        if (config == null || provenance == null || evaluation == null || lossHistory == null || validation == null
                || embeddingMap == null || protocol == null) {
            throw new IllegalArgumentException("config, provenance, evaluation, lossHistory, validation, embeddingMap and "
                    + "protocol must not be null (use empty values for what the run does not have)");
        }
        config = copy(config, "config");
        provenance = copy(provenance, "provenance");
        lossHistory = lossHistory.clone();
        validation = List.copyOf(validation);
    }

    /** A report of the evaluation alone, under the evaluation's own protocol text. */
    public static RunReportInput of(String name, Map<String, String> config, Map<String, String> provenance, EvaluationReport evaluation) {
        if (evaluation == null) {
            throw new IllegalArgumentException("evaluation must not be null");
        }
        return new RunReportInput(name, config, provenance, evaluation, new float[0], List.of(), EmbeddingMap.empty(),
                "Protocol: " + evaluation.verification().protocol() + ".");
    }

    /** This input with the training loss per iteration and the validation results. */
    public RunReportInput withTraining(float[] loss, List<ValidationEnd> validationPoints) {
        return new RunReportInput(name, config, provenance, evaluation, loss, validationPoints, embeddingMap, protocol);
    }

    /** This input with an embedding map. */
    public RunReportInput withEmbeddingMap(EmbeddingMap map) {
        return new RunReportInput(name, config, provenance, evaluation, lossHistory, validation, map, protocol);
    }

    /** This input with another protocol text. */
    public RunReportInput withProtocol(String text) {
        return new RunReportInput(name, config, provenance, evaluation, lossHistory, validation, embeddingMap, text);
    }

    @Override
    public float[] lossHistory() {
        return lossHistory.clone();
    }

    static Map<String, String> copy(Map<String, String> map, String what) {
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException(what + " must not hold null keys or values, got " + key + " = " + value);
            }
            copy.put(key, value);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }
}
