package dev.siamese.spark;

import dev.siamese.api.SiameseException;
import dev.siamese.search.index.IndexEntry;
import dev.siamese.solr.SolrEmbeddings;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Loads an embedding table into a SolrCloud collection: each task sends its rows in update batches to the node
 * given (which routes them to the shard leaders); one commit at the end. The collection's vector size must be the
 * embeddings'; with {@code create} it is made first from the shipped configset.
 */
public final class SolrLoadJob {

    /** What to load where. */
    public record Options(String embeddings, String solr, String collection, boolean create, int shards, int replicas,
                          int batch) {
        public Options {
            Objects.requireNonNull(embeddings, "embeddings");
            Objects.requireNonNull(solr, "solr");
            Objects.requireNonNull(collection, "collection");
            if (shards < 1 || replicas < 1 || batch < 1) {
                throw new IllegalArgumentException("--shards, --replicas and --batch must be at least 1");
            }
        }
    }

    /** Documents loaded, the model, and the time. */
    public record Result(long documents, String model, int dimension, double seconds) {
        public String summary() {
            return String.format(Locale.ROOT, "loaded %,d embeddings of %d values (model %s) in %.1f s (%.0f/s)",
                    documents, dimension, model, seconds, seconds > 0 ? documents / seconds : 0);
        }
    }

    private SolrLoadJob() {
    }

    public static Result run(SparkSession spark, Options o) {
        long start = System.nanoTime();
        Dataset<Row> table = EmbedJob.readTable(spark, o.embeddings());
        List<Row> models = table.select(EmbeddingTable.MODEL).distinct().limit(2).collectAsList();
        if (models.isEmpty()) {
            throw new SiameseException("embedding table " + o.embeddings() + " is empty");
        }
        if (models.size() > 1) {
            throw new SiameseException("embedding table " + o.embeddings() + " mixes models " + models.get(0).getString(0)
                    + " and " + models.get(1).getString(0) + "; a collection holds one model's vectors");
        }
        String model = models.get(0).getString(0);
        int dimension = table.select(EmbeddingTable.EMBEDDING).first().getList(0).size();
        if (o.create()) {
            SolrEmbeddings.createCollection(o.solr(), o.collection(), dimension, o.shards(), o.replicas());
        }
        // checked once on the driver: the collection exists and holds vectors of this size from this model
        SolrEmbeddings.open(o.solr(), o.collection(), model, dimension).close();
        String url = o.solr();
        String collection = o.collection();
        int batch = o.batch();
        table.select(EmbeddingTable.PATH, EmbeddingTable.EMBEDDING, EmbeddingTable.HASH, EmbeddingTable.SIZE,
                EmbeddingTable.MODIFIED).javaRDD().foreachPartition(rows -> {
                    try (SolrEmbeddings solr = SolrEmbeddings.open(url, collection)) {
                        List<IndexEntry> pending = new ArrayList<>(batch);
                        while (rows.hasNext()) {
                            Row r = rows.next();
                            pending.add(new IndexEntry(r.getString(0), Rows.floats(r, 1), r.getLong(2), r.getLong(3),
                                    r.getLong(4)));
                            if (pending.size() == batch) {
                                solr.add(pending, model);
                                pending.clear();
                            }
                        }
                        if (!pending.isEmpty()) {
                            solr.add(pending, model);
                        }
                    }
                });
        long documents;
        try (SolrEmbeddings solr = SolrEmbeddings.open(url, collection)) {
            solr.commit();
            documents = solr.size();
        }
        return new Result(documents, model, dimension, (System.nanoTime() - start) / 1e9);
    }
}
