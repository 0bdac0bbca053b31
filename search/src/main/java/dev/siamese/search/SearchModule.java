package dev.siamese.search;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

import dev.siamese.config.Settings;
import dev.siamese.search.index.EmbeddingIndex;

/** Guice bindings of the search module: its settings and the index options they name. */
public final class SearchModule extends AbstractModule {

    @Override
    protected void configure() {
        // everything is provided below
    }

    @Provides
    @Singleton
    SearchSettings searchSettings(Settings settings) {
        return SearchSettings.from(settings);
    }

    @Provides
    EmbeddingIndex.Options indexOptions(SearchSettings settings) {
        return settings.index();
    }
}
