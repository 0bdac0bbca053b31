package dev.siamese.app.cli;

import dev.siamese.config.SettingsLoader;
import dev.siamese.search.SearchSettings;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The {@code --set KEY=VALUE} option of the large-scale commands: any {@code siamese.search} setting. */
final class SearchSettingsOption {

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Override a setting, e.g. --set search.index.candidates=200 (see README: siamese.search.*).")
    List<String> overrides = new ArrayList<>();

    /** The search settings: reference.conf with the overrides; unknown keys and bad values fail naming the key. */
    SearchSettings settings() {
        return SearchSettings.from(SettingsLoader.load(null, overrides));
    }
}
