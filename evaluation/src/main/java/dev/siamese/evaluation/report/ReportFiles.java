package dev.siamese.evaluation.report;

import java.nio.file.Path;
import java.util.List;

/**
 * The files a {@link ReportWriter} wrote.
 *
 * @param directory the report directory
 * @param markdown  {@code report.md}
 * @param html      {@code report.html}, self-contained
 * @param figures   the PNG figures under {@code figures/}
 */
public record ReportFiles(Path directory, Path markdown, Path html, List<Path> figures) {

    /** Copies the figure list. */
    public ReportFiles {
        if (directory == null || markdown == null || html == null || figures == null) {
            throw new IllegalArgumentException("report file paths must not be null");
        }
        figures = List.copyOf(figures);
    }
}
