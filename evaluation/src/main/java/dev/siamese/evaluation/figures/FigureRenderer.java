package dev.siamese.evaluation.figures;

import dev.siamese.api.training.ValidationEnd;
import dev.siamese.evaluation.verification.DistanceHistogram;
import dev.siamese.evaluation.verification.RocPoint;
import dev.siamese.evaluation.verification.ScoredPairs;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders evaluation results as PNG figures with XChart, headless. Every figure carries a footer line saying how
 * its numbers were obtained (the pair protocol), so a figure cut out of its report still says what it shows.
 *
 * <p>Renderers compute nothing beyond what drawing needs (a moving average, histogram bins); the numbers come from
 * the evaluation records. Instances are immutable and thread-safe.
 */
public final class FigureRenderer {
    static {
        // Before any AWT class initialises: no display is needed or wanted.
        System.setProperty("java.awt.headless", "true");
    }

    /** Default smoothing weight of the loss curve's exponential moving average. */
    public static final double DEFAULT_LOSS_SMOOTHING = 0.95;

    private static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font TEXT_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font FOOTER_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Color GRID = new Color(0xe3e3e3);

    private final int width;
    private final int height;

    /** Figures of 900 x 600 pixels. */
    public FigureRenderer() {
        this(900, 600);
    }

    /** Figures of {@code width x height} pixels, at least 300 x 240. */
    public FigureRenderer(int width, int height) {
        if (width < 300 || height < 240) {
            throw new IllegalArgumentException("figures need at least 300 x 240 pixels, got " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * The embedding map (the paper's Figure 3): one dot per picture, coloured by class, with a legend of class names.
     *
     * @param protocol footer text, e.g. where the pictures come from
     */
    public Figure embeddingMap(EmbeddingMap map, String protocol) {
        requireData(map != null && map.size() > 0, "the embedding map needs at least one point");
        String title = "Test pictures in embedding space (" + map.projection().split(":")[0].split(";")[0] + ")";
        XYChart chart = xyChart(title, map.projection().startsWith("PCA") ? "principal component 1" : "embedding dimension 1",
                map.projection().startsWith("PCA") ? "principal component 2" : "embedding dimension 2");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(map.size() > 3000 ? 3 : 5);
        double[] x = map.x();
        double[] y = map.y();
        int[] labels = map.labels();
        Map<Integer, List<Integer>> byClass = new java.util.TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], l -> new ArrayList<>()).add(i);
        }
        int colour = 0;
        for (Map.Entry<Integer, List<Integer>> entry : byClass.entrySet()) {
            List<Integer> members = entry.getValue();
            double[] cx = new double[members.size()];
            double[] cy = new double[members.size()];
            for (int i = 0; i < cx.length; i++) {
                cx[i] = x[members.get(i)];
                cy[i] = y[members.get(i)];
            }
            XYSeries series = chart.addSeries(uniqueName(chart, map.className(entry.getKey())), cx, cy);
            Color c = PALETTE[colour % PALETTE.length];
            series.setMarker(colour < PALETTE.length ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
            series.setMarkerColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 170));
            colour++;
        }
        String caption = String.format(Locale.ROOT, "%,d test pictures in %s, coloured by class. %s", map.size(), map.projection(), protocol);
        return finish("embedding-map", title, caption, chart, protocol);
    }

    /** The training loss per iteration (the paper's Figure 4) with its smoothed line ({@link #DEFAULT_LOSS_SMOOTHING}). */
    public Figure lossCurve(float[] loss, String protocol) {
        return lossCurve(loss, DEFAULT_LOSS_SMOOTHING, protocol);
    }

    /**
     * The training loss per iteration with an exponential moving average of weight {@code smoothing}, debiased as
     * TensorBoard does ({@code ema_t / (1 - smoothing^t)}), so the first iterations are not pulled towards 0.
     */
    public Figure lossCurve(float[] loss, double smoothing, String protocol) {
        requireData(loss != null && loss.length > 0, "the loss curve needs at least one value");
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("smoothing must be in [0, 1), got " + smoothing);
        }
        double[] iterations = new double[loss.length];
        double[] raw = new double[loss.length];
        double[] smooth = new double[loss.length];
        double ema = 0;
        double weight = 1;
        for (int i = 0; i < loss.length; i++) {
            iterations[i] = i + 1;
            raw[i] = loss[i];
            ema = smoothing * ema + (1 - smoothing) * loss[i];
            weight *= smoothing;
            smooth[i] = weight < 1 ? ema / (1 - weight) : loss[i];
        }
        String title = "Training loss";
        XYChart chart = xyChart(title, "iteration", "contrastive loss (mini-batch mean)");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(niceCeiling(loss.length));
        chart.getStyler().setYAxisDecimalPattern("0.0##");
        XYSeries rawSeries = chart.addSeries("loss per iteration", iterations, raw);
        rawSeries.setMarker(SeriesMarkers.NONE);
        rawSeries.setLineColor(new Color(0x9ecae1));
        rawSeries.setLineWidth(1f);
        String smoothName = String.format(Locale.ROOT, "exponential moving average (weight %.2f)", smoothing);
        XYSeries smoothSeries = chart.addSeries(smoothName, iterations, smooth);
        smoothSeries.setMarker(SeriesMarkers.NONE);
        smoothSeries.setLineColor(new Color(0x08519c));
        smoothSeries.setLineWidth(2.5f);
        String caption = String.format(Locale.ROOT, "Mini-batch contrastive loss over %,d iterations; the dark line is its "
                + "exponential moving average with weight %.2f, debiased. %s", loss.length, smoothing, protocol);
        return finish("loss", title, caption, chart, protocol);
    }

    /** Validation recognition rate over iterations (the paper's Figures 5 and 6). */
    public Figure validationCurve(List<ValidationEnd> points, String protocol) {
        requireData(points != null && !points.isEmpty(), "the validation curve needs at least one point");
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i).iteration();
            y[i] = points.get(i).accuracy();
        }
        String title = "Validation recognition rate";
        XYChart chart = xyChart(title, "iteration", "pair accuracy");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        XYSeries series = chart.addSeries("validation pairs", x, y);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setLineColor(PALETTE[2]);
        series.setMarkerColor(PALETTE[2]);
        series.setLineWidth(2f);
        String caption = String.format(Locale.ROOT, "Pair accuracy on the validation pairs at %d points during training "
                + "(last: %.4f at iteration %,d). %s", x.length, y[y.length - 1], (long) x[x.length - 1], protocol);
        return finish("validation", title, caption, chart, protocol);
    }

    /** The ROC curve of the test pairs, with its AUC in the legend and the chance diagonal. */
    public Figure roc(List<RocPoint> points, double auc, String protocol) {
        requireData(points != null && !points.isEmpty(), "the ROC curve needs at least one point");
        double[] far = new double[points.size()];
        double[] tar = new double[points.size()];
        for (int i = 0; i < far.length; i++) {
            far[i] = points.get(i).falseAcceptRate();
            tar[i] = points.get(i).trueAcceptRate();
        }
        String title = "ROC curve of the test pairs";
        XYChart chart = xyChart(title, "false accept rate", "true accept rate");
        AxesChartStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        styler.setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        styler.setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        styler.setPlotContentSize(0.96);
        XYSeries curve = chart.addSeries(String.format(Locale.ROOT, "ROC (AUC %.4f)", auc), far, tar);
        curve.setMarker(SeriesMarkers.NONE);
        curve.setLineColor(PALETTE[0]);
        curve.setLineWidth(2.5f);
        XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
        chance.setMarker(SeriesMarkers.NONE);
        chance.setLineColor(Color.GRAY);
        chance.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0));
        String caption = String.format(Locale.ROOT, "True against false accept rate of the rule \"similar iff distance < t\" "
                + "over all thresholds t, on the test pairs; AUC %.4f. %s", auc, protocol);
        return finish("roc", title, caption, chart, protocol);
    }

    /** Histograms of the distances of similar and of dissimilar test pairs (50 bins), with the threshold marked. */
    public Figure distanceHistogram(ScoredPairs pairs, double threshold, String protocol) {
        requireData(pairs != null && pairs.size() > 0, "the distance histogram needs at least one pair");
        DistanceHistogram histogram = pairs.histogram(50);
        long[] sim = histogram.similarCounts();
        long[] dis = histogram.dissimilarCounts();
        long simTotal = 0;
        long disTotal = 0;
        for (int i = 0; i < sim.length; i++) {
            simTotal += sim[i];
            disTotal += dis[i];
        }
        int bins = histogram.bins();
        double w = histogram.binWidth();
        // Step outlines: each bin contributes its two edges at its height.
        double[] x = new double[2 * bins];
        double[] ySim = new double[2 * bins];
        double[] yDis = new double[2 * bins];
        double max = 0;
        for (int b = 0; b < bins; b++) {
            x[2 * b] = histogram.lower() + b * w;
            x[2 * b + 1] = histogram.lower() + (b + 1) * w;
            ySim[2 * b] = ySim[2 * b + 1] = simTotal == 0 ? 0 : (double) sim[b] / simTotal;
            yDis[2 * b] = yDis[2 * b + 1] = disTotal == 0 ? 0 : (double) dis[b] / disTotal;
            max = Math.max(max, Math.max(ySim[2 * b], yDis[2 * b]));
        }
        String title = "Distances of test pairs";
        XYChart chart = xyChart(title, "Euclidean distance of the pair's embeddings", "share of the pairs of its kind per bin");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        addArea(chart, String.format(Locale.ROOT, "similar pairs (%,d)", simTotal), x, ySim, PALETTE[0]);
        addArea(chart, String.format(Locale.ROOT, "dissimilar pairs (%,d)", disTotal), x, yDis, PALETTE[1]);
        XYSeries line = chart.addSeries(String.format(Locale.ROOT, "threshold %.4f", threshold),
                new double[] {threshold, threshold}, new double[] {0, max * 1.05});
        line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(Color.BLACK);
        line.setLineWidth(2f);
        String caption = String.format(Locale.ROOT, "Distance histograms (50 bins, each normalised to its kind) of %,d similar "
                + "and %,d dissimilar test pairs; the vertical line is the threshold %.4f calibrated on training pairs. %s",
                simTotal, disTotal, threshold, protocol);
        return finish("distances", title, caption, chart, protocol);
    }

    /**
     * A heat map of one value over a grid, e.g. the recognition rate over conv layers x kernels (the paper's Table 1).
     * Cells whose value is NaN stay empty.
     *
     * @param values {@code values[row][column]}
     */
    public Figure heatMap(String title, String rowName, List<String> rows, String columnName, List<String> columns,
                          double[][] values, String valueName, String protocol) {
        requireData(rows != null && columns != null && !rows.isEmpty() && !columns.isEmpty(), "the heat map needs rows and columns");
        if (values == null || values.length != rows.size()) {
            throw new IllegalArgumentException("need one row of values per row label (" + rows.size() + ")");
        }
        // XChart draws the first y category at the bottom; reverse so the first row is on top, as in a table.
        List<String> yLabels = new ArrayList<>(rows);
        java.util.Collections.reverse(yLabels);
        List<Number[]> cells = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < rows.size(); r++) {
            if (values[r].length != columns.size()) {
                throw new IllegalArgumentException("row " + r + " has " + values[r].length + " values for " + columns.size() + " columns");
            }
            for (int c = 0; c < columns.size(); c++) {
                double v = values[r][c];
                if (Double.isFinite(v)) {
                    cells.add(new Number[] {c, rows.size() - 1 - r, v});
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        requireData(!cells.isEmpty(), "the heat map needs at least one finite value");
        String pattern = Math.max(Math.abs(min), Math.abs(max)) >= 10 ? "0.00" : "0.0000";
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(columnName).yAxisTitle(rowName).build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setChartTitleFont(TITLE_FONT);
        styler.setAxisTitleFont(TEXT_FONT);
        styler.setAxisTickLabelsFont(TICK_FONT);
        styler.setLegendFont(TICK_FONT);
        styler.setChartTitleBoxVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setShowValue(true);
        styler.setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        styler.setValueFontColor(Color.BLACK);
        styler.setHeatMapValueDecimalPattern(pattern);
        java.text.DecimalFormat format = new java.text.DecimalFormat(pattern, java.text.DecimalFormatSymbols.getInstance(Locale.ROOT));
        styler.setHeatMapDecimalValueFormatter(format::format);
        styler.setDrawBorder(true);
        // The lightest value is still tinted, so that an empty (not run) cell on the grey plot stands apart.
        styler.setPlotBackgroundColor(new Color(0xeeeeee));
        styler.setRangeColors(new Color[] {new Color(0xe3eef9), new Color(0x9ecae1), new Color(0x4a98c9)});
        if (max > min) {
            // The legend prints the range ends as they are; round them outwards to the shown precision.
            double unit = pattern.equals("0.00") ? 100 : 10_000;
            styler.setMin(Math.floor(min * unit) / unit);
            styler.setMax(Math.ceil(max * unit) / unit);
        } else {
            styler.setMin(min - 0.5);
            styler.setMax(max + 0.5);
        }
        chart.addSeries(valueName, new ArrayList<>(columns), yLabels, cells);
        String caption = String.format(Locale.ROOT, "%s by %s (rows) and %s (columns); empty cells were not run. %s",
                valueName, rowName, columnName, protocol);
        return finish("heatmap", title, caption, chart, protocol);
    }

    private XYChart xyChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(0xb0b0b0));
        styler.setPlotGridLinesColor(GRID);
        styler.setChartTitleFont(TITLE_FONT);
        styler.setChartTitleBoxVisible(false);
        styler.setAxisTitleFont(TEXT_FONT);
        styler.setAxisTickLabelsFont(TICK_FONT);
        styler.setLegendFont(TICK_FONT);
        styler.setLegendBorderColor(new Color(0xd0d0d0));
        styler.setSeriesColors(PALETTE);
        styler.setAntiAlias(true);
        return chart;
    }

    private static void addArea(XYChart chart, String name, double[] x, double[] y, Color colour) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Area);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(colour);
        series.setLineWidth(1.5f);
        series.setFillColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 70));
    }

    /**
     * The next multiple strictly above {@code value} of a round step (1, 2 or 5 times a power of ten, about a sixth of
     * it). Strictly above, because XChart 3.8.8 draws odd ticks (0, 151, 302, ...) when the axis ends exactly at the
     * last data point.
     */
    static double niceCeiling(double value) {
        double target = Math.max(value, 1) / 6;
        double power = Math.pow(10, Math.floor(Math.log10(target)));
        double step = 10 * power;
        for (double m : new double[] {1, 2, 5}) {
            if (m * power >= target) {
                step = m * power;
                break;
            }
        }
        return Math.floor(value / step) * step + step;
    }

    private static String uniqueName(XYChart chart, String name) {
        String candidate = name;
        int n = 2;
        while (chart.getSeriesMap().containsKey(candidate)) {
            candidate = name + " (" + n++ + ")";
        }
        return candidate;
    }

    private static void requireData(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Renders the chart above a footer carrying {@code footer} (word-wrapped), into an image of exactly
     * {@code width x height} pixels, and encodes it as PNG.
     */
    private <C extends Chart<?, ?>> Figure finish(String name, String title, String caption, C chart, String footer) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D measure = scratch.createGraphics();
        FontMetrics metrics = measure.getFontMetrics(FOOTER_FONT);
        List<String> lines = wrap(footer == null ? "" : footer, metrics, width - 24);
        measure.dispose();
        int lineHeight = metrics.getHeight();
        int footerHeight = lines.isEmpty() ? 0 : lines.size() * lineHeight + 12;
        BufferedImage plot = renderChart(chart, height - footerHeight);

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.drawImage(plot, 0, 0, null);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0x555555));
        g.setFont(FOOTER_FONT);
        int y = height - footerHeight + 4 + metrics.getAscent();
        for (String line : lines) {
            g.drawString(line, 12, y);
            y += lineHeight;
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode figure " + name + " as PNG", e);
        }
        return new Figure(name, title, caption, out.toByteArray(), width, height);
    }

    private BufferedImage renderChart(Chart<?, ?> chart, int plotHeight) {
        BufferedImage image = new BufferedImage(width, plotHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        chart.paint(g, width, plotHeight);
        g.dispose();
        return image;
    }

    private static List<String> wrap(String text, FontMetrics metrics, int maxWidth) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (metrics.stringWidth(candidate) <= maxWidth || line.length() == 0) {
                line.setLength(0);
                line.append(candidate);
            } else {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
