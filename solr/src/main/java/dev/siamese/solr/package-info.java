/**
 * Picture embeddings served by Apache Solr 9 (SolrCloud): the shipped configset ({@link dev.siamese.solr.SolrConfigset}),
 * loading and k-nearest-neighbour search ({@link dev.siamese.solr.SolrEmbeddings}), and the {@code solr} engine of
 * {@link dev.siamese.search.RemoteIndexes}. A class-path module: SolrJ is not modular.
 */
package dev.siamese.solr;
