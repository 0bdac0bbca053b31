package dev.siamese.data;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.config.Settings;
import dev.siamese.data.pairs.TrainingPairs;

/**
 * Guice bindings of the data module: {@link DataSettings} read from the bound {@link Settings}, and the
 * {@link DatasetSplits} they name (loaded when first asked for, not when the injector is built). Decoding progress,
 * notes and skipped, unreadable pictures go to the bound {@link LoadProgress} (none by default; set one with
 * {@code OptionalBinder.newOptionalBinder(binder(), LoadProgress.class).setBinding()}). A host replaces the dataset
 * by overriding the {@code DatasetSplits} binding with its own module.
 */
public final class DataModule extends AbstractModule {

    @Override
    protected void configure() {
        // silent unless a host (the CLI) sets its own LoadProgress with OptionalBinder#setBinding
        OptionalBinder.newOptionalBinder(binder(), LoadProgress.class).setDefault().toInstance(LoadProgress.none());
    }

    @Provides
    @Singleton
    DataSettings dataSettings(Settings settings) {
        return DataSettings.from(settings);
    }

    @Provides
    TrainingPairs trainingPairs(DataSettings settings) {
        return settings.pairs();
    }

    /** Loads the splits, telling {@code progress} how far it came and what it skipped. */
    @Provides
    DatasetSplits datasetSplits(DataSettings settings, LoadProgress progress) {
        LoadedData loaded = settings.load(progress);
        progress.finished(loaded);
        return loaded.splits();
    }
}
