package dev.siamese.search.internal.hnsw;

import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.KnnFieldVectorsWriter;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.codecs.hnsw.FlatFieldVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorsWriter;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Sorter;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.IOUtils;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a segment of {@link SiameseHnswVectorsFormat}: the vectors through Lucene's flat writer, and per field one
 * {@link HnswGraph} whose node {@code i} is the field's vector ordinal {@code i}.
 *
 * <p>A flushed segment's graph is built when the segment is flushed (Lucene's own format inserts each vector while
 * indexing instead), on the format's build threads: a commit flushes the segments of all indexing threads one after
 * the other on the committing thread, so each build has to be parallel itself. A merged segment's graph is built anew
 * on the same threads: it keeps the graph of the largest merged segment that has no deletions and the same M and beam
 * (its nodes renumbered) and inserts the other segments' vectors into it, as Lucene's merge does; without such a
 * segment, it is built anew over all the merged vectors.
 * Deleted documents are not in the merged vectors. Index sorting is refused.
 */
final class SiameseHnswVectorsWriter extends KnnVectorsWriter {
    /** Draws node levels; fixed, so that a flush from one thread makes the same graph every time. */
    static final long SEED = 0x5EED_1A7E_57L;

    private final FlatVectorsWriter flat;
    private final int maxConnections;
    private final int beamWidth;
    private final int buildThreads;
    private final List<Field> fields = new ArrayList<>();
    private IndexOutput graphs;
    private boolean finished;

    SiameseHnswVectorsWriter(SegmentWriteState state, FlatVectorsWriter flat, int maxConnections, int beamWidth,
                             int buildThreads) throws IOException {
        this.flat = flat;
        this.maxConnections = maxConnections;
        this.beamWidth = beamWidth;
        this.buildThreads = buildThreads;
        String name = IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix,
                SiameseHnswVectorsFormat.GRAPH_EXTENSION);
        boolean success = false;
        try {
            graphs = state.directory.createOutput(name, state.context);
            CodecUtil.writeIndexHeader(graphs, SiameseHnswVectorsFormat.GRAPH_CODEC, SiameseHnswVectorsFormat.VERSION,
                    state.segmentInfo.getId(), state.segmentSuffix);
            success = true;
        } finally {
            if (!success) {
                IOUtils.closeWhileHandlingException(this);
            }
        }
    }

    /** A field being indexed: its vectors are kept by the flat writer until the flush. */
    private record Field(FieldInfo info, FlatFieldVectorsWriter<?> vectors) {
    }

    @Override
    public KnnFieldVectorsWriter<?> addField(FieldInfo fieldInfo) throws IOException {
        checkSupported(fieldInfo);
        FlatFieldVectorsWriter<?> vectors = flat.addField(fieldInfo);
        fields.add(new Field(fieldInfo, vectors));
        return vectors;
    }

    @Override
    public void flush(int maxDoc, Sorter.DocMap sortMap) throws IOException {
        if (sortMap != null) {
            throw new IllegalArgumentException(SiameseHnswVectorsFormat.NAME + " does not support index sorting;"
                    + " use Lucene99HnswVectorsFormat for a sorted index");
        }
        // the graphs are built from the buffered vectors before the flat writer flushes (and may release) them
        List<HnswGraph> built = new ArrayList<>(fields.size());
        for (Field field : fields) {
            @SuppressWarnings("unchecked")
            List<float[]> vectors = (List<float[]>) field.vectors().getVectors();
            int dimension = field.info().getVectorDimension();
            float[] rows = new float[Math.multiplyExact(vectors.size(), dimension)];
            for (int i = 0; i < vectors.size(); i++) {
                System.arraycopy(vectors.get(i), 0, rows, i * dimension, dimension);
            }
            built.add(HnswGraph.build(rows, dimension, settings(), buildThreads));
        }
        flat.flush(maxDoc, null);
        for (int i = 0; i < fields.size(); i++) {
            writeGraph(fields.get(i).info(), built.get(i));
        }
    }

    @Override
    public void mergeOneField(FieldInfo fieldInfo, MergeState mergeState) throws IOException {
        checkSupported(fieldInfo);
        if (mergeState.segmentInfo.getIndexSort() != null) {
            throw new IllegalArgumentException(SiameseHnswVectorsFormat.NAME + " does not support index sorting;"
                    + " use Lucene99HnswVectorsFormat for a sorted index");
        }
        flat.mergeOneField(fieldInfo, mergeState);
        FloatVectorValues merged = MergedVectorValues.mergeFloatVectorValues(fieldInfo, mergeState);
        int dimension = fieldInfo.getVectorDimension();
        float[] rows = new float[Math.max(16, merged.size()) * dimension];
        int n = 0;
        for (int doc = merged.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = merged.nextDoc()) {
            if ((n + 1) * dimension > rows.length) {
                rows = java.util.Arrays.copyOf(rows, Math.multiplyExact(rows.length, 2));
            }
            System.arraycopy(merged.vectorValue(), 0, rows, n * dimension, dimension);
            n++;
        }
        float[] exact = rows.length == n * dimension ? rows : java.util.Arrays.copyOf(rows, n * dimension);
        Base base = largestGraph(fieldInfo, mergeState);
        writeGraph(fieldInfo, base == null ? HnswGraph.build(exact, dimension, settings(), buildThreads)
                : HnswGraph.extend(base.graph(), base.offset(), exact, dimension, buildThreads));
    }

    /** A merged segment's graph to build on, and where its nodes start among the merged vectors. */
    private record Base(HnswGraph graph, int offset) {
    }

    /**
     * The largest graph of the merged segments that the merged graph can keep: ours, with this writer's M and beam,
     * in a segment without deletions (whose vectors then keep their order, from {@code offset} on, in an unsorted
     * merge); null when none can be kept.
     */
    private Base largestGraph(FieldInfo field, MergeState mergeState) throws IOException {
        int offset = 0;
        Base best = null;
        for (int i = 0; i < mergeState.knnVectorsReaders.length; i++) {
            KnnVectorsReader reader = mergeState.knnVectorsReaders[i];
            FieldInfos infos = mergeState.fieldInfos[i];
            if (reader == null || infos == null || !infos.hasVectorValues()) {
                continue;
            }
            FieldInfo info = infos.fieldInfo(field.name);
            if (info == null || !info.hasVectorValues()) {
                continue;
            }
            FloatVectorValues vectors = reader.getFloatVectorValues(field.name);
            if (vectors == null) {
                continue;
            }
            Bits live = mergeState.liveDocs[i];
            int kept = 0;
            for (int doc = vectors.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = vectors.nextDoc()) {
                if (live == null || live.get(doc)) {
                    kept++;
                }
            }
            if (live == null && (best == null || kept > best.graph().size())) {
                KnnVectorsReader own = reader instanceof PerFieldKnnVectorsFormat.FieldsReader perField
                        ? perField.getFieldReader(field.name) : reader;
                if (own instanceof SiameseHnswVectorsReader ours) {
                    HnswGraph graph = ours.graphForMerge(field.name);
                    if (graph != null && graph.size() == kept && graph.m == maxConnections
                            && graph.efConstruction == beamWidth && graph.dimension == field.getVectorDimension()) {
                        best = new Base(graph, offset);
                    }
                }
            }
            offset += kept;
        }
        return best;
    }

    private HnswGraph.Settings settings() {
        return new HnswGraph.Settings(maxConnections, beamWidth, SEED);
    }

    private static void checkSupported(FieldInfo field) {
        if (field.getVectorEncoding() != VectorEncoding.FLOAT32
                || field.getVectorSimilarityFunction() != VectorSimilarityFunction.EUCLIDEAN) {
            throw new IllegalArgumentException(SiameseHnswVectorsFormat.NAME + " indexes float vectors compared by"
                    + " Euclidean distance; field " + field.name + " has " + field.getVectorEncoding() + " vectors"
                    + " compared by " + field.getVectorSimilarityFunction());
        }
    }

    /**
     * One field's graph: field number, dimension, M, beam, seed, size, entry node, top level, then each node's level
     * (a byte), each node's level-0 links (a variable-length count, then the links as variable-length ints, in the
     * graph's order: nearest first) and the upper-level links of the nodes above level 0, level by level, alike.
     */
    private void writeGraph(FieldInfo field, HnswGraph graph) throws IOException {
        int size = graph.size();
        graphs.writeInt(field.number);
        graphs.writeInt(graph.dimension);
        graphs.writeInt(graph.m);
        graphs.writeInt(graph.efConstruction);
        graphs.writeLong(graph.seed);
        graphs.writeInt(size);
        graphs.writeInt(graph.entryNode());
        graphs.writeInt(Math.max(0, graph.maxLevel()));
        graphs.writeBytes(graph.levels, 0, size);
        for (int node = 0; node < size; node++) {
            writeLinks(graph.nodes, node * graph.stride0 + graph.linksAt);
        }
        for (int node = 0; node < size; node++) {
            int[] block = graph.upper[node];
            for (int level = 1; level <= graph.levels[node]; level++) {
                writeLinks(block, (level - 1) * graph.upperStride);
            }
        }
    }

    private void writeLinks(int[] block, int base) throws IOException {
        int count = block[base];
        graphs.writeVInt(count);
        for (int i = 1; i <= count; i++) {
            graphs.writeVInt(block[base + i]);
        }
    }

    @Override
    public void finish() throws IOException {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        finished = true;
        flat.finish();
        graphs.writeInt(-1);
        CodecUtil.writeFooter(graphs);
    }

    @Override
    public long ramBytesUsed() {
        return flat.ramBytesUsed();
    }

    @Override
    public void close() throws IOException {
        IOUtils.close(graphs, flat);
    }
}
