package dev.siamese.search.index;

import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.HnswGraphProvider;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.NeighborQueue;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HNSW search of one segment, as Lucene 9.12's {@code HnswGraphSearcher} does it (greedy descent through the upper
 * levels, then a best-first beam of {@code ef} on level 0 that walks past deleted documents without collecting them),
 * but with a dense visited set that each thread keeps and clears, instead of a sparse one made for every search:
 * in a graph of a million nodes, whose visits spread over the whole ordinal range, inserting into the sparse set
 * took a third of the search time.
 *
 * <p>Level 0 of a large, much-searched segment is copied to the heap (see {@link #heapMinNodes}): Lucene reads a
 * node's neighbours through a packed offset table and delta-coded bytes, two dependent memory reads and a decoding
 * loop per visited node, which took half of a search in a graph of a million nodes. The copy costs
 * {@code 4 x (2 maxConnections + 1)} bytes per node, 132 MB for a million nodes at 16 connections, and goes when the
 * segment closes.
 *
 * <p>Serves the segments written with Lucene's graph ({@link EmbeddingIndex.Graph#LUCENE}, and indexes written before
 * our graph was the default); segments of our own graph are searched by their reader,
 * {@code SiameseHnswVectorsReader}.
 *
 * <p>Reaches into Lucene's experimental HNSW classes; a segment that is not laid out as expected (another vector
 * format, a wrapped reader) returns null, and the caller falls back to Lucene's own search.
 */
final class GraphSearch {
    /** Per thread: the visited set, and the graph and vector readers of the last few segments it searched. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /** Segments (by core key) with their search counts and, once copied, their level 0 on the heap. */
    private static final Map<Object, Level0State> LEVEL0 = new ConcurrentHashMap<>();
    /** Segments with fewer nodes keep level 0 off the heap (mutable for tests only). */
    static volatile int heapMinNodes = 100_000;
    /**
     * Searches of a segment before its level 0 is copied (about a second per million nodes, on the searching thread):
     * one-off searches do not pay for the copy (mutable for tests only).
     */
    static volatile int heapAfterSearches = 1_000;

    private GraphSearch() {
    }

    /**
     * The {@code ef} best documents of the segment for {@code query}, best first, with Lucene's similarity scores,
     * or null when this segment needs Lucene's own search.
     */
    static ScoreDoc[] search(LeafReader reader, String field, float[] query, int ef) throws IOException {
        if (!(reader instanceof CodecReader codec)) {
            return null;
        }
        FieldInfo info = reader.getFieldInfos().fieldInfo(field);
        if (info == null || info.getVectorDimension() == 0) {
            return new ScoreDoc[0];
        }
        Scratch scratch = SCRATCH.get();
        Segment segment = scratch.segment(reader, codec, field);
        if (segment == null) {
            return null;
        }
        if (segment.graph.size() == 0) {
            return new ScoreDoc[0];
        }
        HnswGraph graph = segment.graph;
        RandomAccessVectorValues.Floats floats = segment.vectors;
        RandomVectorScorer scorer = FlatVectorScorerUtil.getLucene99FlatVectorsScorer()
                .getRandomVectorScorer(info.getVectorSimilarityFunction(), floats, query);
        Bits accept = scorer.getAcceptOrds(reader.getLiveDocs());
        NeighborQueue results = search(graph, level0(reader, segment), scorer, floats, info.getVectorSimilarityFunction(),
                query, accept, ef, scratch);
        ScoreDoc[] hits = new ScoreDoc[results.size()];
        for (int i = hits.length - 1; i >= 0; i--) {
            float score = results.topScore();
            hits[i] = new ScoreDoc(scorer.ordToDoc(results.pop()), score);
        }
        return hits;
    }

    private static NeighborQueue search(HnswGraph graph, Level0 level0, RandomVectorScorer scorer,
                                        RandomAccessVectorValues.Floats floats, VectorSimilarityFunction similarity,
                                        float[] query, Bits accept, int ef, Scratch scratch) throws IOException {
        FixedBitSet visited = scratch.visited(graph.size());
        NeighborQueue results = new NeighborQueue(ef, false);
        int entry = graph.entryNode();
        if (entry < 0) {
            return results;
        }
        // upper levels: move greedily to the best neighbour until none is better (without a visited set: a node seen
        // before scored no better than the entry then, and the entry only improves, so it is never chosen twice)
        boolean euclidean = similarity == VectorSimilarityFunction.EUCLIDEAN;
        float entryScore = checked(scorer.score(entry), euclidean);
        for (int level = graph.numLevels() - 1; level >= 1; level--) {
            boolean better = true;
            while (better) {
                better = false;
                graph.seek(level, entry);
                for (int friend = graph.nextNeighbor(); friend != DocIdSetIterator.NO_MORE_DOCS;
                     friend = graph.nextNeighbor()) {
                    float score = checked(scorer.score(friend), euclidean);
                    if (score > entryScore) {
                        entryScore = score;
                        entry = friend;
                        better = true;
                    }
                }
            }
        }
        // level 0: best-first search keeping the ef best accepted nodes
        NeighborQueue candidates = new NeighborQueue(ef, true);
        visited.set(entry);
        candidates.add(entry, entryScore);
        if (accept == null || accept.get(entry)) {
            results.add(entry, entryScore);
        }
        float minAccepted = results.size() >= ef ? Math.nextUp(results.topScore()) : Math.nextUp(Float.NEGATIVE_INFINITY);
        while (candidates.size() > 0) {
            if (candidates.topScore() < minAccepted) {
                break;
            }
            int node = candidates.pop();
            int[] friends;
            int from;
            int to;
            if (level0 != null) {
                friends = level0.blocks;
                from = node * level0.stride;
                to = from + 1 + friends[from];
                from++;
            } else {
                friends = scratch.neighbours(graph, node);
                from = 1;
                to = 1 + friends[0];
            }
            // first fetch every unvisited neighbour's vector, then score them: the fetches are independent, so the
            // processor overlaps their cache misses (scoring each right after its fetch waited for them one by one);
            // the scores are the scorer's own (the similarity of the query and the stored vector), in the same order
            int[] ords = scratch.ords(to - from);
            float[][] fetched = scratch.vectors(to - from, query.length);
            int unvisited = 0;
            for (int f = from; f < to; f++) {
                int friend = friends[f];
                if (!visited.getAndSet(friend)) {
                    System.arraycopy(floats.vectorValue(friend), 0, fetched[unvisited], 0, query.length);
                    ords[unvisited++] = friend;
                }
            }
            for (int i = 0; i < unvisited; i++) {
                int friend = ords[i];
                float score = checked(similarity.compare(query, fetched[i]), euclidean);
                if (score > minAccepted) {
                    candidates.add(friend, score);
                    if ((accept == null || accept.get(friend)) && results.insertWithOverflow(friend, score)
                            && results.size() >= ef) {
                        minAccepted = Math.nextUp(results.topScore());
                    }
                }
            }
        }
        return results;
    }

    /**
     * The score, if it can come from two finite vectors: a stored vector with NaN or huge values (a damaged index)
     * scores NaN (or 0, a Euclidean score of an infinite distance), which no comparison would ever collect, so the
     * search would answer quietly without it.
     */
    private static float checked(float score, boolean euclidean) {
        if (Float.isNaN(score) || (euclidean && score == 0)) {
            throw new NotFinite();
        }
        return score;
    }

    /** A search met a distance that is not finite: the index is damaged (the caller names it). */
    static final class NotFinite extends RuntimeException {
        NotFinite() {
            super("a search met a stored embedding at a distance that is not finite", null, false, false);
        }
    }

    /** The segment's level 0 on the heap, copying it now if the segment has just become large and busy enough. */
    private static Level0 level0(LeafReader reader, Segment segment) throws IOException {
        if (segment.key == null || segment.graph.size() < heapMinNodes) {
            return null;
        }
        Level0State state = LEVEL0.get(segment.key);
        if (state == null) {
            state = new Level0State();
            Level0State raced = LEVEL0.putIfAbsent(segment.key, state);
            if (raced != null) {
                state = raced;
            } else {
                reader.getCoreCacheHelper().addClosedListener(LEVEL0::remove);
            }
        }
        Level0 copied = state.level0;
        if (copied != null || state.searches.incrementAndGet() < heapAfterSearches
                || !state.copying.compareAndSet(false, true)) {
            return copied;
        }
        // this thread copies; the others go on reading Lucene's graph meanwhile
        state.level0 = Level0.copy(segment.graph);
        return state.level0;
    }

    /** Level 0 of one graph: per node a block of {@code stride} ints, the neighbour count then the neighbours. */
    private record Level0(int stride, int[] blocks) {
        static Level0 copy(HnswGraph graph) throws IOException {
            int size = graph.size();
            int most = 0;
            for (int node = 0; node < size; node++) {
                graph.seek(0, node);
                int count = 0;
                while (graph.nextNeighbor() != DocIdSetIterator.NO_MORE_DOCS) {
                    count++;
                }
                most = Math.max(most, count);
            }
            int stride = most + 1;
            if ((long) size * stride > Integer.MAX_VALUE - 16) {
                return null;
            }
            int[] blocks = new int[size * stride];
            for (int node = 0; node < size; node++) {
                graph.seek(0, node);
                int base = node * stride;
                int count = 0;
                for (int n = graph.nextNeighbor(); n != DocIdSetIterator.NO_MORE_DOCS && count < most; n = graph.nextNeighbor()) {
                    blocks[base + 1 + count++] = n;
                }
                blocks[base] = count;
            }
            return new Level0(stride, blocks);
        }
    }

    private static final class Level0State {
        final AtomicInteger searches = new AtomicInteger();
        final AtomicBoolean copying = new AtomicBoolean();
        volatile Level0 level0;
    }

    /** The readers of one segment's vectors and graph, kept by one thread (they keep a read position). */
    private record Segment(Object key, HnswGraph graph, RandomAccessVectorValues.Floats vectors) {
    }

    private static final class Scratch {
        private final Segment[] segments = new Segment[4];
        private int next;
        private FixedBitSet visited;
        private int[] neighbours = new int[33];
        private int[] ords = new int[0];
        private float[][] vectors = new float[0][];

        int[] ords(int count) {
            if (ords.length < count) {
                ords = new int[count];
            }
            return ords;
        }

        float[][] vectors(int count, int dimension) {
            if (vectors.length < count || (count > 0 && vectors[0].length != dimension)) {
                vectors = new float[Math.max(count, vectors.length)][dimension];
            }
            return vectors;
        }

        /** The level-0 neighbours of {@code node} from Lucene's graph: the count, then the neighbours. */
        int[] neighbours(HnswGraph graph, int node) throws IOException {
            graph.seek(0, node);
            int count = 0;
            for (int n = graph.nextNeighbor(); n != DocIdSetIterator.NO_MORE_DOCS; n = graph.nextNeighbor()) {
                if (count + 2 > neighbours.length) {
                    neighbours = java.util.Arrays.copyOf(neighbours, neighbours.length * 2);
                }
                neighbours[1 + count++] = n;
            }
            neighbours[0] = count;
            return neighbours;
        }

        /** This thread's visited set, cleared, for ordinals below {@code size}. */
        FixedBitSet visited(int size) {
            if (visited == null || visited.length() < size) {
                visited = new FixedBitSet(size);
            } else {
                visited.clear(0, size);
            }
            return visited;
        }

        /** The segment's graph and vectors, or null when it is not laid out as expected. */
        Segment segment(LeafReader reader, CodecReader codec, String field) throws IOException {
            // the core key stays the same while only deletions change; graph and vectors belong to the core
            Object key = reader.getCoreCacheHelper() == null ? null : reader.getCoreCacheHelper().getKey();
            if (key != null) {
                for (Segment s : segments) {
                    if (s != null && s.key == key) {
                        return s;
                    }
                }
            }
            KnnVectorsReader vectors = codec.getVectorReader();
            if (vectors instanceof PerFieldKnnVectorsFormat.FieldsReader perField) {
                vectors = perField.getFieldReader(field);
            }
            FloatVectorValues values = reader.getFloatVectorValues(field);
            if (!(vectors instanceof HnswGraphProvider provider) || !(values instanceof RandomAccessVectorValues.Floats floats)) {
                return null;
            }
            HnswGraph graph = provider.getGraph(field);
            if (graph == null || graph.size() != floats.size()) {
                return null;
            }
            Segment segment = new Segment(key, graph, floats);
            if (key != null) {
                segments[next] = segment;
                next = (next + 1) % segments.length;
            }
            return segment;
        }
    }
}
