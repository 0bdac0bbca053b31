/**
 * Markdown and self-contained HTML reports of evaluation runs and of sweeps over a grid of configurations.
 *
 * <p>The caller fills a {@link dev.siamese.evaluation.report.RunReportInput} or a
 * {@link dev.siamese.evaluation.report.SweepReportInput}; {@link dev.siamese.evaluation.report.ReportWriter} writes
 * {@code report.md}, {@code report.html} (figures embedded as data URIs, inline CSS, no external resources) and
 * {@code figures/*.png} into a directory, each file atomically. {@link dev.siamese.evaluation.report.RunArtefacts}
 * writes the rest of a run's folder from the run's values: its curves as CSV and {@code metrics.json}.
 */
package dev.siamese.evaluation.report;
