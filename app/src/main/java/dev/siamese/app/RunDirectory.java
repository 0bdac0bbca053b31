package dev.siamese.app;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.siamese.api.SiameseException;
import dev.siamese.api.internal.AtomicFiles;
import dev.siamese.config.Settings;
import dev.siamese.config.SettingsLoader;
import dev.siamese.training.CheckpointStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One run's folder, {@code <output>/<name>-<timestamp>}, never reused. Files are written atomically
 * (temporary file, then rename), and the run counts as complete only once {@link #markComplete()} wrote
 * {@value #COMPLETE_MARKER}: a crashed run never looks like a result.
 */
public final class RunDirectory {

    /** Written last; its presence means every other file of the run is complete. */
    public static final String COMPLETE_MARKER = "COMPLETE";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /** Creates a new, empty run directory under {@code output} named after the experiment and the current time. */
    public static RunDirectory create(Path output, String name) {
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new SiameseException("cannot create the output folder " + output + ": " + e.getMessage()
                    + " (set siamese.experiment.output-dir to a writable folder)", e);
        }
        String base = name + "-" + LocalDateTime.now().format(STAMP);
        for (int attempt = 1; attempt < 1000; attempt++) {
            Path candidate = output.resolve(attempt == 1 ? base : base + "-" + attempt);
            try {
                Files.createDirectory(candidate);
                return new RunDirectory(candidate);
            } catch (FileAlreadyExistsException e) {
                // taken by an earlier or concurrent run; try the next suffix
            } catch (IOException e) {
                throw new SiameseException("cannot create run directory " + candidate + ": " + e.getMessage(), e);
            }
        }
        throw new SiameseException("too many runs named " + base + " in " + output);
    }

    /** A run directory at exactly {@code directory}, which must not exist yet or be empty. */
    public static RunDirectory createAt(Path directory) {
        try {
            if (Files.isDirectory(directory)) {
                try (var entries = Files.list(directory)) {
                    if (entries.findAny().isPresent()) {
                        throw new SiameseException("run directory " + directory + " already exists and is not empty");
                    }
                }
            } else {
                Files.createDirectories(directory);
            }
            return new RunDirectory(directory);
        } catch (IOException e) {
            throw new SiameseException("cannot create run directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /** An existing run directory, e.g. for {@code evaluate}. */
    public static RunDirectory open(Path path) {
        if (!Files.isDirectory(path)) {
            throw new SiameseException(path + " is not a run directory (it does not exist or is not a folder)");
        }
        return new RunDirectory(path);
    }

    public Path path() {
        return path;
    }

    /** The run's resolved configuration ({@code config.conf}), validated like any experiment file. */
    public Settings settings() {
        Path config = path.resolve("config.conf");
        if (!Files.isRegularFile(config)) {
            throw new SiameseException(path + " is not a run directory: it has no config.conf");
        }
        try {
            return SettingsLoader.fromConfig(ConfigFactory.parseFile(config.toFile()));
        } catch (ConfigException e) {
            throw new SiameseException("cannot read " + config + ": " + e.getMessage(), e);
        }
    }

    public Path resolve(String relative) {
        return path.resolve(relative);
    }

    /** The run's checkpoints ({@code checkpoints/}), keeping the newest {@code keep}. */
    public CheckpointStore checkpoints(int keep) {
        return new CheckpointStore(path.resolve("checkpoints"), keep);
    }

    public boolean isComplete() {
        return Files.isRegularFile(path.resolve(COMPLETE_MARKER));
    }

    /** Writes {@code content} to {@code relative} atomically. */
    public Path write(String relative, String content) {
        Path target = path.resolve(relative);
        try {
            Files.createDirectories(target.getParent());
            return AtomicFiles.writeString(target, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Fails unless the run completed: a crashed or running run has nothing to re-score. */
    public void requireComplete() {
        if (!isComplete()) {
            throw new SiameseException(this + " is not a completed run (no " + COMPLETE_MARKER
                    + " marker); it crashed or is still running");
        }
    }

    /** Moves {@code relative}, a leftover of a crashed attempt, out of the way instead of deleting it. */
    public void setAside(String relative) {
        Path p = path.resolve(relative);
        if (Files.exists(p)) {
            try {
                Files.move(p, path.resolve(relative + ".incomplete-" + System.currentTimeMillis()));
            } catch (IOException e) {
                throw new SiameseException("cannot move " + p + " aside: " + e.getMessage(), e);
            }
        }
    }

    public void markComplete() {
        write(COMPLETE_MARKER, "complete\n");
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
