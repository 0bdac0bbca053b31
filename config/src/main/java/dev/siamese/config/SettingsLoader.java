package dev.siamese.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads settings in three layers: every module's {@code reference.conf} (the defaults), an experiment file
 * (a path, or the name of a bundled experiment such as {@code paper-mlp-digits}), and {@code key=value}
 * overrides from the command line. Unknown keys fail here, before any work starts, naming the key and the file.
 */
public final class SettingsLoader {

    /** Experiments shipped inside this module, selectable by name. */
    public static final List<String> BUNDLED_EXPERIMENTS = List.of(
            "paper-mlp-digits", "paper-mlp-digits-250", "paper-mlp-digits-401", "paper-mlp-fashion-mnist", "paper-conv-cifar10",
            "conv-fashion-mnist-strong", "resnet-cifar10", "resnet-cifar10-triplet", "triplet-digits", "resnet-fashion-mnist",
            "resnet-mnist", "near-duplicate-photos",
            "smoke");

    private static final String ROOT = "siamese";

    private SettingsLoader() {
    }

    /** The defaults alone. */
    public static Settings defaults() {
        return new Settings(reference());
    }

    /**
     * Loads the defaults, overridden by {@code experiment} (null for none) and then by {@code overrides}.
     *
     * @param experiment a HOCON file path or a bundled experiment name
     * @param overrides  {@code key=value} strings; the {@code siamese.} prefix of the key is optional
     */
    public static Settings load(String experiment, List<String> overrides) {
        return load(experiment, ConfigFactory.empty(), overrides);
    }

    /**
     * Like {@link #load(String, List)} with one more layer, {@code common}, between the experiment and the overrides
     * (a sweep's keys shared by every cell).
     */
    public static Settings load(String experiment, Config common, List<String> overrides) {
        Config reference = reference();
        Config merged = reference;
        if (experiment != null) {
            Config file = parseExperiment(experiment);
            checkKnown(file, reference);
            merged = file.withFallback(merged);
        }
        checkKnown(common, reference);
        merged = common.withFallback(merged);
        for (String override : overrides) {
            Config one = parseOverride(override);
            checkKnown(one, reference);
            merged = one.withFallback(merged);
        }
        return resolve(merged);
    }

    /** Validates a configuration a host application built itself (its {@code siamese} keys only) over the defaults. */
    public static Settings fromConfig(Config host) {
        Config reference = reference();
        Config own = host.hasPath(ROOT) ? host.withOnlyPath(ROOT) : ConfigFactory.empty();
        checkKnown(own, reference);
        return resolve(own.withFallback(reference));
    }

    /** Parses an experiment file or bundled experiment without merging; for tools that inspect experiments. */
    public static Config parseExperiment(String experiment) {
        Objects.requireNonNull(experiment, "experiment");
        ConfigParseOptions options = RequiredIncludes.on(ConfigParseOptions.defaults().setAllowMissing(false)
                .setSyntax(ConfigSyntax.CONF));
        Path path = Path.of(experiment);
        try {
            if (Files.isRegularFile(path)) {
                return ConfigFactory.parseFile(path.toFile(), options);
            }
            if (BUNDLED_EXPERIMENTS.contains(experiment)) {
                return parseResource("experiments/" + experiment + ".conf", "bundled experiment " + experiment);
            }
        } catch (ConfigException.Parse e) {
            throw new SettingsException("cannot parse experiment " + experiment + ": " + e.getMessage(), e);
        } catch (ConfigException e) {
            throw new SettingsException("cannot read experiment " + experiment + ": " + e.getMessage(), e);
        }
        if (Files.exists(path)) {
            throw new SettingsException("experiment " + experiment + " is not a regular file");
        }
        throw new SettingsException("experiment '" + experiment + "' is neither a file nor a bundled experiment; bundled: "
                + BUNDLED_EXPERIMENTS);
    }

    /** Parses a HOCON resource of this module. */
    static Config parseResource(String resource, String origin) {
        try (InputStream in = SettingsLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new SettingsException(origin + " is missing from the config module (" + resource + ")");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return ConfigFactory.parseReader(reader, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                        .setOriginDescription(origin));
            }
        } catch (IOException e) {
            throw new SettingsException("cannot read " + origin + ": " + e.getMessage(), e);
        }
    }

    /** "; did you mean 'x'?" for the known key closest to {@code key}, or an empty string. */
    static String suggestion(String key, Config reference) {
        String best = closest(key, Settings.leafPaths(reference));
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    /** Up to the first full stop that ends a sentence (followed by a capital letter or the end). */
    private static final java.util.regex.Pattern FIRST_SENTENCE = java.util.regex.Pattern.compile("^.*?[.!?](?=\\s+[A-Z]|$)");

    /** The first sentence of a bundled experiment or sweep file's leading comment: what it is for. */
    public static String bundledDescription(String name) {
        String folder = BUNDLED_EXPERIMENTS.contains(name) ? "experiments/"
                : SweepSettings.BUNDLED_SWEEPS.contains(name) ? "sweeps/" : null;
        if (folder == null) {
            throw new SettingsException("no bundled experiment or sweep '" + name + "'; bundled: " + BUNDLED_EXPERIMENTS
                    + ", sweeps: " + SweepSettings.BUNDLED_SWEEPS);
        }
        try (InputStream in = SettingsLoader.class.getResourceAsStream(folder + name + ".conf")) {
            if (in == null) {
                return "";
            }
            // the first sentence of the leading comment, however many lines it spans
            String comment = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .dropWhile(l -> !l.startsWith("#")).takeWhile(l -> l.startsWith("#"))
                    .map(l -> l.substring(1).trim()).takeWhile(l -> !l.isEmpty())
                    .collect(java.util.stream.Collectors.joining(" "));
            java.util.regex.Matcher sentence = FIRST_SENTENCE.matcher(comment);
            return sentence.find() ? sentence.group() : comment;
        } catch (IOException e) {
            return "";
        }
    }

    private static Config parseOverride(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new SettingsException("override '" + override + "' must look like key=value, e.g. siamese.model.margin=0.5");
        }
        String key = override.substring(0, eq).trim();
        String value = override.substring(eq + 1).trim();
        if (!key.startsWith(ROOT + ".")) {
            key = ROOT + "." + key;
        }
        ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription("command line --set " + override);
        try {
            return ConfigFactory.parseString(key + " = " + value, options);
        } catch (ConfigException e) {
            // Values such as paths with colons are not valid unquoted HOCON; take them as strings.
            String quoted = "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            try {
                return ConfigFactory.parseString(key + " = " + quoted, options);
            } catch (ConfigException again) {
                throw new SettingsException("cannot parse override '" + override + "': " + again.getMessage(), again);
            }
        }
    }

    private static Config reference() {
        ConfigFactory.invalidateCaches();
        return ConfigFactory.defaultReference();
    }

    private static Settings resolve(Config merged) {
        try {
            return new Settings(merged.resolve());
        } catch (ConfigException e) {
            throw new SettingsException("cannot resolve settings: " + e.getMessage(), e);
        }
    }

    /** Fails on the first key of {@code user} that no reference.conf defines, suggesting the closest known key. */
    static void checkKnown(Config user, Config reference) {
        List<String> unknown = new ArrayList<>();
        for (String path : Settings.leafPaths(user)) {
            if (!reference.hasPathOrNull(path)) {
                unknown.add(path);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        unknown.sort(Comparator.naturalOrder());
        String first = unknown.get(0);
        String where = Settings.describe(user.getValue(first));
        StringBuilder message = new StringBuilder("unknown setting '").append(first).append("' in ").append(where);
        message.append(suggestion(first, reference));
        if (unknown.size() > 1) {
            message.append(" (").append(unknown.size() - 1).append(" more unknown: ")
                    .append(String.join(", ", unknown.subList(1, unknown.size()))).append(')');
        }
        throw new SettingsException(message.toString());
    }

    private static String closest(String key, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        Set<String> sorted = new TreeSet<>(known);
        for (String candidate : sorted) {
            int d = editDistance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(3, key.length() / 4) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
