package dev.siamese.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A resolved, validated configuration with typed getters that check ranges and report errors as
 * "{@code siamese.model.margin = -1 (set in my.conf: 4): must be > 0}".
 * Paths are always full paths from the root, e.g. {@code siamese.training.iterations}.
 */
public final class Settings implements dev.siamese.api.spi.BackendSettings {
    private final Config config;

    public Settings(Config config) {
        this.config = Objects.requireNonNull(config, "config").resolve();
    }

    /** The underlying Typesafe config, for hosts that pass it on. */
    public Config config() {
        return config;
    }

    /** The whole configuration as HOCON text, comments stripped; what a run directory records. */
    public String render() {
        return config.withOnlyPath("siamese").root()
                .render(ConfigRenderOptions.defaults().setOriginComments(false).setComments(false).setJson(false));
    }

    @Override
    public boolean has(String path) {
        return config.hasPath(path);
    }

    /** Where {@code path} was set: a file and line, "the command line", or a module's reference.conf. */
    public String origin(String path) {
        return config.hasPath(path) ? describe(config.getValue(path)) : "nowhere";
    }

    @Override
    public String getString(String path) {
        return read(path, () -> config.getString(path));
    }

    public String getNonBlankString(String path) {
        String value = getString(path);
        if (value.isBlank()) {
            throw invalid(path, "must not be empty");
        }
        return value;
    }

    /** A string that must be one of {@code allowed}. */
    public String getChoice(String path, Set<String> allowed) {
        String value = getString(path);
        if (!allowed.contains(value)) {
            throw invalid(path, "must be one of " + allowed);
        }
        return value;
    }

    public boolean getBoolean(String path) {
        return read(path, () -> config.getBoolean(path));
    }

    /** An int in {@code [min, max]}. */
    @Override
    public int getInt(String path, int min, int max) {
        int value = read(path, () -> config.getInt(path));
        if (value < min || value > max) {
            throw invalid(path, max == Integer.MAX_VALUE ? "must be >= " + min : "must be in [" + min + ", " + max + "]");
        }
        return value;
    }

    public long getLong(String path) {
        return read(path, () -> config.getLong(path));
    }

    /** A long in {@code [min, max]}. */
    public long getLong(String path, long min, long max) {
        long value = getLong(path);
        if (value < min || value > max) {
            throw invalid(path, max == Long.MAX_VALUE ? "must be >= " + min : "must be in [" + min + ", " + max + "]");
        }
        return value;
    }

    /** A finite double with {@code min < value <= max} when {@code minExclusive}, else {@code min <= value <= max}. */
    public double getDouble(String path, double min, boolean minExclusive, double max) {
        double value = read(path, () -> config.getDouble(path));
        boolean ok = Double.isFinite(value) && (minExclusive ? value > min : value >= min) && value <= max;
        if (!ok) {
            String lower = (minExclusive ? "> " : ">= ") + min;
            throw invalid(path, max == Double.MAX_VALUE ? "must be " + lower : "must be " + lower + " and <= " + max);
        }
        return value;
    }

    /** A positive, finite double. */
    public double getPositiveDouble(String path) {
        return getDouble(path, 0, true, Double.MAX_VALUE);
    }

    /** A list of ints each in {@code [min, max]}. */
    public List<Integer> getIntList(String path, int min, int max) {
        List<Integer> values = read(path, () -> config.getIntList(path));
        for (int v : values) {
            if (v < min || v > max) {
                throw invalid(path, "every entry must be in [" + min + ", " + max + "], got " + v);
            }
        }
        return List.copyOf(values);
    }

    /** A list of doubles. */
    public List<Double> getDoubleList(String path) {
        return List.copyOf(read(path, () -> config.getDoubleList(path)));
    }

    public List<String> getStringList(String path) {
        return List.copyOf(read(path, () -> config.getStringList(path)));
    }

    /** A file system path; relative paths are left relative to the working directory. */
    public Path getPath(String path) {
        String value = getNonBlankString(path);
        try {
            return Path.of(value);
        } catch (RuntimeException e) {
            throw invalid(path, "is not a valid file path");
        }
    }

    /** An error about {@code path}'s current value, naming where it was set. */
    @Override
    public SettingsException invalid(String path, String problem) {
        String value = config.hasPath(path) ? config.getValue(path).render(ConfigRenderOptions.concise()) : "(missing)";
        return new SettingsException(path + " = " + value + " (set in " + origin(path) + "): " + problem);
    }

    private <T> T read(String path, java.util.function.Supplier<T> getter) {
        try {
            return getter.get();
        } catch (ConfigException.Missing e) {
            throw new SettingsException("missing setting " + path
                    + "; every module's reference.conf defines its defaults, so is a module missing from the module path?", e);
        } catch (ConfigException.WrongType e) {
            throw invalid(path, "wrong type: " + stripOrigin(e.getMessage()));
        } catch (ConfigException e) {
            throw new SettingsException(path + ": " + e.getMessage(), e);
        }
    }

    private static String stripOrigin(String message) {
        int colon = message.indexOf(": ");
        return colon >= 0 ? message.substring(colon + 2) : message;
    }

    static String describe(ConfigValue value) {
        var origin = value.origin();
        String where = origin.filename() != null ? origin.filename()
                : origin.url() != null ? origin.url().toString() : origin.description();
        if (origin.lineNumber() > 0 && (origin.filename() != null || origin.url() != null)) {
            where += ":" + origin.lineNumber();
        }
        return where;
    }

    /** Every leaf path under {@code root}. */
    static List<String> leafPaths(Config config) {
        List<String> paths = new ArrayList<>();
        for (var entry : config.entrySet()) {
            paths.add(entry.getKey());
        }
        return paths;
    }
}
