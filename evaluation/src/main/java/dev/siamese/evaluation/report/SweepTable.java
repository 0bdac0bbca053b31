package dev.siamese.evaluation.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders sweep rows as the Markdown and CSV tables beside the HTML sweep report: the grid values, then recognition
 * rate, ROC AUC, EER, 1-NN accuracy, pairs/s, training seconds and iterations ("(not run)" or empty fields for a cell
 * that has not completed), then the paper's value in percent when the sweep has a paper column.
 */
public final class SweepTable {

    private SweepTable() {
    }

    private static final String[] HEADINGS = {"recognition rate", "ROC AUC", "EER", "1-NN accuracy", "pairs/s", "training s",
            "iterations"};

    public static String markdown(String title, String protocol, List<String> keys, List<SweepRow> rows, Optional<String> paperColumn) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        if (!protocol.isBlank()) {
            sb.append(protocol).append("\n\n");
        }
        sb.append('|');
        keys.forEach(k -> sb.append(' ').append(k).append(" |"));
        for (String m : HEADINGS) {
            sb.append(' ').append(m).append(" |");
        }
        paperColumn.ifPresent(c -> sb.append(' ').append(c).append(" |"));
        sb.append("\n|");
        int columns = keys.size() + HEADINGS.length + (paperColumn.isPresent() ? 1 : 0);
        sb.append("---|".repeat(columns)).append('\n');
        for (SweepRow row : rows) {
            sb.append('|');
            row.cell().values().forEach(v -> sb.append(' ').append(v).append(" |"));
            if (row.completed()) {
                sb.append(String.format(Locale.ROOT, " %.4f | %.4f | %.4f | %.4f | %,.0f | %.1f | %d |",
                        row.metric(SweepRow.RECOGNITION_RATE), row.metric(SweepRow.ROC_AUC), row.metric(SweepRow.EER),
                        row.metric(SweepRow.NEAREST_NEIGHBOUR_ACCURACY), row.metric(SweepRow.PAIRS_PER_SECOND),
                        row.metric(SweepRow.TRAINING_SECONDS), (long) row.metric(SweepRow.ITERATIONS)));
            } else {
                sb.append(" (not run) |".repeat(HEADINGS.length));
            }
            paperColumn.ifPresent(c -> sb.append(' ').append(paperPercent(row)).append(" |"));
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
            sb.append(String.join(",", row.cell().values().stream().map(SweepTable::csvField).toList()));
            if (row.completed()) {
                sb.append(String.format(Locale.ROOT, ",%.6f,%.6f,%.6f,%.6f,%.1f,%.2f,%d", row.metric(SweepRow.RECOGNITION_RATE),
                        row.metric(SweepRow.ROC_AUC), row.metric(SweepRow.EER), row.metric(SweepRow.NEAREST_NEIGHBOUR_ACCURACY),
                        row.metric(SweepRow.PAIRS_PER_SECOND), row.metric(SweepRow.TRAINING_SECONDS),
                        (long) row.metric(SweepRow.ITERATIONS)));
            } else {
                sb.append(",,,,,,,");
            }
            paperColumn.ifPresent(c -> sb.append(',').append(paperPercent(row)));
            sb.append(',').append(csvField(row.runDirectory())).append('\n');
        }
        return sb.toString();
    }

    private static String paperPercent(SweepRow row) {
        return row.hasPaperValue() ? String.format(Locale.ROOT, "%.2f", row.paper() * 100) : "";
    }

    /** One CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, quote or line break. */
    private static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
