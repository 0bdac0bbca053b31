package dev.siamese.search.internal.hnsw;

import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.hnsw.FlatVectorsReader;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.store.BufferedChecksumIndexInput;
import org.apache.lucene.store.ChecksumIndexInput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.IOUtils;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Reads a segment of {@link SiameseHnswVectorsFormat}: the vectors from Lucene's flat reader, and the graphs from
 * the segment's graph file, which opening checks only for its header and footer (as Lucene checks its own graph
 * file). The graphs are loaded onto the heap by the first search of the segment (once, thread-safely; merges and full
 * reads never load them), reading the graph file whole against its checksum and the vectors from the flat file.
 *
 * <p>Memory once loaded: {@link HnswGraph}'s, per node {@code 4 (dimension + 2M + 1) + 1} bytes plus on average
 * about {@code (4 (M + 1) + 16) / (M - 1) + 8} for the upper levels: about 405 bytes at 64 dimensions and M 16, 405
 * MB a million vectors (the vectors are copied beside level 0's links for speed, so they are held twice: here and
 * memory-mapped in the flat file), plus 4 bytes per node to map ordinals to documents when some documents have no
 * vector, and 2 bytes per node for each thread that searched the segment. It goes when the segment is closed.
 */
public final class SiameseHnswVectorsReader extends KnnVectorsReader {
    private final FlatVectorsReader flat;
    private final FieldInfos fieldInfos;
    private final int maxDoc;
    private final IndexInput graphs;
    private final String graphFile;
    private final byte[] segmentId;
    private final String segmentSuffix;
    /** By field number, once loaded; null before the first search. */
    private volatile Map<Integer, Loaded> loaded;

    SiameseHnswVectorsReader(SegmentReadState state, FlatVectorsReader flat) throws IOException {
        this.flat = flat;
        this.fieldInfos = state.fieldInfos;
        this.maxDoc = state.segmentInfo.maxDoc();
        this.segmentId = state.segmentInfo.getId();
        this.segmentSuffix = state.segmentSuffix;
        this.graphFile = IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix,
                SiameseHnswVectorsFormat.GRAPH_EXTENSION);
        IndexInput in = null;
        boolean success = false;
        try {
            in = state.directory.openInput(graphFile, state.context);
            CodecUtil.checkIndexHeader(in, SiameseHnswVectorsFormat.GRAPH_CODEC, SiameseHnswVectorsFormat.VERSION,
                    SiameseHnswVectorsFormat.VERSION, state.segmentInfo.getId(), state.segmentSuffix);
            // the footer's structure and the file's length; the checksum is verified when the graphs are loaded
            CodecUtil.retrieveChecksum(in);
            success = true;
        } finally {
            if (!success) {
                IOUtils.closeWhileHandlingException(in, flat);
            }
        }
        this.graphs = in;
    }

    /** A field's graph on the heap, with the documents of its ordinals and what, if anything, is wrong with them. */
    private record Loaded(HnswGraph graph, int[] docs, String damage) {
        int doc(int ordinal) {
            return docs == null ? ordinal : docs[ordinal];
        }
    }

    /** The nearest documents a graph search found, nearest first, with their squared Euclidean distances. */
    public record Found(int[] docs, float[] distances) {
        public int size() {
            return docs.length;
        }
    }

    /**
     * Thrown by a search of a segment whose stored vectors are not finite (NaN or infinite values) or that meets a
     * distance that is not finite: the flat file is damaged, and no answer from it can be trusted.
     */
    public static final class NotFinite extends RuntimeException {
        NotFinite(String message) {
            super(message);
        }
    }

    /**
     * The {@code k} nearest documents of {@code field} to {@code query} that {@code acceptDocs} accepts (null: all),
     * exploring a beam of {@code max(ef, k)}; empty when the segment has no vectors in that field.
     *
     * @throws NotFinite when the segment's vectors are damaged
     */
    public Found search(String field, float[] query, int k, int ef, Bits acceptDocs) throws IOException {
        FieldInfo info = fieldInfos.fieldInfo(field);
        if (info == null || !info.hasVectorValues()) {
            return new Found(new int[0], new float[0]);
        }
        Loaded graph = graphs().get(info.number);
        if (graph == null || graph.graph().size() == 0) {
            return new Found(new int[0], new float[0]);
        }
        if (graph.damage() != null) {
            throw new NotFinite(graph.damage());
        }
        IntPredicate accept = acceptDocs == null ? null : ordinal -> acceptDocs.get(graph.doc(ordinal));
        HnswGraph.Hits hits = graph.graph().search(query, k, ef, accept);
        int[] docs = new int[hits.size()];
        for (int i = 0; i < docs.length; i++) {
            float d = hits.distances()[i];
            if (!Float.isFinite(d)) {
                throw new NotFinite("a search met a stored embedding at distance " + d + " (" + graphFile + ")");
            }
            docs[i] = graph.doc(hits.nodes()[i]);
        }
        return new Found(docs, hits.distances());
    }

    /**
     * Lucene's k-NN search: our graph search with a beam of the collector's k. A visit limit below the segment's
     * vectors (a filter that accepts few documents) ends the search at once as over the limit, so that the query
     * searches the accepted documents exactly, as Lucene does when its graph search would visit more than that.
     */
    @Override
    public void search(String field, float[] target, KnnCollector knnCollector, Bits acceptDocs) throws IOException {
        FieldInfo info = fieldInfos.fieldInfo(field);
        Loaded graph = info == null ? null : graphs().get(info.number);
        if (graph == null || graph.graph().size() == 0) {
            return;
        }
        if (knnCollector.visitLimit() < graph.graph().size()) {
            knnCollector.incVisitedCount((int) Math.min(Integer.MAX_VALUE, knnCollector.visitLimit() + 1));
            return;
        }
        Found found = search(field, target, knnCollector.k(), knnCollector.k(), acceptDocs);
        knnCollector.incVisitedCount(Math.max(1, found.size()));
        for (int i = 0; i < found.size(); i++) {
            knnCollector.collect(found.docs()[i], 1 / (1 + found.distances()[i]));
        }
    }

    @Override
    public void search(String field, byte[] target, KnnCollector knnCollector, Bits acceptDocs) {
        throw new UnsupportedOperationException(SiameseHnswVectorsFormat.NAME + " holds float vectors only; field "
                + field + " has no byte vectors");
    }

    @Override
    public FloatVectorValues getFloatVectorValues(String field) throws IOException {
        return flat.getFloatVectorValues(field);
    }

    @Override
    public ByteVectorValues getByteVectorValues(String field) throws IOException {
        return flat.getByteVectorValues(field);
    }

    /** Verifies the flat vectors' files and the whole graph file against their checksums. */
    @Override
    public void checkIntegrity() throws IOException {
        flat.checkIntegrity();
        CodecUtil.checksumEntireFile(graphs);
    }

    @Override
    public long ramBytesUsed() {
        long bytes = flat.ramBytesUsed();
        Map<Integer, Loaded> graphs = loaded;
        if (graphs != null) {
            for (Loaded graph : graphs.values()) {
                HnswGraph g = graph.graph();
                bytes += 4L * g.nodes.length + g.levels.length + 8L * g.upper.length
                        + (graph.docs() == null ? 0 : 4L * graph.docs().length);
            }
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        loaded = null;
        IOUtils.close(flat, graphs);
    }

    /**
     * The field's graph for a merge to build on, or null when it has none or its vectors are damaged: the loaded one,
     * else one loaded for the merge alone (not kept: the merged segment replaces this one).
     */
    HnswGraph graphForMerge(String field) throws IOException {
        FieldInfo info = fieldInfos.fieldInfo(field);
        if (info == null) {
            return null;
        }
        Map<Integer, Loaded> graphs = loaded;
        Loaded graph = (graphs != null ? graphs : load()).get(info.number);
        return graph == null || graph.damage() != null ? null : graph.graph();
    }

    private Map<Integer, Loaded> graphs() throws IOException {
        Map<Integer, Loaded> graphs = loaded;
        if (graphs == null) {
            synchronized (this) {
                graphs = loaded;
                if (graphs == null) {
                    graphs = load();
                    loaded = graphs;
                }
            }
        }
        return graphs;
    }

    /** Reads the whole graph file, checking its checksum, and each graph's vectors from the flat file. */
    private Map<Integer, Loaded> load() throws IOException {
        IndexInput clone = graphs.clone();
        clone.seek(0);
        Map<Integer, HnswGraph> read = new HashMap<>();
        try (ChecksumIndexInput in = new BufferedChecksumIndexInput(clone)) {
            Throwable failure = null;
            try {
                CodecUtil.checkIndexHeader(in, SiameseHnswVectorsFormat.GRAPH_CODEC, SiameseHnswVectorsFormat.VERSION,
                        SiameseHnswVectorsFormat.VERSION, segmentId, segmentSuffix);
                for (int number = in.readInt(); number != -1; number = in.readInt()) {
                    FieldInfo info = fieldInfos.fieldInfo(number);
                    if (info == null || !info.hasVectorValues()) {
                        throw new CorruptIndexException("graph of field number " + number + ", which has no vectors", in);
                    }
                    read.put(number, readGraph(in, info));
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                CodecUtil.checkFooter(in, failure);
            }
        }
        Map<Integer, Loaded> graphs = new HashMap<>();
        for (Map.Entry<Integer, HnswGraph> entry : read.entrySet()) {
            graphs.put(entry.getKey(), withVectors(fieldInfos.fieldInfo(entry.getKey()), entry.getValue()));
        }
        return Map.copyOf(graphs);
    }

    private HnswGraph readGraph(ChecksumIndexInput in, FieldInfo info) throws IOException {
        int dimension = in.readInt();
        int m = in.readInt();
        int beam = in.readInt();
        long seed = in.readLong();
        int size = in.readInt();
        int entry = in.readInt();
        int maxLevel = in.readInt();
        if (dimension != info.getVectorDimension() || m < 2 || m > 512 || beam < 1 || size < 0 || size > maxDoc
                || entry < -1 || entry >= size || maxLevel < 0 || maxLevel > Byte.MAX_VALUE) {
            throw new CorruptIndexException("impossible graph header of field " + info.name + " (dimension "
                    + dimension + ", M " + m + ", beam " + beam + ", " + size + " nodes, entry " + entry + ", top level "
                    + maxLevel + ")", in);
        }
        HnswGraph graph = new HnswGraph(dimension, size, new HnswGraph.Settings(m, beam, seed));
        in.readBytes(graph.levels, 0, size);
        for (int node = 0; node < size; node++) {
            int level = graph.levels[node];
            if (level < 0 || level > maxLevel) {
                throw new CorruptIndexException("node " + node + " has level " + level + " above the top " + maxLevel, in);
            }
            readLinks(in, graph.nodes, node * graph.stride0 + graph.linksAt, graph.m0, size, node);
        }
        for (int node = 0; node < size; node++) {
            int level = graph.levels[node];
            if (level > 0) {
                int[] block = new int[level * graph.upperStride];
                for (int l = 0; l < level; l++) {
                    readLinks(in, block, l * graph.upperStride, graph.m, size, node);
                }
                graph.upper[node] = block;
            }
        }
        graph.restore(size, entry, maxLevel);
        return graph;
    }

    /** Reads one node's links on one level into {@code block} at {@code base} (count, then links), checking them. */
    private static void readLinks(IndexInput in, int[] block, int base, int most, int size, int node)
            throws IOException {
        int count = in.readVInt();
        if (count < 0 || count > most) {
            throw new CorruptIndexException("node " + node + " has " + count + " links (at most " + most + ")", in);
        }
        block[base] = count;
        for (int i = 1; i <= count; i++) {
            int friend = in.readVInt();
            if (friend < 0 || friend >= size) {
                throw new CorruptIndexException("node " + node + " links to " + friend + " of " + size + " nodes", in);
            }
            block[base + i] = friend;
        }
    }

    /** Copies the field's vectors into the graph and records which documents they belong to. */
    private Loaded withVectors(FieldInfo info, HnswGraph graph) throws IOException {
        FloatVectorValues vectors = flat.getFloatVectorValues(info.name);
        int size = graph.size();
        if (vectors == null || vectors.size() != size) {
            throw new CorruptIndexException("graph of field " + info.name + " has " + size + " nodes but the segment "
                    + (vectors == null ? "no vectors" : vectors.size() + " vectors"), graphs);
        }
        int[] docs = size == maxDoc ? null : new int[size];
        String damage = null;
        int dimension = graph.dimension;
        int ordinal = 0;
        for (int doc = vectors.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = vectors.nextDoc(), ordinal++) {
            float[] vector = vectors.vectorValue();
            int at = ordinal * graph.stride0 + graph.vectorAt;
            for (int i = 0; i < dimension; i++) {
                float v = vector[i];
                if (damage == null && !Float.isFinite(v)) {
                    damage = "a search met a stored embedding at a distance that is not finite (document " + doc
                            + " holds " + v + ")";
                }
                graph.nodes[at + i] = Float.floatToRawIntBits(v);
            }
            if (docs != null) {
                docs[ordinal] = doc;
            }
        }
        return new Loaded(graph, docs, damage);
    }
}
