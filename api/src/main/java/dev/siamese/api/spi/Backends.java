package dev.siamese.api.spi;

import dev.siamese.api.ModelException;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds {@link Backend} implementations on the module path or class path. */
public final class Backends {

    private Backends() {
    }

    /** Every backend that {@link ServiceLoader} finds. */
    public static List<Backend> available() {
        return ServiceLoader.load(Backend.class).stream().map(ServiceLoader.Provider::get).collect(Collectors.toList());
    }

    /** The setting that names the backend an experiment trains with. */
    public static final String BACKEND_SETTING = "siamese.model.backend";

    /**
     * The backend {@code settings} name ({@value #BACKEND_SETTING}), configured from them
     * ({@link Backend#configure}); an unknown name fails naming the setting and where it was set.
     */
    public static Backend named(BackendSettings settings) {
        String name = settings.getString(BACKEND_SETTING);
        List<Backend> all = available();
        Backend backend = all.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(() -> settings.invalid(
                BACKEND_SETTING, "unknown backend '" + name + "': none of that name is on the module path; available: "
                        + all.stream().map(Backend::name).collect(Collectors.toList())));
        return backend.configure(settings);
    }

    /** The backend called {@code name}. */
    public static Backend named(String name) {
        List<Backend> all = available();
        return all.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(() -> new ModelException(
                "no backend called '" + name + "' is on the module path; available: "
                        + all.stream().map(Backend::name).collect(Collectors.toList())
                        + " (add the siamese-model-tf module for 'tensorflow')"));
    }
}
