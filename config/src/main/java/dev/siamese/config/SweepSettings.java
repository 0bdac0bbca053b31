package dev.siamese.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A sweep: a base experiment, overrides common to every cell, and a grid of keys whose every combination is one run.
 * Read from a HOCON file (or a bundled sweep such as {@code table1-cifar10}):
 *
 * <pre>
 * sweep {
 *   name = "table1-digits"
 *   base = "paper-mlp-digits"                      # bundled experiment or file (relative to the sweep file)
 *   grid { model.conv.layers = [1, 2, 3], model.conv.kernels = [8, 16, 32] }
 *   paper { column = "paper (%)", values = [ { model.conv.layers = 1, model.conv.kernels = 8, value = 94.84 } ] }
 * }
 * siamese.model.architecture = conv                # applied to every cell
 * </pre>
 *
 * Instead of (or beside) a grid, named {@code variants} each change several keys at once: one run per variant (times
 * the grid's combinations), the variant's name in the {@value #VARIANT} column. An ablation lists the full recipe and
 * one variant per ingredient taken away:
 *
 * <pre>
 * sweep {
 *   name = "ingredients"
 *   base = "resnet-cifar10"
 *   variants {
 *     recipe {}
 *     no-augmentation { data.training-augmentation.enabled = false }
 *     pair-contrastive { model.loss = contrastive, training.batch-pairs = 80 }
 *   }
 * }
 * </pre>
 */
public record SweepSettings(String name, String base, Config common, List<Axis> axes, Map<String, List<String>> variants,
                            Optional<String> paperColumn, List<PaperFigure> paperFigures, String source) {

    /** The axis (first, when a sweep has variants) whose values name the variants. */
    public static final String VARIANT = "variant";

    /** Sweeps shipped inside this module, selectable by name. */
    public static final List<String> BUNDLED_SWEEPS = List.of("table1-cifar10", "table1-digits", "table1-fashion-mnist",
            "near-duplicate-ensemble", "resnet-cifar10-ingredients");

    /** One grid key and the values it takes, rendered as HOCON values ("1", "0.5", "\"mlp\""). */
    public record Axis(String key, List<String> values) {
        public Axis {
            values = List.copyOf(values);
        }

        /** The last segment of the key, for short cell names. */
        public String shortName() {
            return key.substring(key.lastIndexOf('.') + 1);
        }
    }

    /** A figure the paper reports for one cell (grid key to rendered value). */
    public record PaperFigure(Map<String, String> cell, double value) {
        public PaperFigure {
            cell = Map.copyOf(cell);
        }
    }

    /** One combination of grid values, in axis order. */
    public record Cell(Map<String, String> values) {
        public Cell {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /**
         * The cell's values as {@code key=value}; a variant shows as {@code variant=name} (its keys come in through
         * {@link SweepSettings#cellSettings}).
         */
        public List<String> overrides() {
            List<String> list = new ArrayList<>();
            values.forEach((k, v) -> list.add(k + "=" + v));
            return list;
        }

        /** A folder name such as {@code layers=1,kernels=8}. */
        public String directoryName() {
            StringBuilder sb = new StringBuilder();
            values.forEach((k, v) -> {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(k.substring(k.lastIndexOf('.') + 1)).append('=').append(v.replaceAll("[^A-Za-z0-9._-]", "_"));
            });
            return sb.toString();
        }
    }

    public SweepSettings {
        Objects.requireNonNull(name, "name");
        axes = List.copyOf(axes);
        variants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variants));
        paperFigures = List.copyOf(paperFigures);
    }

    /** Every cell of the grid, the first axis varying slowest. */
    public List<Cell> cells() {
        List<Map<String, String>> partial = new ArrayList<>();
        partial.add(new LinkedHashMap<>());
        for (Axis axis : axes) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> p : partial) {
                for (String v : axis.values()) {
                    Map<String, String> m = new LinkedHashMap<>(p);
                    m.put(axis.key(), v);
                    next.add(m);
                }
            }
            partial = next;
        }
        return partial.stream().map(Cell::new).toList();
    }

    /** The paper's figure for {@code cell}, if the sweep file gives one. */
    public Optional<Double> paperFigure(Cell cell) {
        return paperFigures.stream().filter(f -> f.cell().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(cell.values().get(e.getKey()))))
                .map(PaperFigure::value).findFirst();
    }

    /**
     * The settings of one cell: defaults, the base experiment, the sweep's common keys, the cell's grid values and then
     * {@code extra} overrides (e.g. from the command line).
     */
    public Settings cellSettings(Cell cell, List<String> extra) {
        List<String> overrides = new ArrayList<>();
        cell.values().forEach((key, value) -> {
            if (key.equals(VARIANT)) {
                overrides.addAll(variants.get(value));
            } else {
                overrides.add(key + "=" + value);
            }
        });
        overrides.addAll(extra);
        return SettingsLoader.load(baseForLoader(), common, overrides);
    }

    private String baseForLoader() {
        return base;
    }

    /**
     * Loads a sweep file or bundled sweep; checks that every grid and variant key exists and every grid value is a
     * list.
     */
    public static SweepSettings load(String sweep) {
        Config file;
        Path path = Path.of(sweep);
        String source;
        Path folder = null;
        if (Files.isRegularFile(path)) {
            file = parse(() -> ConfigFactory.parseFile(path.toFile(),
                    RequiredIncludes.on(com.typesafe.config.ConfigParseOptions.defaults())), sweep);
            source = path.toString();
            folder = path.toAbsolutePath().getParent();
        } else if (BUNDLED_SWEEPS.contains(sweep)) {
            file = parse(() -> SettingsLoader.parseResource("sweeps/" + sweep + ".conf", "bundled sweep " + sweep), sweep);
            source = "bundled sweep " + sweep;
        } else {
            throw new SettingsException("sweep '" + sweep + "' is neither a file nor a bundled sweep; bundled: " + BUNDLED_SWEEPS);
        }
        if (!file.hasPath("sweep")) {
            throw new SettingsException(source + " is not a sweep file: it has no 'sweep { ... }' block");
        }
        Config block = file.getConfig("sweep");
        for (String key : Settings.leafPaths(block)) {
            String top = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            if (!List.of("name", "base", "grid", "variants", "paper").contains(top)) {
                throw new SettingsException("unknown sweep setting 'sweep." + key + "' in " + Settings.describe(block.getValue(key))
                        + "; a sweep has name, base, grid, variants and paper");
            }
        }
        String name = required(block, "name", source);
        if (!ExperimentSettings.isFolderName(name)) {
            throw new SettingsException("sweep.name '" + name + "' in " + Settings.describe(block.getValue("name"))
                    + ": use only letters, digits, '.', '_' and '-', and not dots alone (it names the sweep's"
                    + " folder inside siamese.experiment.output-dir)");
        }
        String base = required(block, "base", source);
        if (folder != null && !SettingsLoader.BUNDLED_EXPERIMENTS.contains(base) && !Path.of(base).isAbsolute()) {
            base = folder.resolve(base).toString();
        }
        Config common = file.hasPath("siamese") ? file.withOnlyPath("siamese") : ConfigFactory.empty();
        Config reference = SettingsLoader.defaults().config();
        SettingsLoader.checkKnown(common, reference);

        Map<String, List<String>> variants = variants(block, source, reference);
        boolean noGrid = !block.hasPath("grid") || block.getConfig("grid").isEmpty();
        if (noGrid && variants.isEmpty()) {
            throw new SettingsException(source + ": sweep.grid is empty; give at least one key with a list of values"
                    + " (or sweep.variants)");
        }
        List<Axis> axes = new ArrayList<>();
        if (!variants.isEmpty()) {
            axes.add(new Axis(VARIANT, List.copyOf(variants.keySet())));
        }
        for (Map.Entry<String, ConfigValue> e : noGrid ? List.<Map.Entry<String, ConfigValue>>of()
                : orderedEntries(block.getObject("grid"))) {
            String key = e.getKey().startsWith("siamese.") ? e.getKey() : "siamese." + e.getKey();
            if (!reference.hasPathOrNull(key)) {
                throw new SettingsException("grid key '" + e.getKey() + "' in " + Settings.describe(e.getValue())
                        + " is not a setting" + SettingsLoader.suggestion(key, reference));
            }
            if (e.getValue().valueType() != ConfigValueType.LIST || ((ConfigList) e.getValue()).isEmpty()) {
                throw new SettingsException("grid key '" + e.getKey() + "' in " + Settings.describe(e.getValue())
                        + " must be a non-empty list of values, e.g. [1, 2, 3]");
            }
            List<String> values = new ArrayList<>();
            for (ConfigValue v : (ConfigList) e.getValue()) {
                values.add(v.render(ConfigRenderOptions.concise()));
            }
            axes.add(new Axis(key, values));
        }
        Optional<String> column = Optional.empty();
        List<PaperFigure> figures = new ArrayList<>();
        if (block.hasPath("paper")) {
            Config paper = block.getConfig("paper");
            column = Optional.of(paper.hasPath("column") ? paper.getString("column") : "paper");
            for (ConfigObject o : paper.getObjectList("values")) {
                Config c = o.toConfig();
                if (!c.hasPath("value")) {
                    throw new SettingsException(source + ": every sweep.paper.values entry needs a 'value'");
                }
                Map<String, String> cell = new LinkedHashMap<>();
                for (String k : Settings.leafPaths(c)) {
                    if (!k.equals("value")) {
                        cell.put(k.startsWith("siamese.") ? k : "siamese." + k, c.getValue(k).render(ConfigRenderOptions.concise()));
                    }
                }
                figures.add(new PaperFigure(cell, c.getDouble("value")));
            }
        }
        return new SweepSettings(name, base, common, axes, variants, column, figures, source);
    }

    /** The {@code sweep.variants} block: each variant's name (a folder name) and its overrides, in file order. */
    private static Map<String, List<String>> variants(Config block, String source, Config reference) {
        Map<String, List<String>> variants = new LinkedHashMap<>();
        if (!block.hasPath("variants")) {
            return variants;
        }
        if (block.getValue("variants").valueType() != ConfigValueType.OBJECT) {
            throw new SettingsException("sweep.variants in " + Settings.describe(block.getValue("variants"))
                    + " must be an object of named variants, e.g. variants { no-augmentation {"
                    + " data.training-augmentation.enabled = false } }");
        }
        ConfigObject all = block.getObject("variants");
        List<Map.Entry<String, ConfigValue>> named = new ArrayList<>(all.entrySet());
        named.sort((a, b) -> Integer.compare(a.getValue().origin().lineNumber(), b.getValue().origin().lineNumber()));
        for (Map.Entry<String, ConfigValue> variant : named) {
            String where = "sweep.variants." + variant.getKey() + " in " + Settings.describe(variant.getValue());
            if (!ExperimentSettings.isFolderName(variant.getKey())) {
                throw new SettingsException(where + ": name a variant with letters, digits, '.', '_' and '-' only (it"
                        + " names the variant's folder)");
            }
            if (variant.getValue().valueType() != ConfigValueType.OBJECT) {
                throw new SettingsException(where + " must be an object of settings, e.g. { model.margin = 0.5 }"
                        + " ({} for the base experiment as it is)");
            }
            Config settings = ((ConfigObject) variant.getValue()).toConfig();
            List<String> overrides = new ArrayList<>();
            for (String key : Settings.leafPaths(settings)) {
                String full = key.startsWith("siamese.") ? key : "siamese." + key;
                if (!reference.hasPathOrNull(full)) {
                    throw new SettingsException("key '" + key + "' of " + where + " is not a setting"
                            + SettingsLoader.suggestion(full, reference));
                }
                overrides.add(full + "=" + settings.getValue(key).render(ConfigRenderOptions.concise()));
            }
            variants.put(variant.getKey(), List.copyOf(overrides));
        }
        return variants;
    }

    /** Grid entries in file order (HOCON objects are unordered maps; order by origin line, then name). */
    private static List<Map.Entry<String, ConfigValue>> orderedEntries(ConfigObject grid) {
        List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(grid.toConfig().entrySet());
        entries.sort((a, b) -> {
            int la = a.getValue().origin().lineNumber();
            int lb = b.getValue().origin().lineNumber();
            return la != lb ? Integer.compare(la, lb) : a.getKey().compareTo(b.getKey());
        });
        return entries;
    }

    private static String required(Config block, String key, String source) {
        if (!block.hasPath(key)) {
            throw new SettingsException(source + ": sweep." + key + " is required");
        }
        return block.getString(key);
    }

    private static Config parse(java.util.function.Supplier<Config> parser, String what) {
        try {
            return parser.get();
        } catch (ConfigException e) {
            throw new SettingsException("cannot parse sweep " + what + ": " + e.getMessage(), e);
        }
    }
}
