/**
 * Large-scale picture comparison on top of embeddings or perceptual hashes: the classic hash baselines
 * (average, difference and DCT hashes), exact k-nearest neighbours in cache-friendly blocks, a persistent
 * approximate index (HNSW vectors in Lucene) that can be updated incrementally, near-duplicate groups with
 * CSV and JSON reports, and a folder pipeline that decodes pictures in parallel, bounded batches for any
 * embedding function.
 *
 * <p>No native memory. Lucene is an implementation detail: no Lucene type appears in this module's API.
 * {@code dev.siamese.data} is required transitively for its picture decoding and {@code SkippedFile}.
 */
module dev.siamese.search {
    requires transitive dev.siamese.api;
    requires transitive dev.siamese.data;
    // only SearchSettings and SearchModule use it (optional in the POM)
    requires static dev.siamese.config;
    requires org.apache.lucene.core;
    // only SearchModule, the Guice binding, uses it (optional in the POM: a host application needs no Guice)
    requires static com.google.guice;
    // SIMD dot products for exact search and dedup when the launcher adds the module (see VectorApi); optional
    requires static jdk.incubator.vector;
    // to quiet one misleading Lucene notice about that module (VectorApi)
    requires java.logging;
    // lets Lucene unmap its memory-mapped files promptly (it warns without it)
    requires jdk.unsupported;

    exports dev.siamese.search;
    exports dev.siamese.search.dedup;
    exports dev.siamese.search.hashes;
    exports dev.siamese.search.index;
    exports dev.siamese.search.knn;
    exports dev.siamese.search.scan;
    // Csv (quoting a CSV field) for the app's embed and near-duplicates commands; the kernels stay inside
    exports dev.siamese.search.internal to dev.siamese.app;
    // the benchmarks, for `siamese bench index` and `siamese bench knn`
    exports dev.siamese.search.bench to dev.siamese.app;
    exports dev.siamese.search.neardup;

    opens dev.siamese.search to com.google.guice;

    // our HNSW graph as a Lucene vector format, found by name when Lucene opens a segment written with it
    provides org.apache.lucene.codecs.KnnVectorsFormat with dev.siamese.search.internal.hnsw.SiameseHnswVectorsFormat;

    // search clusters (the siamese-solr module provides one from the class path)
    uses dev.siamese.search.RemoteIndexProvider;
}
