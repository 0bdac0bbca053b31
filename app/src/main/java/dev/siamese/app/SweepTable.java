package dev.siamese.app;

import dev.siamese.search.Csv;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Renders sweep rows as Markdown and CSV tables. */
public final class SweepTable {

    private SweepTable() {
    }

    private static final String[] METRICS = {"recognition rate", "ROC AUC", "EER", "1-NN accuracy", "pairs/s", "training s",
            "iterations"};

    public static String markdown(String title, String protocol, List<String> keys, List<SweepRow> rows, Optional<String> paperColumn) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        if (!protocol.isBlank()) {
            sb.append(protocol).append("\n\n");
        }
        sb.append('|');
        keys.forEach(k -> sb.append(' ').append(k).append(" |"));
        for (String m : METRICS) {
            sb.append(' ').append(m).append(" |");
        }
        paperColumn.ifPresent(c -> sb.append(' ').append(c).append(" |"));
        sb.append("\n|");
        int columns = keys.size() + METRICS.length + (paperColumn.isPresent() ? 1 : 0);
        sb.append("---|".repeat(columns)).append('\n');
        for (SweepRow row : rows) {
            sb.append('|');
            row.cell().values().forEach(v -> sb.append(' ').append(v).append(" |"));
            if (row.metrics().isPresent()) {
                SweepRow.Metrics m = row.metrics().get();
                sb.append(String.format(Locale.ROOT, " %.4f | %.4f | %.4f | %.4f | %,.0f | %.1f | %d |", m.recognitionRate(),
                        m.rocAuc(), m.eer(), m.nearestNeighbourAccuracy(), m.pairsPerSecond(), m.trainingSeconds(), m.iterations()));
            } else {
                sb.append(" (not run) |".repeat(METRICS.length));
            }
            paperColumn.ifPresent(c -> sb.append(' ').append(row.paper().map(p -> String.format(Locale.ROOT, "%.2f", p)).orElse(""))
                    .append(" |"));
            sb.append('\n');
        }
        return sb.toString();
    }

    public static String csv(List<String> keys, List<SweepRow> rows, Optional<String> paperColumn) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", keys)).append(",recognition_rate,roc_auc,eer,nn_accuracy,pairs_per_second,training_seconds,iterations");
        paperColumn.ifPresent(c -> sb.append(",paper"));
        sb.append(",run_directory\n");
        for (SweepRow row : rows) {
            sb.append(String.join(",", row.cell().values().stream().map(Csv::field).toList()));
            if (row.metrics().isPresent()) {
                SweepRow.Metrics m = row.metrics().get();
                sb.append(String.format(Locale.ROOT, ",%.6f,%.6f,%.6f,%.6f,%.1f,%.2f,%d", m.recognitionRate(), m.rocAuc(), m.eer(),
                        m.nearestNeighbourAccuracy(), m.pairsPerSecond(), m.trainingSeconds(), m.iterations()));
            } else {
                sb.append(",,,,,,,");
            }
            paperColumn.ifPresent(c -> sb.append(',').append(row.paper().map(p -> String.format(Locale.ROOT, "%.2f", p)).orElse("")));
            sb.append(',').append(Csv.field(row.runDirectory())).append('\n');
        }
        return sb.toString();
    }

}
