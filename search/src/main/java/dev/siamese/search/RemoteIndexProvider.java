package dev.siamese.search;

/**
 * Opens {@link RemoteIndex}es of one search engine; found through {@link java.util.ServiceLoader} (a
 * {@code META-INF/services} entry on the class path, as the {@code siamese-solr} module ships one).
 */
public interface RemoteIndexProvider {

    /** The engine's name, as {@code siamese search --engine} takes it ({@code solr}). */
    String engine();

    /**
     * The collection {@code collection} at {@code url}, checked to hold vectors of {@code dimension} values made by
     * the model {@code modelId} ({@link dev.siamese.api.model.Models#identity}).
     *
     * @throws SearchException when it cannot be reached, does not exist, or holds other vectors
     */
    RemoteIndex open(String url, String collection, String modelId, int dimension);
}
