package dev.siamese.solr;

import dev.siamese.search.RemoteIndex;
import dev.siamese.search.RemoteIndexProvider;

/** The {@code solr} engine of {@link dev.siamese.search.RemoteIndexes}: opens {@link SolrEmbeddings}. */
public final class SolrRemoteIndexProvider implements RemoteIndexProvider {

    @Override
    public String engine() {
        return "solr";
    }

    @Override
    public RemoteIndex open(String url, String collection, String modelId, int dimension) {
        return SolrEmbeddings.open(url, collection, modelId, dimension);
    }
}
