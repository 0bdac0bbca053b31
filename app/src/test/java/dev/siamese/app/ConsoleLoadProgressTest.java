package dev.siamese.app;

import com.google.inject.Guice;
import com.google.inject.AbstractModule;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.config.Settings;
import dev.siamese.config.SettingsLoader;
import dev.siamese.data.DataModule;
import dev.siamese.data.LoadProgress;
import dev.siamese.data.LoadedData;
import dev.siamese.data.pictures.SkippedFile;
import dev.siamese.data.readers.SyntheticDigits;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The data module only binds; what a load reports reaches the console through the app's binding. */
class ConsoleLoadProgressTest {

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

    @Test
    void printsNotesAndNamesTheSkippedPictures() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            List<SkippedFile> skipped = new ArrayList<>();
            for (int i = 0; i < 23; i++) {
                skipped.add(new SkippedFile(Path.of("broken-" + i + ".png"), "not a picture"));
            }
            new ConsoleLoadProgress().finished(new LoadedData(SyntheticDigits.splits(20, 10, 1), skipped,
                    List.of("cached decoded pictures")));
        } finally {
            System.setErr(before);
        }
        String err = bytes.toString(StandardCharsets.UTF_8);
        assertThat(err).contains("note: cached decoded pictures").contains("warning: skipped 23 unreadable picture(s)")
                .contains("broken-0.png: not a picture").contains("broken-19.png").doesNotContain("broken-20.png")
                .contains("... and 3 more");
    }
}
