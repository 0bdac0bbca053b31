package dev.siamese.app;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import com.google.inject.util.Modules;
import com.typesafe.config.Config;
import dev.siamese.api.SiameseException;
import dev.siamese.config.Settings;
import dev.siamese.config.SettingsLoader;
import dev.siamese.data.DataModule;
import dev.siamese.evaluation.EvaluationModule;
import dev.siamese.training.TrainingModule;

import java.util.Collection;
import java.util.List;

/**
 * The entry point for host applications: assemble the Guice modules an experiment's settings call for and run it,
 * without the CLI. Pass extra modules to replace parts (a dataset, the listener set, the backend).
 *
 * <pre>{@code
 * RunOutcome outcome = Experiments.run(ConfigFactory.parseString("siamese.training.iterations = 500"));
 * }</pre>
 */
public final class Experiments {

    private Experiments() {
    }

    /**
     * An injector for {@code settings}: the experiment, data, training and evaluation modules, with the backend
     * {@code siamese.model.backend} names found through the SPI ({@link dev.siamese.api.spi.Backends#named}), and
     * {@code overrides} replacing any of their bindings. Every setting is read and validated here.
     */
    public static Injector injector(Settings settings, Module... overrides) {
        List<Module> base = List.of(new ExperimentModule(settings), new DataModule(), new TrainingModule(),
                new EvaluationModule());
        try {
            return Guice.createInjector(Stage.PRODUCTION, Modules.override(base).with(overrides));
        } catch (CreationException | ProvisionException e) {
            throw unwrap(e);
        }
    }

    /** Our own exceptions (a bad setting, a missing dataset) surface as themselves, not wrapped by Guice. */
    static RuntimeException unwrap(RuntimeException e) {
        List<Throwable> causes = new java.util.ArrayList<>();
        causes.add(e.getCause());
        Collection<Message> messages = e instanceof CreationException c ? c.getErrorMessages()
                : e instanceof ProvisionException p ? p.getErrorMessages() : List.of();
        messages.forEach(m -> causes.add(m.getCause()));
        for (Throwable cause : causes) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof SiameseException se) {
                    return se;
                }
                if (t instanceof IllegalArgumentException iae) {
                    return new SiameseException(iae.getMessage(), iae);
                }
            }
        }
        return e;
    }

    /** What {@code provider} provides, with our own exceptions unwrapped from Guice's (see {@link #unwrap}). */
    static <T> T provide(jakarta.inject.Provider<T> provider) {
        try {
            return provider.get();
        } catch (ProvisionException e) {
            throw unwrap(e);
        }
    }

    /** Runs the experiment a host configuration describes ({@code siamese.*} keys over the defaults). */
    public static RunOutcome run(Config config, Module... overrides) {
        return run(SettingsLoader.fromConfig(config), RunOptions.silent(), overrides);
    }

    /** Runs the experiment {@code settings} describe. */
    public static RunOutcome run(Settings settings, RunOptions options, Module... overrides) {
        ExperimentRunner runner = injector(settings, overrides).getInstance(ExperimentRunner.class);
        try {
            return runner.run(options);
        } catch (ProvisionException e) {
            throw unwrap(e);
        }
    }
}
