package dev.siamese.search;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link RemoteIndexProvider} of a search engine and opens a collection through it. */
public final class RemoteIndexes {

    private RemoteIndexes() {
    }

    /** The engines whose providers are on the class or module path. */
    public static List<String> engines() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(RemoteIndexProvider.class).forEach(p -> names.add(p.engine()));
        return names;
    }

    /**
     * The collection {@code collection} of the {@code engine} cluster at {@code url}, checked as
     * {@link RemoteIndexProvider#open} checks it.
     *
     * @throws SearchException when no provider of {@code engine} is on the path
     */
    public static RemoteIndex open(String engine, String url, String collection, String modelId, int dimension) {
        for (RemoteIndexProvider provider : ServiceLoader.load(RemoteIndexProvider.class)) {
            if (provider.engine().equals(engine)) {
                return provider.open(url, collection, modelId, dimension);
            }
        }
        throw new SearchException("no " + engine + " client on the class path (found: " + engines() + "); the "
                + engine + " module's jars must be there: the siamese launcher adds " + engine + "/target/lib when built");
    }
}
