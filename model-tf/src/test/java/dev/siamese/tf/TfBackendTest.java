package dev.siamese.tf;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.spi.Backend;
import dev.siamese.api.spi.Backends;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backend is found by name through ServiceLoader and bound by Guice. */
class TfBackendTest {

    @Test
    void serviceLoaderFindsTheTensorflowBackend() {
        Backend backend = Backends.named("tensorflow");
        assertThat(backend).isInstanceOf(TfBackend.class);
        assertThat(backend.version()).startsWith("2.").contains("TensorFlow Java 1.1.0");
    }

    @Test
    void guiceBindsTheBackendWithTheGivenThreadSettings() {
        Injector injector = Guice.createInjector(new TfModule(new TfOptions(1, 1)));
        Backend backend = injector.getInstance(Backend.class);
        assertThat(backend).isInstanceOf(TfBackend.class).isSameAs(injector.getInstance(Backend.class));
        assertThat(((TfBackend) backend).options()).isEqualTo(new TfOptions(1, 1));
        try (TrainableModel model = backend.create(ModelSpec.paperMlp(1))) {
            assertThat(model.embed(new float[784], 1).dimension()).isEqualTo(2);
        }
        assertThat(Guice.createInjector(new TfModule()).getInstance(Backend.class)).isInstanceOf(TfBackend.class);
    }

    @Test
    void negativeThreadCountsAreRefused() {
        assertThatThrownBy(() -> new TfOptions(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
