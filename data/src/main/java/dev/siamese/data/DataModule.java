package dev.siamese.data;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.siamese.api.image.DatasetSplits;
import dev.siamese.config.Settings;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Guice bindings of the data module: {@link DataSettings} read from the bound {@link Settings}, and the
 * {@link DatasetSplits} they name (loaded when first asked for, not when the injector is built). Decoding progress and
 * the names of skipped, unreadable pictures go to standard error. A host replaces the dataset by overriding the
 * {@code DatasetSplits} binding with its own module.
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
    TrainingPairs trainingPairs(DataSettings settings) {
        return settings.pairs();
    }

    @Provides
    DatasetSplits datasetSplits(DataSettings settings) {
        PrintStream err = System.err;
        boolean terminal = System.console() != null;
        LoadedData loaded = settings.load(new LoadProgress() {
            private long last;

            @Override
            public void update(int done, int total) {
                long now = System.nanoTime();
                if (terminal && (now - last > 250_000_000L || done == total)) {
                    last = now;
                    err.printf(Locale.ROOT, "\rdecoding pictures %,d/%,d%s", done, total, done == total ? "\n" : "");
                }
            }
        });
        loaded.notes().forEach(n -> err.println("note: " + n));
        if (!loaded.skipped().isEmpty()) {
            err.printf(Locale.ROOT, "warning: skipped %,d unreadable picture(s):%n", loaded.skipped().size());
            loaded.skipped().stream().limit(20).forEach(s -> err.println("  " + s.path() + ": " + s.reason()));
            if (loaded.skipped().size() > 20) {
                err.printf(Locale.ROOT, "  ... and %,d more%n", loaded.skipped().size() - 20);
            }
        }
        return loaded.splits();
    }
}
