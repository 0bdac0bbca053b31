package dev.siamese.search;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99FlatVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsReader;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsWriter;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.search.TaskExecutor;

import java.io.IOException;
import java.util.concurrent.ExecutorService;

/**
 * Lucene's HNSW vector format, the files byte for byte as {@link Lucene99HnswVectorsFormat} writes them, built with
 * {@link FastVectorsScorer}. It carries Lucene's format name, so an index written with it is read by Lucene's own
 * format (indexes of earlier versions and of this one read and merge alike); only the scorer that builds and merges
 * graphs differs.
 */
final class HnswVectorsFormat extends KnnVectorsFormat {
    private final int maxConnections;
    private final int beamWidth;
    private final int mergeThreads;
    private final TaskExecutor mergeExecutor;
    private final Lucene99FlatVectorsFormat flat = new Lucene99FlatVectorsFormat(FastVectorsScorer.INSTANCE);

    /** A format whose merges build the graph on {@code mergeThreads} threads of {@code mergePool} (null: one). */
    HnswVectorsFormat(int maxConnections, int beamWidth, int mergeThreads, ExecutorService mergePool) {
        super("Lucene99HnswVectorsFormat");
        // Lucene's constructor checks the parameters; it is kept for that and for its description
        Lucene99HnswVectorsFormat checked = mergePool == null
                ? new Lucene99HnswVectorsFormat(maxConnections, beamWidth)
                : new Lucene99HnswVectorsFormat(maxConnections, beamWidth, mergeThreads, mergePool);
        assert checked.getName().equals(getName());
        this.maxConnections = maxConnections;
        this.beamWidth = beamWidth;
        this.mergeThreads = mergePool == null ? 1 : mergeThreads;
        this.mergeExecutor = mergePool == null ? null : new TaskExecutor(mergePool);
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        return new Lucene99HnswVectorsWriter(state, maxConnections, beamWidth, flat.fieldsWriter(state), mergeThreads,
                mergeExecutor);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return new Lucene99HnswVectorsReader(state, flat.fieldsReader(state));
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return 1024;
    }

    @Override
    public String toString() {
        return "HnswVectorsFormat(maxConnections=" + maxConnections + ", beamWidth=" + beamWidth + ", mergeThreads="
                + mergeThreads + ", scorer=" + FastVectorsScorer.INSTANCE + ")";
    }
}
