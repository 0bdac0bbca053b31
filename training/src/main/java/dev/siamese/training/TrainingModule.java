package dev.siamese.training;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.siamese.config.Settings;

/** Guice bindings of the training engine: the {@link Trainer} and its settings read from the bound {@link Settings}. */
public final class TrainingModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(Trainer.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    TrainingSettings trainingSettings(Settings settings) {
        return TrainingSettings.from(settings);
    }

    @Provides
    @Singleton
    ValidationSettings validationSettings(Settings settings) {
        return ValidationSettings.from(settings);
    }
}
