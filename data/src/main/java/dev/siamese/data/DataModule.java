package dev.siamese.data;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.siamese.api.image.DatasetSplits;
import dev.siamese.config.Settings;

/**
 * Guice bindings of the data module: {@link DataSettings} read from the bound {@link Settings}, and the
 * {@link DatasetSplits} they name (loaded when first asked for, not when the injector is built).
 * A host replaces the dataset by overriding the {@code DatasetSplits} binding with its own module.
 */
public final class DataModule extends AbstractModule {

    @Override
    protected void configure() {
        // everything is provided below
    }

    @Provides
    @Singleton
    DataSettings dataSettings(Settings settings) {
        return DataSettings.from(settings);
    }

    @Provides
    DatasetSplits datasetSplits(DataSettings settings) {
        return settings.load();
    }
}
