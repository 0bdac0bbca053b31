package dev.siamese.evaluation.report;

import dev.siamese.evaluation.EvaluationReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ReportWriterTest {
    private static EvaluationReport evaluation;

    @TempDir
    Path directory;

    @BeforeAll
    static void evaluate() {
        evaluation = ReportFixtures.evaluation();
    }

    @Test
    void runReportWritesMarkdownHtmlAndEveryFigure() throws IOException {
        ReportFiles files = new ReportWriter().writeRun(ReportFixtures.run(evaluation), directory);

        assertThat(files.markdown()).exists().isEqualTo(directory.resolve("report.md"));
        assertThat(files.html()).exists();
        assertThat(files.figures()).extracting(p -> p.getFileName().toString())
                .containsExactly("embedding-map.png", "loss.png", "validation.png", "roc.png", "distances.png");
        for (Path figure : files.figures()) {
            assertThat(figure.getParent()).isEqualTo(directory.resolve("figures"));
            assertThat(ImageIO.read(figure.toFile())).isNotNull();
        }
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws IOException {
        new ReportWriter().writeRun(ReportFixtures.run(evaluation), directory);
        new ReportWriter().writeRun(ReportFixtures.run(evaluation), directory);

        try (Stream<Path> all = Files.walk(directory)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void htmlIsSelfContainedWithFiguresAsDataUris() throws IOException {
        String html = Files.readString(new ReportWriter().writeRun(ReportFixtures.run(evaluation), directory).html());

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("data:image/png;base64,");
        assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=\"http")
                .doesNotContain("href=\"http").doesNotContain("url(");
        assertThat(html.split("<img ", -1)).hasSize(6);
    }

    @Test
    void htmlEscapesEveryTextFromTheInput() throws IOException {
        String html = Files.readString(new ReportWriter().writeRun(ReportFixtures.run(evaluation), directory).html());

        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot; | pipe");
        assertThat(html).contains("<title>Paper MLP &lt;2-D&gt; &amp; margin 0.3</title>");
    }

    @Test
    void markdownHasTheMetricsTableFigureLinksAndEscapedText() throws IOException {
        String md = Files.readString(new ReportWriter().writeRun(ReportFixtures.run(evaluation), directory).markdown());

        assertThat(md).startsWith("# Paper MLP \\<2-D\\> &amp; margin 0.3");
        assertThat(md).contains("| metric | value | definition |").contains("| recognition rate | "
                + String.format(java.util.Locale.ROOT, "%.4f", evaluation.verification().recognitionRate()));
        assertThat(md).contains("MAP@R (test vs training)").contains("silhouette");
        assertThat(md).contains("](figures/roc.png)").contains("](figures/embedding-map.png)");
        assertThat(md).contains("\\<script\\>alert").contains("\\| pipe");
    }

    @Test
    void runWithoutTrainingCurvesOrMapLeavesThoseFiguresOut() {
        RunReportInput bare = RunReportInput.of("bare", java.util.Map.of(), java.util.Map.of(), evaluation);

        List<Path> figures = new ReportWriter().writeRun(bare, directory).figures();

        assertThat(figures).extracting(p -> p.getFileName().toString()).containsExactly("roc.png", "distances.png");
    }

    @Test
    void sweepReportHasTheGridTablePaperColumnLinksAndHeatMaps() throws IOException {
        ReportFiles files = new ReportWriter().writeSweep(ReportFixtures.sweep(evaluation), directory);

        String md = Files.readString(files.markdown());
        String html = Files.readString(files.html());
        assertThat(files.figures()).extracting(p -> p.getFileName().toString()).containsExactly("heatmap.png", "heatmap-paper.png");
        assertThat(md).contains("| conv-layers | kernels | pooling-layers | recognitionRate |")
                .contains("paper recognition rate (%) | run |").contains("[conv2-k16](conv2-k16/report.html)").contains("| 99.72 |");
        assertThat(html).contains("<a href=\"conv3-k32/report.html\">conv3-k32</a>");
    }

    @Test
    void linksToRunDirectoriesArePercentEncoded() throws IOException {
        SweepReportInput sweep = ReportFixtures.sweep(evaluation);
        SweepRow row = sweep.rows().get(0);
        SweepReportInput odd = new SweepReportInput(sweep.name(), sweep.gridKeys(),
                List.of(new SweepRow(row.cell(), row.metrics(), row.paper(), "cell one\"<x>")), sweep.heatRowKey(),
                sweep.heatColumnKey(), sweep.heatMetric(), sweep.paperLabel(), sweep.config(), sweep.provenance(), sweep.protocol());

        String html = Files.readString(new ReportWriter().writeSweep(odd, directory).html());

        assertThat(html).contains("<a href=\"cell%20one%22%3Cx%3E/report.html\">cell one&quot;&lt;x&gt;</a>");
    }
}
