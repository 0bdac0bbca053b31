package dev.siamese.app;

import dev.siamese.api.SiameseException;
import dev.siamese.config.ExperimentSettings;
import dev.siamese.config.Settings;
import dev.siamese.config.SweepSettings;
import dev.siamese.evaluation.report.ReportWriter;
import dev.siamese.evaluation.report.SweepRow;
import dev.siamese.evaluation.report.SweepTable;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs every cell of a sweep in its own run directory under {@code <output-dir>/<sweep name>/}, skipping cells that
 * completed before (so an interrupted sweep resumes), and keeps {@code table.md} and {@code table.csv} up to date after
 * each cell. Every cell's settings are validated before the first cell runs.
 */
public final class SweepRunner {
    /** What a sweep produced: its folder and one row per cell. */
    public record SweepOutcome(Path directory, List<SweepRow> rows, int ran, int skipped) {
        public SweepOutcome {
            rows = List.copyOf(rows);
        }
    }

    /** Runs {@code sweep} with {@code extra} overrides applied to every cell. */
    public SweepOutcome run(SweepSettings sweep, List<String> extra, RunOptions options) {
        List<SweepSettings.Cell> cells = sweep.cells();
        List<Settings> settings = new ArrayList<>();
        for (SweepSettings.Cell cell : cells) {
            Settings s;
            try {
                s = sweep.cellSettings(cell, extra);
                Experiments.injector(s);
            } catch (SiameseException e) {
                throw new SiameseException("sweep " + sweep.name() + ", cell " + cell.directoryName() + ": " + e.getMessage(), e);
            }
            settings.add(s);
        }
        Path directory = ExperimentSettings.from(settings.get(0)).outputDirectory().resolve(sweep.name());
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new SiameseException("cannot create sweep folder " + directory + ": " + e.getMessage(), e);
        }
        PrintStream out = options.out();
        List<String> keys = sweep.axes().stream().map(SweepSettings.Axis::shortName).toList();
        List<SweepRow> rows = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Path cellDir = directory.resolve(cells.get(i).directoryName());
            requireSameSettings(cellDir, settings.get(i));
            rows.add(row(sweep, cells.get(i), cellDir));
        }
        new ReportWriter().writeSweepTables(sweep, directory, keys, rows);
        int ran = 0;
        int skipped = 0;
        for (int i = 0; i < cells.size(); i++) {
            SweepSettings.Cell cell = cells.get(i);
            Path cellDir = directory.resolve(cell.directoryName());
            if (rows.get(i).completed()) {
                skipped++;
                options.say("[%d/%d] %s: completed earlier, skipped", i + 1, cells.size(), cell.directoryName());
                continue;
            }
            setAsideIncomplete(cellDir, out, options.quiet());
            options.say("[%d/%d] %s", i + 1, cells.size(), cell.directoryName());
            Experiments.run(settings.get(i), options.inDirectory(cellDir));
            ran++;
            rows.set(i, row(sweep, cell, cellDir));
            new ReportWriter().writeSweepTables(sweep, directory, keys, rows);
        }
        if (!options.quiet()) {
            out.println();
            out.print(SweepTable.markdown(sweep.name(), "", keys, rows, sweep.paperColumn()));
            out.println("tables in: " + directory);
        }
        return new SweepOutcome(directory, rows, ran, skipped);
    }

    /** A completed cell is reused only if it ran with exactly the settings this sweep would give it now. */
    private static void requireSameSettings(Path cellDir, Settings settings) {
        Path config = cellDir.resolve("config.conf");
        if (!Files.isRegularFile(cellDir.resolve(RunDirectory.COMPLETE_MARKER)) || !Files.isRegularFile(config)) {
            return;
        }
        try {
            String before = Files.readString(config).strip();
            if (!before.equals(settings.render().strip())) {
                throw new SiameseException("cell " + cellDir + " was completed with other settings than this sweep gives it now"
                        + " (compare its config.conf); use another output folder (--output) or move that cell away");
            }
        } catch (IOException e) {
            throw new SiameseException("cannot read " + config + ": " + e.getMessage(), e);
        }
    }

    /** A crashed cell's folder is renamed, not deleted: nothing is lost, and it never counts as a result. */
    private static void setAsideIncomplete(Path cellDir, PrintStream out, boolean quiet) {
        if (!Files.exists(cellDir)) {
            return;
        }
        Path aside = cellDir.resolveSibling(cellDir.getFileName() + ".incomplete-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            Files.move(cellDir, aside);
        } catch (IOException e) {
            throw new SiameseException("cannot move the incomplete cell " + cellDir + " aside: " + e.getMessage(), e);
        }
        if (!quiet) {
            out.println("an earlier attempt at " + cellDir.getFileName() + " did not complete; moved it to " + aside.getFileName());
        }
    }

    private static SweepRow row(SweepSettings sweep, SweepSettings.Cell cell, Path cellDir) {
        java.util.Map<String, String> shortCell = new java.util.LinkedHashMap<>();
        cell.values().forEach((k, v) -> shortCell.put(k.substring(k.lastIndexOf('.') + 1), v));
        double paper = sweep.paperFigure(cell).map(p -> p / 100.0).orElse(Double.NaN);
        Path metrics = cellDir.resolve("metrics.json");
        boolean done = Files.isRegularFile(cellDir.resolve(RunDirectory.COMPLETE_MARKER)) && Files.isRegularFile(metrics);
        String name = cellDir.getFileName().toString();
        return done ? SweepRow.fromMetricsJson(shortCell, metrics, paper, name)
                : new SweepRow(shortCell, java.util.Map.of(), paper, name);
    }
}
