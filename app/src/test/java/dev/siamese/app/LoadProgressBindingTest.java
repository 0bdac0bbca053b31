package dev.siamese.app;

import com.google.inject.Guice;
import com.google.inject.AbstractModule;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.config.Settings;
import dev.siamese.config.SettingsLoader;
import dev.siamese.data.ConsoleLoadProgress;
import dev.siamese.data.DataModule;
import dev.siamese.data.LoadProgress;
import dev.siamese.data.LoadedData;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The data module only binds; what a load reports reaches the console through the app's binding. */
class LoadProgressBindingTest {

    @Test
    void theAppBindsTheConsoleAndTheDataModuleAloneStaysSilent() {
        Settings settings = SettingsLoader.fromConfig(com.typesafe.config.ConfigFactory.empty());
        assertThat(Experiments.injector(settings).getInstance(LoadProgress.class)).isInstanceOf(ConsoleLoadProgress.class);
        LoadProgress alone = Guice.createInjector(new DataModule(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(Settings.class).toInstance(settings);
            }
        }).getInstance(LoadProgress.class);
        assertThat(alone).isNotInstanceOf(ConsoleLoadProgress.class);
    }

    @Test
    void theDataModuleTellsTheBoundProgressWhatItLoaded() {
        Settings settings = SettingsLoader.fromConfig(com.typesafe.config.ConfigFactory.parseString(
                "siamese.data.synthetic-digits { train-size = 200, test-size = 50 }"));
        List<LoadedData> finished = new ArrayList<>();
        DatasetSplits splits = Guice.createInjector(new DataModule(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(Settings.class).toInstance(settings);
                com.google.inject.multibindings.OptionalBinder.newOptionalBinder(binder(), LoadProgress.class).setBinding()
                        .toInstance(new LoadProgress() {
                            @Override
                            public void update(int done, int total) {
                            }

                            @Override
                            public void finished(LoadedData loaded) {
                                finished.add(loaded);
                            }
                        });
            }
        }).getInstance(DatasetSplits.class);
        assertThat(finished).singleElement().satisfies(l -> assertThat(l.splits()).isSameAs(splits));
    }
}
