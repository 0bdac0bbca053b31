package dev.siamese.search.internal.hnsw;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99FlatVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

import java.io.IOException;

/**
 * A Lucene vector format that searches our own {@link HnswGraph} (hnswlib's layout and build, several times faster
 * than Lucene 9.12's graph) instead of Lucene's: the float vectors are Lucene's flat vectors ({@code .vec},
 * {@code .vemf}, written and read by {@link Lucene99FlatVectorsFormat}), and each segment adds one graph file,
 * {@code .}{@value #GRAPH_EXTENSION}, with Lucene's codec header and checksummed footer, holding per field the
 * graph's levels and links (the vectors come from the flat file when the graph is loaded).
 *
 * <p>Found by name ({@value #NAME}) through the service loader, so that any Lucene reader opens segments written
 * with it. Only Euclidean float vectors and unsorted indexes are supported; anything else is refused when written.
 * See {@link SiameseHnswVectorsWriter} for how graphs are built and {@link SiameseHnswVectorsReader} for how they are
 * loaded, searched and what they cost in memory.
 */
public final class SiameseHnswVectorsFormat extends KnnVectorsFormat {
    /** The name segments record for this format. */
    public static final String NAME = "SiameseHnsw99";
    /** The graph file's extension. */
    public static final String GRAPH_EXTENSION = "hnsw";
    static final String GRAPH_CODEC = "SiameseHnswGraph";
    static final int VERSION = 0;
    /** Lucene's limit for vector dimensions. */
    private static final int MAX_DIMENSIONS = 1024;

    private final int maxConnections;
    private final int beamWidth;
    private final int buildThreads;
    private final FlatVectorsFormat flat = new Lucene99FlatVectorsFormat(FlatVectorScorerUtil.getLucene99FlatVectorsScorer());

    /** The reading instance the service loader makes (its build settings are the defaults: M 16, beam 100, 1 thread). */
    public SiameseHnswVectorsFormat() {
        this(16, 100, 1);
    }

    /**
     * @param maxConnections {@code M}: links per node on the upper levels (level 0 keeps {@code 2M})
     * @param beamWidth      the beam while inserting ({@code efConstruction})
     * @param buildThreads   threads that build a flushed or merged segment's graph
     */
    public SiameseHnswVectorsFormat(int maxConnections, int beamWidth, int buildThreads) {
        super(NAME);
        if (buildThreads < 1) {
            throw new IllegalArgumentException("buildThreads must be positive, got " + buildThreads);
        }
        // validates M and the beam
        new HnswGraph.Settings(maxConnections, beamWidth, 0);
        this.maxConnections = maxConnections;
        this.beamWidth = beamWidth;
        this.buildThreads = buildThreads;
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        return new SiameseHnswVectorsWriter(state, flat.fieldsWriter(state), maxConnections, beamWidth, buildThreads);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return new SiameseHnswVectorsReader(state, flat.fieldsReader(state));
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return MAX_DIMENSIONS;
    }

    @Override
    public String toString() {
        return NAME + "(maxConnections=" + maxConnections + ", beamWidth=" + beamWidth + ", buildThreads="
                + buildThreads + ", flat=" + flat + ")";
    }
}
