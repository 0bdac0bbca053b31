package dev.siamese.tf;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.siamese.api.spi.Backend;

import java.util.Objects;

/** Binds {@link Backend} to the TensorFlow backend, with TensorFlow's default thread settings unless told otherwise. */
public final class TfModule extends AbstractModule {
    private final TfOptions options;

    public TfModule() {
        this(TfOptions.defaults());
    }

    public TfModule(TfOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    protected void configure() {
        bind(TfOptions.class).toInstance(options);
    }

    @Provides
    @Singleton
    Backend backend(TfOptions tfOptions) {
        return new TfBackend(tfOptions);
    }
}
