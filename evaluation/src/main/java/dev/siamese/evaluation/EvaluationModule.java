package dev.siamese.evaluation;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

import dev.siamese.config.Settings;
import dev.siamese.evaluation.verification.VerificationEvaluator;

/** Guice bindings of the evaluation module: its settings, from which each run builds a {@link VerificationEvaluator}. */
public final class EvaluationModule extends AbstractModule {

    @Override
    protected void configure() {
        // everything is provided below
    }

    @Provides
    @Singleton
    EvaluationSettings evaluationSettings(Settings settings) {
        return EvaluationSettings.from(settings);
    }
}
