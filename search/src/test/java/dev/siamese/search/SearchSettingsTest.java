package dev.siamese.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;

import dev.siamese.config.Settings;
import dev.siamese.config.SettingsException;
import dev.siamese.config.SettingsLoader;
import dev.siamese.search.dedup.DuplicateGroups;
import dev.siamese.search.index.EmbeddingIndex;
import dev.siamese.search.index.Quantization;

import org.junit.jupiter.api.Test;

import java.util.List;

class SearchSettingsTest {

    @Test
    void defaultsMatchTheIndexDefaultsAndOverridesApply() {
        SearchSettings defaults = SearchSettings.from(SettingsLoader.load(null, List.of()));
        assertThat(defaults.index()).isEqualTo(EmbeddingIndex.Options.defaults());
        assertThat(defaults.batch()).isEqualTo(256);
        assertThat(defaults.neighbours()).isEqualTo(20);
        assertThat(defaults.htmlMaxGroups()).isEqualTo(200);
        assertThat(defaults.grouping()).isEqualTo(DuplicateGroups.Grouping.CENTRED);
        assertThat(SearchSettings.from(SettingsLoader.load(null, List.of("search.dedup.grouping = centred"))).grouping())
                .isEqualTo(DuplicateGroups.Grouping.CENTRED);
        SearchSettings changed = SearchSettings.from(SettingsLoader.load(null,
                List.of("search.index.candidates = 40", "search.index.commit-every = 7", "search.dedup.neighbours = 5")));
        assertThat(changed.index().candidates()).isEqualTo(40);
        assertThat(changed.index().commitEvery()).isEqualTo(7);
        assertThat(changed.neighbours()).isEqualTo(5);
        assertThat(changed.index().mergeThreads()).isEqualTo(EmbeddingIndex.Options.defaults().mergeThreads());
        SearchSettings merging = SearchSettings.from(SettingsLoader.load(null, List.of("search.index.merge-threads = 3")));
        assertThat(merging.index().mergeThreads()).isEqualTo(3);
        assertThat(SearchSettings.from(SettingsLoader.load(null, List.of())).index().graph())
                .isEqualTo(EmbeddingIndex.Graph.OWN);
        assertThat(SearchSettings.from(SettingsLoader.load(null, List.of("search.index.graph = lucene"))).index().graph())
                .isEqualTo(EmbeddingIndex.Graph.LUCENE);
        assertThat(defaults.index().quantization()).isEqualTo(Quantization.NONE);
        SearchSettings quantized = SearchSettings.from(SettingsLoader.load(null, List.of("search.index.quantization = int4")));
        assertThat(quantized.index().quantization()).isEqualTo(Quantization.INT4);
    }

    @Test
    void badValuesAndUnknownKeysNameTheKey() {
        assertThatThrownBy(() -> SearchSettings.from(SettingsLoader.load(null, List.of("search.index.max-connections = 1"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.search.index.max-connections");
        assertThatThrownBy(() -> SettingsLoader.load(null, List.of("search.index.candidate = 5")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.search.index.candidate")
                .hasMessageContaining("siamese.search.index.candidates");
        assertThatThrownBy(() -> SearchSettings.from(SettingsLoader.load(null, List.of("search.dedup.grouping = centered"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.search.dedup.grouping")
                .hasMessageContaining("centred");
        assertThatThrownBy(() -> SearchSettings.from(SettingsLoader.load(null, List.of("search.index.merge-threads = 300"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.search.index.merge-threads");
        assertThatThrownBy(() -> SearchSettings.from(SettingsLoader.load(null, List.of("search.index.graph = faiss"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.search.index.graph");
        assertThatThrownBy(() -> SearchSettings.from(SettingsLoader.load(null, List.of("search.index.quantization = int8"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.search.index.quantization")
                .hasMessageContaining("int7");
    }

    @Test
    void theGuiceModuleBindsTheSettingsAndIndexOptions() {
        Settings settings = SettingsLoader.load(null, List.of("search.index.beam-width = 50"));
        var injector = Guice.createInjector(new SearchModule(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(Settings.class).toInstance(settings);
            }
        });
        assertThat(injector.getInstance(EmbeddingIndex.Options.class).beamWidth()).isEqualTo(50);
        assertThat(injector.getInstance(SearchSettings.class).index().beamWidth()).isEqualTo(50);
    }
}
