package dev.siamese.evaluation.report;

import dev.siamese.api.internal.AtomicFiles;
import dev.siamese.config.SweepSettings;
import dev.siamese.evaluation.EvaluationReport;
import dev.siamese.evaluation.SilhouetteScore;
import dev.siamese.evaluation.figures.Figure;
import dev.siamese.evaluation.figures.FigureRenderer;
import dev.siamese.evaluation.report.Document.Cell;
import dev.siamese.evaluation.retrieval.RetrievalMetrics;
import dev.siamese.evaluation.verification.VerificationReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the report of a run or of a sweep into a directory: {@code report.md}, a self-contained
 * {@code report.html} (figures embedded as base64 data URIs, inline CSS, nothing loaded from elsewhere) and the
 * figures as {@code figures/<name>.png}. Each file is written to a temporary file beside it and renamed into place,
 * so a reader never sees half a report. Text from the inputs is escaped for HTML and Markdown.
 */
public final class ReportWriter {
    /** File name of the Markdown report. */
    public static final String MARKDOWN = "report.md";
    /** File name of the HTML report. */
    public static final String HTML = "report.html";
    /** Folder of the PNG figures, inside the report directory. */
    public static final String FIGURES = "figures";

    private final FigureRenderer renderer;

    /** A writer with 900 x 600 figures. */
    public ReportWriter() {
        this(new FigureRenderer());
    }

    public ReportWriter(FigureRenderer renderer) {
        if (renderer == null) {
            throw new IllegalArgumentException("renderer must not be null");
        }
        this.renderer = renderer;
    }

    /**
     * The figures of a run, in report order: embedding map, loss curve and validation curve (each only when the
     * input has its data), ROC curve and distance histograms.
     */
    public List<Figure> runFigures(RunReportInput input) {
        List<Figure> figures = new ArrayList<>();
        String protocol = input.protocol();
        VerificationReport verification = input.evaluation().verification();
        if (input.embeddingMap().size() > 0) {
            figures.add(renderer.embeddingMap(input.embeddingMap(), protocol));
        }
        if (input.lossHistory().length > 0) {
            figures.add(renderer.lossCurve(input.lossHistory(), protocol));
        }
        if (!input.validation().isEmpty()) {
            figures.add(renderer.validationCurve(input.validation(), protocol));
        }
        figures.add(renderer.roc(verification.testRoc(), verification.rocAuc(), protocol));
        figures.add(renderer.distanceHistogram(input.evaluation().testPairs(), verification.threshold(), protocol));
        return figures;
    }

    /** Writes the report of one run into {@code directory} (created if needed). */
    public ReportFiles writeRun(RunReportInput input, Path directory) {
        if (input == null || directory == null) {
            throw new IllegalArgumentException("input and directory must not be null");
        }
        EvaluationReport evaluation = input.evaluation();
        Document doc = new Document(input.name());
        doc.paragraph(input.protocol());
        doc.heading("Metrics");
        doc.table(List.of("metric", "value", "definition"), metricRows(evaluation), List.of(false, true, false));
        if (!input.config().isEmpty()) {
            doc.heading("Configuration");
            doc.table(List.of("setting", "value"), keyValues(input.config()), List.of(false, false));
        }
        List<Figure> figures = runFigures(input);
        doc.heading("Figures");
        for (Figure figure : figures) {
            doc.figure(figure, FIGURES + "/" + figure.fileName());
        }
        if (!input.provenance().isEmpty()) {
            doc.heading("Provenance");
            doc.table(List.of("item", "value"), keyValues(input.provenance()), List.of(false, false));
        }
        return write(directory, doc, figures);
    }

    /**
     * Writes a sweep's {@code table.md} and {@code table.csv} into {@code directory} (each atomically), and, once a
     * cell of a sweep over two or more keys completed, its report; {@code rows} holds one row per cell.
     */
    public void writeSweepTables(SweepSettings sweep, Path directory, List<String> keys, List<SweepRow> rows) {
        String protocol = "Sweep `" + sweep.name() + "` from " + sweep.source() + " (base experiment `" + sweep.base()
                + "`). Recognition rate: balanced test pairs at a threshold calibrated on training pairs; see each cell's metrics.json.";
        writeText(directory.resolve("table.md"), SweepTable.markdown(sweep.name(), protocol, keys, rows, sweep.paperColumn()));
        writeText(directory.resolve("table.csv"), SweepTable.csv(keys, rows, sweep.paperColumn()));
        List<SweepRow> done = rows.stream().filter(SweepRow::completed).toList();
        if (keys.size() >= 2 && !done.isEmpty()) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("sweep", sweep.name());
            config.put("source", sweep.source());
            config.put("base experiment", sweep.base());
            sweep.axes().forEach(a -> config.put(a.key(), String.join(", ", a.values())));
            writeSweep(new SweepReportInput(
                    sweep.name(), keys, done, keys.get(0), keys.get(1), SweepRow.RECOGNITION_RATE,
                    sweep.paperColumn().orElse("paper"), config, Map.of(), protocol), directory);
        }
    }

    static void writeText(Path target, String content) {
        try {
            AtomicFiles.writeString(target, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Writes the report of a sweep into {@code directory} (created if needed). */
    public ReportFiles writeSweep(SweepReportInput input, Path directory) {
        if (input == null || directory == null) {
            throw new IllegalArgumentException("input and directory must not be null");
        }
        Document doc = new Document(input.name());
        doc.paragraph(input.protocol());

        Set<String> metricNames = new LinkedHashSet<>();
        boolean paper = false;
        for (SweepRow row : input.rows()) {
            metricNames.addAll(row.metrics().keySet());
            paper |= row.hasPaperValue();
        }
        List<String> headers = new ArrayList<>(input.gridKeys());
        List<Boolean> numeric = new ArrayList<>();
        input.gridKeys().forEach(key -> numeric.add(false));
        headers.addAll(metricNames);
        metricNames.forEach(name -> numeric.add(true));
        if (paper) {
            headers.add(input.paperLabel());
            numeric.add(true);
        }
        headers.add("run");
        numeric.add(false);
        int paperDecimals = decimals(input.rows());
        List<List<Cell>> rows = new ArrayList<>();
        for (SweepRow row : input.rows()) {
            List<Cell> cells = new ArrayList<>();
            input.gridKeys().forEach(key -> cells.add(Cell.of(row.cell().get(key))));
            metricNames.forEach(name -> cells.add(Cell.of(row.metrics().containsKey(name) ? number(row.metrics().get(name)) : "")));
            if (paper) {
                cells.add(Cell.of(row.hasPaperValue() ? String.format(Locale.ROOT, "%." + paperDecimals + "f", row.paper()) : ""));
            }
            cells.add(row.runDirectory().isEmpty() ? Cell.of("") : new Cell(row.runDirectory(), row.runDirectory() + "/" + HTML));
            rows.add(cells);
        }
        doc.heading("Grid");
        doc.table(headers, rows, numeric);

        List<Figure> figures = new ArrayList<>();
        Grid measured = grid(input, row -> row.metrics().getOrDefault(input.heatMetric(), Double.NaN));
        if (measured.hasValue()) {
            figures.add(renderer.heatMap(input.heatMetric() + " over the grid", input.heatRowKey(), measured.rows, input.heatColumnKey(),
                    measured.columns, measured.values, input.heatMetric(), input.protocol()));
        }
        if (paper) {
            Grid reported = grid(input, SweepRow::paper);
            figures.add(renderer.heatMap("The paper's values over the grid", input.heatRowKey(), reported.rows, input.heatColumnKey(),
                    reported.columns, reported.values, input.paperLabel(), "Values as the paper reports them.").withName("heatmap-paper"));
        }
        if (!figures.isEmpty()) {
            doc.heading("Figures");
            figures.forEach(f -> doc.figure(f, FIGURES + "/" + f.fileName()));
        }
        if (!input.config().isEmpty()) {
            doc.heading("Configuration shared by every cell");
            doc.table(List.of("setting", "value"), keyValues(input.config()), List.of(false, false));
        }
        if (!input.provenance().isEmpty()) {
            doc.heading("Provenance");
            doc.table(List.of("item", "value"), keyValues(input.provenance()), List.of(false, false));
        }
        return write(directory, doc, figures);
    }

    /** The mean value per (row key, column key) cell; NaN where no row has a value. */
    private record Grid(List<String> rows, List<String> columns, double[][] values) {
        boolean hasValue() {
            for (double[] row : values) {
                for (double v : row) {
                    if (!Double.isNaN(v)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static Grid grid(SweepReportInput input, java.util.function.ToDoubleFunction<SweepRow> value) {
        List<String> rowLabels = new ArrayList<>(new LinkedHashSet<>(input.rows().stream().map(r -> r.cell().get(input.heatRowKey())).toList()));
        List<String> columnLabels = new ArrayList<>(new LinkedHashSet<>(input.rows().stream().map(r -> r.cell().get(input.heatColumnKey())).toList()));
        double[][] sums = new double[rowLabels.size()][columnLabels.size()];
        int[][] counts = new int[rowLabels.size()][columnLabels.size()];
        for (SweepRow row : input.rows()) {
            double v = value.applyAsDouble(row);
            if (Double.isFinite(v)) {
                int r = rowLabels.indexOf(row.cell().get(input.heatRowKey()));
                int c = columnLabels.indexOf(row.cell().get(input.heatColumnKey()));
                sums[r][c] += v;
                counts[r][c]++;
            }
        }
        for (int r = 0; r < sums.length; r++) {
            for (int c = 0; c < sums[r].length; c++) {
                sums[r][c] = counts[r][c] == 0 ? Double.NaN : sums[r][c] / counts[r][c];
            }
        }
        return new Grid(rowLabels, columnLabels, sums);
    }

    private static List<List<Cell>> metricRows(EvaluationReport evaluation) {
        VerificationReport v = evaluation.verification();
        List<List<Cell>> rows = new ArrayList<>();
        row(rows, "recognition rate", number(v.recognitionRate()) + String.format(Locale.ROOT, " (95%% CI %.4f to %.4f)",
                v.recognitionRateCi95().low(), v.recognitionRateCi95().high()),
                String.format(Locale.ROOT, "accuracy of \"similar iff distance < threshold\" on %,d balanced test pairs (%,d correct)",
                        v.testPairs(), v.testPairsCorrect()));
        row(rows, "threshold", number(v.threshold()),
                String.format(Locale.ROOT, "distance threshold calibrated on %,d balanced training pairs", v.calibrationPairs()));
        row(rows, "training-pair accuracy", number(v.trainPairAccuracy()), "accuracy of that threshold on the calibration pairs");
        row(rows, "ROC AUC", number(v.rocAuc()), "area under the ROC curve of the test pairs (ties count 1/2)");
        row(rows, "EER", number(v.eer()), "equal error rate on the test pairs");
        row(rows, "TAR at FAR 1e-2", number(v.tarAtFar1e2()), "true accept rate at a false accept rate of at most 1%");
        row(rows, "TAR at FAR 1e-3", number(v.tarAtFar1e3()), "true accept rate at a false accept rate of at most 0.1%");
        row(rows, v.k() + "-NN accuracy", number(v.nearestNeighbourAccuracy()),
                String.format(Locale.ROOT, "%d-nearest-neighbour classification of %,d test pictures against %,d training pictures",
                        v.k(), v.testPictures(), v.trainPictures()));
        retrievalRows(rows, "test vs training", evaluation.testVsTrain());
        retrievalRows(rows, "test leave-one-out", evaluation.testLeaveOneOut());
        SilhouetteScore s = evaluation.silhouette();
        row(rows, "silhouette", number(s.score()), s.sampled()
                ? String.format(Locale.ROOT, "mean silhouette of the test embeddings by class, on a random sample of %,d of %,d pictures (seed %d)",
                s.points(), s.population(), s.seed())
                : String.format(Locale.ROOT, "mean silhouette of all %,d test embeddings by class (exact)", s.points()));
        return rows;
    }

    private static void retrievalRows(List<List<Cell>> rows, String mode, RetrievalMetrics r) {
        String scope = String.format(Locale.ROOT, "%s: %,d queries (%,d scored) against %,d items", r.mode(), r.queries(),
                r.scoredQueries(), r.galleryItems());
        row(rows, "precision@1 = recall@1 (" + mode + ")", number(r.precisionAt1()), "share of queries whose nearest item has their class; " + scope);
        row(rows, "recall@5 (" + mode + ")", number(r.recallAt5()), "share of queries with an item of their class among the 5 nearest");
        row(rows, "recall@10 (" + mode + ")", number(r.recallAt10()), "share of queries with an item of their class among the 10 nearest");
        row(rows, "MAP@R (" + mode + ")", number(r.mapAtR()), String.format(Locale.ROOT,
                "mean average precision at R (R = items of the query's class, capped at %,d)", r.maxR()));
    }

    private static void row(List<List<Cell>> rows, String name, String value, String definition) {
        rows.add(List.of(Cell.of(name), Cell.of(value), Cell.of(definition)));
    }

    private static List<List<Cell>> keyValues(Map<String, String> map) {
        List<List<Cell>> rows = new ArrayList<>();
        map.forEach((key, value) -> rows.add(List.of(Cell.of(key), Cell.of(value))));
        return rows;
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** The fewest decimals (at most 4) that show every paper value exactly, so 99 and 98.32 print as 99.00 and 98.32. */
    private static int decimals(List<SweepRow> rows) {
        int decimals = 0;
        for (SweepRow row : rows) {
            if (row.hasPaperValue()) {
                while (decimals < 4) {
                    double scaled = row.paper() * Math.pow(10, decimals);
                    if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 * Math.max(1, Math.abs(scaled))) {
                        break;
                    }
                    decimals++;
                }
            }
        }
        return decimals;
    }

    private static ReportFiles write(Path directory, Document doc, List<Figure> figures) {
        try {
            Path figureDirectory = directory.resolve(FIGURES);
            Files.createDirectories(figureDirectory);
            Map<String, Path> written = new LinkedHashMap<>();
            for (Figure figure : figures) {
                Path target = figureDirectory.resolve(figure.fileName());
                AtomicFiles.write(target, figure.png());
                written.put(figure.name(), target);
            }
            Path markdown = directory.resolve(MARKDOWN);
            Path html = directory.resolve(HTML);
            AtomicFiles.writeString(markdown, doc.markdown());
            AtomicFiles.writeString(html, doc.html());
            return new ReportFiles(directory, markdown, html, List.copyOf(written.values()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report into " + directory.toAbsolutePath()
                    + " (is it writable, and is there space left?)", e);
        }
    }
}
