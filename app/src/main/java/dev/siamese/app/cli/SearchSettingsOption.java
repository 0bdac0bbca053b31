package dev.siamese.app.cli;

import dev.siamese.api.SiameseException;
import dev.siamese.config.SettingsLoader;
import dev.siamese.search.SearchSettings;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The {@code --set KEY=VALUE} option of the large-scale commands: any {@code siamese.search} setting. */
final class SearchSettingsOption {

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Override a setting, e.g. --set search.index.candidates=200 (see docs/configuration.md: siamese.search.*).")
    List<String> overrides = new ArrayList<>();

    /**
     * The search settings: reference.conf with the overrides; unknown keys and bad values fail naming the key, and so
     * do settings of other parts (they would do nothing here).
     */
    SearchSettings settings() {
        SearchSettings settings = SearchSettings.from(SettingsLoader.load(null, overrides));
        for (String override : overrides) {
            String key = override.substring(0, Math.max(0, override.indexOf('='))).trim();
            String path = key.startsWith("siamese.") ? key.substring("siamese.".length()) : key;
            if (!path.startsWith("search.")) {
                throw new SiameseException("--set " + override + ": only siamese.search.* settings apply to this"
                        + " command; the model's settings (such as siamese.model.view-crops) are fixed when it is"
                        + " trained: pass them to train");
            }
        }
        return settings;
    }
}
