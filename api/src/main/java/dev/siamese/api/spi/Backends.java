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

    /** The backend called {@code name}. */
    public static Backend named(String name) {
        List<Backend> all = available();
        return all.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(() -> new ModelException(
                "no backend called '" + name + "' is on the module path; available: "
                        + all.stream().map(Backend::name).collect(Collectors.toList())
                        + " (add the siamese-model-tf module for 'tensorflow')"));
    }
}
