package dev.siamese.app.cli;

import dev.siamese.api.SiameseException;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.data.pictures.FileNames;
import dev.siamese.search.internal.Csv;
import dev.siamese.search.scan.FolderScanner;
import dev.siamese.search.scan.ScanReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code siamese embed}: the embedding of every picture under a folder, as CSV or as a NumPy array. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed every picture under a folder (decoded in parallel, embedded in batches) and write one CSV row"
                + " per picture: path, then the embedding's values.",
                "Unreadable files are named and skipped."})
public final class EmbedCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FOLDER", description = "Pictures (png, jpg, jpeg, bmp, gif, webp, tif, tiff), searched recursively.")
    Path folder;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR", description = {"A model directory or a run directory (default: the shipped near-duplicate twin).",
            "Repeat it (-m A -m B) to use several models as one ensemble: embeddings side by side, distance the norm of the models' distances."})
    List<Path> model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "The CSV or .npy file to write (replaced when complete).")
    Path out;

    /** The file formats of {@code --format}. */
    enum Format { csv, npy }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv", description = "csv (default): a row per picture, its"
            + " path then its values; npy: a NumPy float32 array of shape (pictures, dimension), row i the picture on line"
            + " i + 2 of the CSV of paths written beside it (FILE without .npy, plus .paths.csv). See docs/python.md.")
    Format format;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "256", description = "Pictures per embedding batch (default ${DEFAULT-VALUE}).")
    int batch;

    @picocli.CommandLine.Mixin
    QuietOption quiet;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new SiameseException("--batch must be at least 1, got " + batch);
        }
        Path absolute = out.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".partial");
        Path paths = format == Format.npy ? pathsFile(absolute) : null;
        Path pathsTemporary = paths == null ? null : paths.resolveSibling(paths.getFileName() + ".partial");
        try (EmbeddingModel m = ModelOption.load(ModelOption.orDefault(model))) {
            ScanReport report;
            try (BufferedWriter w = Files.newBufferedWriter(paths == null ? temporary : pathsTemporary, StandardCharsets.UTF_8);
                 NpyWriter npy = paths == null ? null : new NpyWriter(temporary, m.embeddingDimension())) {
                w.write("path");
                for (int i = 0; npy == null && i < m.embeddingDimension(); i++) {
                    w.write(",e" + i);
                }
                w.newLine();
                FolderScanner.Progress progress = ConsoleProgress.of("embedding", quiet.quiet());
                try {
                    report = new FolderScanner(m.inputShape(), batch, Runtime.getRuntime().availableProcessors())
                            .scan(folder, f -> true, m::embed, (f, picture, embedding) -> {
                                try {
                                    w.write(Csv.field(FileNames.text(f.path())));
                                    if (npy != null) {
                                        npy.row(embedding);
                                    }
                                    for (int i = 0; npy == null && i < embedding.length; i++) {
                                        w.write(',');
                                        w.write(Float.toString(embedding[i]));
                                    }
                                    w.newLine();
                                } catch (IOException e) {
                                    throw new UncheckedIOException("cannot write " + temporary + ": " + e.getMessage(), e);
                                }
                            }, progress);
                } finally {
                    ConsoleProgress.done(progress);
                }
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            if (paths != null) {
                Files.move(pathsTemporary, paths, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!quiet.quiet()) {
                System.out.println(report.summary());
            }
            // a skipped picture is missing from the output: named even with --quiet
            report.unreadable().forEach(s -> System.out.println("skipped " + s));
            if (!quiet.quiet()) {
                System.out.printf(Locale.ROOT, "wrote %,d embeddings to %s%s%n", report.embedded(), absolute,
                        paths == null ? "" : " (their paths in " + paths + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
                if (pathsTemporary != null) {
                    Files.deleteIfExists(pathsTemporary);
                }
            } catch (IOException ignored) {
                // left behind only if the disk failed twice
            }
        }
        return 0;
    }

    /** The CSV of paths beside an .npy file: {@code embeddings.npy} gets {@code embeddings.paths.csv}. */
    static Path pathsFile(Path npy) {
        String name = npy.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        return npy.resolveSibling(stem + ".paths.csv");
    }

}
