package dev.siamese.solr;

import dev.siamese.search.RemoteIndex;
import dev.siamese.search.SearchException;
import dev.siamese.search.SearchHit;
import dev.siamese.search.index.EmbeddingIndex;
import dev.siamese.search.index.EuclideanScores;
import dev.siamese.search.index.IndexEntry;

import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.request.schema.SchemaRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.ModifiableSolrParams;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Picture embeddings in a SolrCloud collection made with {@link SolrConfigset}: loading ({@link #add}, {@link #commit})
 * and k-nearest-neighbour search that answers with the Euclidean distances the local
 * {@link EmbeddingIndex} gives. Talks HTTP to one node ({@code http://host:8983/solr}), which routes requests to the
 * collection's shards. Every failure is a one-line {@link SearchException} naming the URL and the collection. Safe
 * for concurrent use; close it to release its connections.
 */
public final class SolrEmbeddings implements RemoteIndex {

    /** HNSW candidates a search explores by default: those of the local index. */
    public static final int DEFAULT_CANDIDATES = EmbeddingIndex.Options.defaults().candidates();

    private static final int PATHS_PER_REQUEST = 500;

    private final SolrClient client;
    private final String url;
    private final String collection;
    private final int dimension;
    private volatile boolean closed;

    private SolrEmbeddings(SolrClient client, String url, String collection, int dimension) {
        this.client = client;
        this.url = url;
        this.collection = collection;
        this.dimension = dimension;
    }

    /**
     * Creates {@code collection} for vectors of {@code dimension} values, uploading the configset
     * {@code siamese-<dimension>} first when the cluster lacks it; leaves an existing collection of that dimension as
     * it is.
     *
     * @return whether it was created (false: it existed)
     * @throws SearchException when it exists with another dimension, or the cluster cannot be reached or refuses
     */
    public static boolean createCollection(String url, String collection, int dimension, int shards, int replicas) {
        Objects.requireNonNull(collection, "collection");
        if (shards < 1 || replicas < 1) {
            throw new IllegalArgumentException("shards and replicas must be at least 1, got " + shards + " and " + replicas);
        }
        String base = SolrNode.normalize(url);
        String configset = SolrConfigset.name(dimension);
        try (SolrClient client = SolrNode.client(base)) {
            if (exists(client, base, collection)) {
                int present = vectorDimension(client, base, collection);
                if (present != dimension) {
                    throw new SearchException("collection " + collection + " at " + base + " exists with vectors of "
                            + present + " values, not " + dimension + ": choose another name or delete it");
                }
                return false;
            }
            SolrConfigset.uploadIfMissing(client, base, dimension);
            SolrNode.call("create the collection in", base, collection,
                    () -> whenActive(CollectionAdminRequest.createCollection(collection, configset, shards, replicas))
                            .process(client));
            return true;
        } catch (IOException e) {
            throw SolrNode.failure("close the connection to", base, collection, e);
        }
    }

    /**
     * The collection {@code collection} at {@code url}, for loaders: its dimension is read from its schema, nothing
     * else is checked.
     *
     * @throws SearchException when it cannot be reached or does not exist
     */
    public static SolrEmbeddings open(String url, String collection) {
        Objects.requireNonNull(collection, "collection");
        String base = SolrNode.normalize(url);
        SolrClient client = SolrNode.client(base);
        try {
            requireExists(client, base, collection);
            return new SolrEmbeddings(client, base, collection, vectorDimension(client, base, collection));
        } catch (RuntimeException e) {
            closeQuietly(client, e);
            throw e;
        }
    }

    /**
     * The collection {@code collection} at {@code url}, checked to hold vectors of {@code dimension} values made by
     * the model {@code modelId} ({@link dev.siamese.api.model.Models#identity}), so that no query is answered from
     * another model's embeddings.
     *
     * @throws SearchException when it cannot be reached, does not exist, or holds other vectors
     */
    public static SolrEmbeddings open(String url, String collection, String modelId, int dimension) {
        Objects.requireNonNull(modelId, "modelId");
        SolrEmbeddings index = open(url, collection);
        try {
            if (index.dimension != dimension) {
                throw new SearchException("collection " + collection + " at " + index.url + " holds vectors of "
                        + index.dimension + " values but the model makes " + dimension + ": search it with the model it"
                        + " was loaded with");
            }
            index.requireOnlyModel(modelId);
            return index;
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
    }

    /**
     * Sends {@code entries}, embedded by the model {@code modelId}, in one update request; a picture already there
     * (the same path) is replaced. They are searchable after {@link #commit()}.
     *
     * @throws SearchException when an embedding has another length, or Solr refuses them
     */
    public void add(List<IndexEntry> entries, String modelId) {
        Objects.requireNonNull(modelId, "modelId");
        ensureOpen();
        if (entries.isEmpty()) {
            return;
        }
        List<SolrInputDocument> docs = new ArrayList<>(entries.size());
        for (IndexEntry e : entries) {
            float[] v = e.embedding();
            if (v.length != dimension) {
                throw new SearchException("the embedding of " + e.path() + " has " + v.length + " values; " + location()
                        + " holds vectors of " + dimension);
            }
            List<Float> vector = new ArrayList<>(v.length);
            for (float f : v) {
                vector.add(f);
            }
            SolrInputDocument doc = new SolrInputDocument();
            doc.addField("id", e.path());
            doc.addField("path", e.path());
            doc.addField("hash", e.hash());
            doc.addField("size", e.size());
            doc.addField("modified", e.modified());
            doc.addField("model", modelId);
            doc.addField("vector", vector);
            docs.add(doc);
        }
        SolrNode.call("add " + docs.size() + " pictures to", url, collection,
                () -> new UpdateRequest().add(docs).process(client, collection));
    }

    /** Makes what was added searchable (a hard commit that opens a new searcher). */
    public void commit() {
        ensureOpen();
        SolrNode.call("commit", url, collection, () -> client.commit(collection, true, true));
    }

    @Override
    public String location() {
        return SolrNode.where(url, collection);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public long size() {
        ensureOpen();
        ModifiableSolrParams params = new ModifiableSolrParams();
        params.set("q", "*:*");
        params.set("rows", 0);
        return query("count the pictures of", params).getResults().getNumFound();
    }

    /** The {@code k} nearest pictures, exploring {@link #DEFAULT_CANDIDATES} HNSW candidates. */
    @Override
    public List<SearchHit> search(float[] query, int k) {
        return search(query, k, DEFAULT_CANDIDATES);
    }

    /**
     * The {@code k} nearest pictures to {@code query}, nearest first, with their Euclidean distances; each shard
     * explores {@code max(k, candidates)} HNSW candidates (in Solr 9 a kNN query's topK is also its beam).
     *
     * @throws SearchException when {@code query} has another length than the collection's vectors, or Solr fails
     */
    public List<SearchHit> search(float[] query, int k, int candidates) {
        if (k < 1 || candidates < 1) {
            throw new IllegalArgumentException("k and candidates must be at least 1, got " + k + " and " + candidates);
        }
        if (query.length != dimension) {
            throw new SearchException("the query embedding has " + query.length + " values; " + location()
                    + " holds vectors of " + dimension);
        }
        ensureOpen();
        ModifiableSolrParams params = new ModifiableSolrParams();
        params.set("q", "{!knn f=vector topK=" + Math.max(k, candidates) + "}" + vectorText(query));
        params.set("rows", k);
        params.set("fl", "path,score");
        List<SearchHit> hits = new ArrayList<>();
        for (SolrDocument doc : query("search", params).getResults()) {
            double score = ((Number) doc.getFieldValue("score")).doubleValue();
            hits.add(new SearchHit((String) doc.getFieldValue("path"), EuclideanScores.distance(score)));
        }
        hits.sort(Comparator.comparingDouble(SearchHit::distance));
        return hits;
    }

    @Override
    public Map<String, Long> hashes(List<String> paths) {
        ensureOpen();
        Map<String, Long> hashes = new HashMap<>();
        for (int from = 0; from < paths.size(); from += PATHS_PER_REQUEST) {
            ModifiableSolrParams params = new ModifiableSolrParams();
            // one id parameter per path: real-time get does not split those on commas, as it does "ids"
            params.add("id", paths.subList(from, Math.min(paths.size(), from + PATHS_PER_REQUEST)).toArray(String[]::new));
            params.set("fl", "id,hash");
            QueryRequest request = new QueryRequest(params, SolrRequest.METHOD.POST);
            request.setPath("/get");
            QueryResponse response = SolrNode.call("read the hashes of", url, collection,
                    () -> request.process(client, collection));
            Object single = response.getResponse().get("doc");
            List<SolrDocument> docs = single instanceof SolrDocument d ? List.of(d)
                    : response.getResults() != null ? response.getResults() : List.of();
            for (SolrDocument doc : docs) {
                hashes.put((String) doc.getFieldValue("id"), ((Number) doc.getFieldValue("hash")).longValue());
            }
        }
        return hashes;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                client.close();
            } catch (IOException e) {
                throw SolrNode.failure("close the connection to", url, collection, e);
            }
        }
    }

    @Override
    public String toString() {
        return location();
    }

    private QueryResponse query(String what, ModifiableSolrParams params) {
        // POST: a query vector of hundreds of values does not belong in a URL
        return SolrNode.call(what, url, collection,
                () -> new QueryRequest(params, SolrRequest.METHOD.POST).process(client, collection));
    }

    private void requireOnlyModel(String modelId) {
        ModifiableSolrParams params = new ModifiableSolrParams();
        params.set("q", "*:* -model:" + ClientUtils.escapeQueryChars(modelId));
        params.set("rows", 1);
        params.set("fl", "path,model");
        SolrDocumentList other = query("check the model of", params).getResults();
        if (other.getNumFound() > 0) {
            SolrDocument doc = other.get(0);
            long n = other.getNumFound();
            throw new SearchException(location() + " holds embeddings of another model (" + n
                    + (n == 1 ? " picture: " : " pictures, like ") + doc.getFieldValue("path") + " by model " + doc.getFieldValue("model")
                    + "); this model is " + modelId + ": search it with the model it was loaded with");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new SearchException(location() + " is closed");
        }
    }

    /**
     * {@code create}, answered once every replica is active so that loading can start at once (Solr 9.10 deprecates
     * the setter, yet its default is still not to wait).
     */
    @SuppressWarnings("deprecation")
    private static CollectionAdminRequest.Create whenActive(CollectionAdminRequest.Create create) {
        create.setWaitForFinalState(true);
        return create;
    }

    private static boolean exists(SolrClient client, String url, String collection) {
        return SolrNode.call("list the collections of", url, null,
                () -> CollectionAdminRequest.listCollections(client)).contains(collection);
    }

    private static void requireExists(SolrClient client, String url, String collection) {
        if (!exists(client, url, collection)) {
            throw new SearchException("there is no collection " + collection + " at " + url
                    + " (create it with SolrEmbeddings.createCollection and load it first)");
        }
    }

    /** The {@code vectorDimension} of the collection's {@code vector} field, from the schema API. */
    private static int vectorDimension(SolrClient client, String url, String collection) {
        Map<String, Object> field = SolrNode.call("read the schema of", url, collection,
                () -> new SchemaRequest.Field("vector").process(client, collection)).getField();
        Object type = field == null ? null : field.get("type");
        Object dim = type == null ? null : SolrNode.call("read the schema of", url, collection,
                () -> new SchemaRequest.FieldType(type.toString()).process(client, collection))
                .getFieldType().getAttributes().get("vectorDimension");
        if (dim == null) {
            throw new SearchException(SolrNode.where(url, collection) + " has no vector field with a vectorDimension:"
                    + " it was not made with the siamese configset (SolrEmbeddings.createCollection)");
        }
        try {
            return Integer.parseInt(dim.toString());
        } catch (NumberFormatException e) {
            throw new SearchException(SolrNode.where(url, collection) + " has a vector field of dimension '" + dim
                    + "', not a number");
        }
    }

    /** {@code [v0,v1,...]} in plain decimals that parse back to the same floats. */
    private static String vectorText(float[] v) {
        StringBuilder text = new StringBuilder(v.length * 12).append('[');
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new SearchException("the query embedding has a non-finite value at " + i + ": " + v[i]);
            }
            text.append(i == 0 ? "" : ",").append(new BigDecimal(Float.toString(v[i])).toPlainString());
        }
        return text.append(']').toString();
    }

    private static void closeQuietly(SolrClient client, RuntimeException failure) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
