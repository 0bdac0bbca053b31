package dev.siamese.app;

import dev.siamese.api.spi.Backend;
import dev.siamese.api.spi.Backends;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.siamese.data.ConsoleLoadProgress;
import dev.siamese.data.LoadProgress;
import dev.siamese.config.ExperimentSettings;
import dev.siamese.config.ModelSettings;
import dev.siamese.config.Settings;

/**
 * Binds the resolved {@link Settings} of one experiment, the experiment-level settings read from them and the backend
 * they name.
 */
public final class ExperimentModule extends AbstractModule {
    private final Settings settings;

    public ExperimentModule(Settings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(Settings.class).toInstance(settings);
        bind(ExperimentRunner.class).in(Singleton.class);
        OptionalBinder.newOptionalBinder(binder(), LoadProgress.class).setBinding().to(ConsoleLoadProgress.class);
    }

    @Provides
    @Singleton
    ExperimentSettings experimentSettings(Settings s) {
        return ExperimentSettings.from(s);
    }

    /** The backend {@code siamese.model.backend} names, found through the SPI and configured from the settings. */
    @Provides
    @Singleton
    Backend backend(Settings s) {
        return Backends.named(s);
    }

    @Provides
    @Singleton
    ModelSettings modelSettings(Settings s) {
        return ModelSettings.from(s);
    }
}
