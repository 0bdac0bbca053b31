package dev.siamese.search.internal.hnsw;

import dev.siamese.search.internal.Parallel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * One hierarchical navigable small-world graph over squared Euclidean distance, laid out and built as hnswlib builds
 * its own: level 0 in one flat {@code int[]} with each node's vector and links side by side (per node the vector's
 * float bits, a count and {@code 2M} link slots, so that the links of a node whose distance was computed are likely
 * in cache when the search expands it), the sparse upper levels per node ({@code M} slots a level), and insertion from any number of
 * threads with per-node locks (greedy descent through the levels above the new node's, a beam of
 * {@code efConstruction} at each of its own levels, hnswlib's neighbour-selection heuristic for the new node's links
 * and for a neighbour whose list is full).
 *
 * <p>A node's level depends on the seed and the node alone, so a build from one thread is the same graph every time;
 * from several, the graph depends on the interleaving but keeps every bound. {@link #search} runs after the
 * insertions have returned (it reads the links without locks), from any number of threads, each with a visited set
 * of its own (a two-byte stamp per node, cleared by advancing an epoch).
 *
 * <p>Memory: {@code 4 dimension + 4 (2M + 1) + 1} bytes per node in flat arrays, plus on average
 * {@code (4 (M + 1) + 16) / (M - 1)} for the upper levels and 8 for their reference, and {@code 2} per node for each
 * searching or inserting thread's visited stamps: at 64 dimensions and M 16, about 405 bytes per node, 405 MB for
 * a million, plus 2 MB per thread. Level 0 is one Java array, so {@code capacity x (2M + 1 + dimension)} stays below
 * 2^31 (about 22 million nodes at 64 dimensions and M 16).
 */
public final class HnswGraph {
    /** Locks are striped; an inserting thread never holds two of them at once, so stripes cannot deadlock. */
    private static final int LOCK_STRIPES = 1 << 14;

    /**
     * How to build.
     *
     * @param maxConnections  {@code M}: links per node on the upper levels; level 0 keeps {@code 2M}
     * @param efConstruction  the beam while inserting
     * @param seed            draws each node's level
     */
    public record Settings(int maxConnections, int efConstruction, long seed) {
        public Settings {
            if (maxConnections < 2 || maxConnections > 512) {
                throw new IllegalArgumentException("maxConnections must be 2 to 512, got " + maxConnections);
            }
            if (efConstruction < 1) {
                throw new IllegalArgumentException("efConstruction must be positive, got " + efConstruction);
            }
        }
    }

    /** Nodes found by a search, nearest first, with their squared distances. */
    public record Hits(int[] nodes, float[] distances) {
        public int size() {
            return nodes.length;
        }
    }

    final int dimension;
    final int m;
    final int m0;
    final int stride0;
    final int upperStride;
    final int efConstruction;
    final long seed;
    private final double levelMultiplier;
    final int capacity;
    /**
     * Per node {@code stride0} ints: the vector's float bits, then the level-0 link count and {@code 2M} link slots.
     * The vector comes first: the processor's streaming prefetcher follows the vector's ascending loads into the
     * links, so that a node's links are in cache when the search expands it (with the links first, as hnswlib lays
     * them out, that read missed).
     */
    final int[] nodes;
    /** Where a node's vector starts in its block (0). */
    final int vectorAt = 0;
    /** Where a node's level-0 link count starts in its block; its links follow. */
    final int linksAt;
    final byte[] levels;
    final int[][] upper;
    private final Object[] locks;
    private final Object entryLock = new Object();
    /** {@code maxLevel << 32 | entry}; entry -1 while empty. */
    private volatile long entryState = pack(-1, 0);
    private final AtomicInteger next = new AtomicInteger();
    private final ThreadLocal<Scratch> scratch;

    /** An empty graph for up to {@code capacity} vectors of {@code dimension}. */
    public HnswGraph(int dimension, int capacity, Settings settings) {
        if (dimension < 1 || capacity < 0) {
            throw new IllegalArgumentException("dimension must be positive and capacity not negative, got "
                    + dimension + " and " + capacity);
        }
        int m0 = 2 * settings.maxConnections();
        if ((long) capacity * (m0 + 1 + dimension) > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(capacity + " nodes of " + dimension + " dimensions and M "
                    + settings.maxConnections() + " do not fit Java arrays");
        }
        this.dimension = dimension;
        this.m = settings.maxConnections();
        this.m0 = m0;
        this.linksAt = dimension;
        this.stride0 = m0 + 1 + dimension;
        this.upperStride = m + 1;
        this.efConstruction = settings.efConstruction();
        this.seed = settings.seed();
        this.levelMultiplier = 1 / Math.log(m);
        this.capacity = capacity;
        this.nodes = new int[capacity * stride0];
        this.levels = new byte[capacity];
        this.upper = new int[capacity][];
        this.locks = new Object[LOCK_STRIPES];
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
        int ef = efConstruction;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(capacity, m0, dimension, ef));
    }

    /**
     * A graph of the {@code rows} (row-major, {@code dimension} floats each; node {@code i} is row {@code i}) built
     * from {@code threads} threads; with one thread it is the same graph for the same seed every time.
     */
    public static HnswGraph build(float[] rows, int dimension, Settings settings, int threads) {
        if (rows.length % dimension != 0) {
            throw new IllegalArgumentException(rows.length + " values are not rows of " + dimension);
        }
        int n = rows.length / dimension;
        HnswGraph graph = new HnswGraph(dimension, n, settings);
        for (int node = 0; node < n; node++) {
            graph.store(node, rows, node * dimension);
        }
        graph.next.set(n);
        AtomicInteger cursor = new AtomicInteger();
        Runnable worker = () -> {
            for (int node = cursor.getAndIncrement(); node < n; node = cursor.getAndIncrement()) {
                graph.insert(node);
            }
        };
        Parallel.run(n < PARALLEL_FROM ? 1 : threads, "hnsw-build", worker);
        return graph;
    }

    /**
     * Graphs of fewer nodes are built on one thread: it costs at most a second or two, and small graphs (small
     * segments, tests) come out the same from run to run. (Built from two threads, the graph of 500 points on a line
     * once came out so that a 100-candidate search missed an exact match: the recall of such degenerate data depends on
     * the order of insertion.)
     */
    static final int PARALLEL_FROM = 20_000;


    /** Adds a vector and returns its node; safe from several threads at once (not beside {@link #search}). */
    public int add(float[] vector) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("vector of " + vector.length + " dimensions, the graph has " + dimension);
        }
        int node = next.getAndIncrement();
        if (node >= capacity) {
            next.decrementAndGet();
            throw new IllegalStateException("the graph is full (" + capacity + " nodes)");
        }
        store(node, vector, 0);
        insert(node);
        return node;
    }

    /** Whether distances run on the Vector API in this JVM (the results are the same either way). */
    public static boolean vectorised() {
        return SquaredDistance.VECTORISED;
    }

    /** Nodes added. */
    public int size() {
        return Math.min(next.get(), capacity);
    }

    public int dimension() {
        return dimension;
    }

    public Settings settings() {
        return new Settings(m, efConstruction, seed);
    }

    /** The top level, or -1 while empty. */
    public int maxLevel() {
        long state = entryState;
        return entry(state) < 0 ? -1 : level(state);
    }

    public int entryNode() {
        return entry(entryState);
    }

    /** The level a node was drawn (0 for most). */
    public int level(int node) {
        return levels[node];
    }

    /** A copy of {@code node}'s links on {@code level}. */
    public int[] neighbours(int node, int level) {
        if (level == 0) {
            int base = node * stride0 + linksAt;
            return Arrays.copyOfRange(nodes, base + 1, base + 1 + nodes[base]);
        }
        int[] block = upper[node];
        int base = (level - 1) * upperStride;
        return Arrays.copyOfRange(block, base + 1, base + 1 + block[base]);
    }

    /** The stored vector of {@code node}. */
    public float[] vector(int node) {
        float[] vector = new float[dimension];
        load(node, vector);
        return vector;
    }

    private void store(int node, float[] from, int offset) {
        int at = node * stride0 + vectorAt;
        for (int i = 0; i < dimension; i++) {
            nodes[at + i] = Float.floatToRawIntBits(from[offset + i]);
        }
    }

    /** Copies {@code node}'s vector into {@code into}. */
    private void load(int node, float[] into) {
        int at = node * stride0 + vectorAt;
        for (int i = 0; i < dimension; i++) {
            into[i] = Float.intBitsToFloat(nodes[at + i]);
        }
    }

    /** The draw of {@code node}'s level: {@code floor(-ln(u) / ln(M))} for a uniform {@code u} from seed and node. */
    int drawLevel(int node) {
        long z = seed + 0x9E3779B97F4A7C15L * (node + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        double u = ((z >>> 11) + 1) * 0x1.0p-53; // (0, 1]
        return Math.min(Byte.MAX_VALUE, (int) (-Math.log(u) * levelMultiplier));
    }

    // ---------------------------------------------------------------------------------------------------- inserting

    private void insert(int node) {
        int level = drawLevel(node);
        levels[node] = (byte) level;
        if (level > 0) {
            upper[node] = new int[level * upperStride];
        }
        long state = entryState;
        if (entry(state) < 0 || level > level(state)) {
            // a new top level: hold the entry lock through the insertion (as hnswlib does), then publish the entry
            synchronized (entryLock) {
                state = entryState;
                if (entry(state) < 0) {
                    entryState = pack(node, level);
                    return;
                }
                if (level > level(state)) {
                    link(node, level, state);
                    entryState = pack(node, level);
                    return;
                }
            }
        }
        link(node, level, state);
    }

    private void link(int node, int level, long state) {
        Scratch s = scratch.get();
        float[] q = s.query;
        load(node, q);
        int top = level(state);
        int current = entry(state);
        float currentDistance = distance(q, current);
        for (int l = top; l > level; l--) {
            boolean better = true;
            while (better) {
                better = false;
                int count = readLocked(current, l, s.links);
                for (int i = 0; i < count; i++) {
                    int friend = s.links[i];
                    float d = distance(q, friend);
                    if (d < currentDistance) {
                        currentDistance = d;
                        current = friend;
                        better = true;
                    }
                }
            }
        }
        for (int l = Math.min(level, top); l >= 0; l--) {
            int found = searchLayerLocked(q, current, l, s, node);
            int selected = selectNeighbours(s.found, s.foundDistances, found, m, s);
            int[] chosen = s.chosen;
            System.arraycopy(s.selected, 0, chosen, 0, selected);
            writeOwnLinks(node, l, chosen, selected, s);
            for (int i = 0; i < selected; i++) {
                connect(chosen[i], node, l, s);
            }
            if (selected > 0) {
                current = chosen[0];
            }
        }
    }

    /**
     * Writes {@code node}'s own links on {@code level}, keeping any that other threads added meanwhile: a thread whose
     * search started from {@code node} (its entry point from the level above) may already have linked itself to it
     * here, and overwriting that link would leave the other node without the way back (with few links, out of reach).
     * Past the level's capacity, all of them are shrunk by the heuristic, as {@link #connect} does.
     */
    private void writeOwnLinks(int node, int level, int[] chosen, int selected, Scratch s) {
        int most = level == 0 ? m0 : m;
        synchronized (lock(node)) {
            int[] block = level == 0 ? nodes : upper[node];
            int base = level == 0 ? node * stride0 + linksAt : (level - 1) * upperStride;
            int added = block[base];
            if (added == 0) {
                System.arraycopy(chosen, 0, block, base + 1, selected);
                block[base] = selected;
                return;
            }
            int[] all = new int[selected + added];
            System.arraycopy(chosen, 0, all, 0, selected);
            int n = selected;
            for (int i = 0; i < added; i++) {
                int other = block[base + 1 + i];
                boolean known = false;
                for (int j = 0; j < selected && !known; j++) {
                    known = all[j] == other;
                }
                if (!known) {
                    all[n++] = other;
                }
            }
            if (n <= most) {
                System.arraycopy(all, 0, block, base + 1, n);
                block[base] = n;
                return;
            }
            int from = node * stride0 + vectorAt;
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = LongHeap.key(SquaredDistance.betweenStored(nodes, from, all[i] * stride0 + vectorAt, dimension),
                        all[i]);
            }
            java.util.Arrays.sort(keys); // distances are not negative: keys sort nearest first
            int[] candidates = new int[n];
            float[] distances = new float[n];
            for (int i = 0; i < n; i++) {
                candidates[i] = LongHeap.node(keys[i]);
                distances[i] = LongHeap.distance(keys[i]);
            }
            int kept = selectNeighbours(candidates, distances, n, most, s);
            System.arraycopy(s.selected, 0, block, base + 1, kept);
            block[base] = kept;
        }
    }

    /** Adds {@code node} to {@code neighbour}'s links on {@code level}, shrinking them by the heuristic when full. */
    private void connect(int neighbour, int node, int level, Scratch s) {
        int most = level == 0 ? m0 : m;
        synchronized (lock(neighbour)) {
            int[] block = level == 0 ? nodes : upper[neighbour];
            int base = level == 0 ? neighbour * stride0 + linksAt : (level - 1) * upperStride;
            int count = block[base];
            if (count < most) {
                block[base + 1 + count] = node;
                block[base] = count + 1;
                return;
            }
            int from = neighbour * stride0 + vectorAt;
            LongHeap heap = s.heap;
            heap.clear();
            heap.push(LongHeap.key(SquaredDistance.betweenStored(nodes, from, node * stride0 + vectorAt, dimension), node));
            for (int i = 0; i < count; i++) {
                int friend = block[base + 1 + i];
                heap.push(LongHeap.key(SquaredDistance.betweenStored(nodes, from, friend * stride0 + vectorAt,
                        dimension), friend));
            }
            int n = heap.size();
            for (int i = 0; i < n; i++) {
                long key = heap.pop();
                s.shrink[i] = LongHeap.node(key);
                s.shrinkDistances[i] = LongHeap.distance(key);
            }
            int kept = selectNeighbours(s.shrink, s.shrinkDistances, n, most, s);
            System.arraycopy(s.selected, 0, block, base + 1, kept);
            block[base] = kept;
        }
    }

    /**
     * hnswlib's heuristic: of the candidates (nearest first, with their distances to the base), keeps one only if it
     * is nearer the base than every one kept before it is to it, up to {@code most}; fewer than {@code most}
     * candidates are all kept. The kept ones go to {@code s.selected}, nearest first; returns how many.
     */
    private int selectNeighbours(int[] candidates, float[] distances, int count, int most, Scratch s) {
        int[] selected = s.selected;
        if (count < most) {
            System.arraycopy(candidates, 0, selected, 0, count);
            return count;
        }
        int kept = 0;
        for (int i = 0; i < count && kept < most; i++) {
            int c = candidates[i];
            float toBase = distances[i];
            int cv = c * stride0 + vectorAt;
            boolean good = true;
            for (int j = 0; j < kept; j++) {
                if (SquaredDistance.betweenStored(nodes, cv, selected[j] * stride0 + vectorAt, dimension) < toBase) {
                    good = false;
                    break;
                }
            }
            if (good) {
                selected[kept++] = c;
            }
        }
        return kept;
    }

    /**
     * The beam search of one level while inserting, reading links under their locks: the (up to) {@code ef} nearest
     * nodes to the vector at {@code q} go to {@code s.found}, nearest first; returns how many.
     */
    private int searchLayerLocked(float[] q, int entry, int level, Scratch s, int self) {
        int ef = efConstruction;
        char epoch = s.nextEpoch();
        char[] visited = s.visited;
        LongHeap candidates = s.candidates;
        LongHeap results = s.results; // complements: a max-heap
        candidates.clear();
        results.clear();
        visited[entry] = epoch;
        float d0 = distance(q, entry);
        candidates.push(LongHeap.key(d0, entry));
        if (entry != self) {
            results.push(~LongHeap.key(d0, entry));
        }
        float worst = results.size() > 0 ? d0 : Float.POSITIVE_INFINITY;
        int[] links = s.links;
        int[] batch = s.batch;
        float[] batchDistances = s.batchDistances;
        while (candidates.size() > 0) {
            long c = candidates.top();
            if (LongHeap.distance(c) > worst && results.size() >= ef) {
                break;
            }
            candidates.pop();
            int count = readLocked(LongHeap.node(c), level, links);
            int fresh = 0;
            for (int i = 0; i < count; i++) {
                int friend = links[i];
                if (visited[friend] != epoch) {
                    visited[friend] = epoch;
                    batch[fresh++] = friend;
                }
            }
            for (int i = 0; i < fresh; i++) {
                batchDistances[i] = distance(q, batch[i]);
            }
            for (int i = 0; i < fresh; i++) {
                float d = batchDistances[i];
                if (results.size() < ef || d < worst) {
                    int friend = batch[i];
                    candidates.push(LongHeap.key(d, friend));
                    if (friend != self) {
                        results.push(~LongHeap.key(d, friend));
                        if (results.size() > ef) {
                            results.pop();
                        }
                        worst = LongHeap.distance(~results.top());
                    }
                }
            }
        }
        int n = results.size();
        for (int i = n - 1; i >= 0; i--) {
            long key = ~results.pop();
            s.found[i] = LongHeap.node(key);
            s.foundDistances[i] = LongHeap.distance(key);
        }
        return n;
    }

    /** Copies {@code node}'s links on {@code level} into {@code into} under the node's lock; returns the count. */
    private int readLocked(int node, int level, int[] into) {
        synchronized (lock(node)) {
            int[] block = level == 0 ? nodes : upper[node];
            int base = level == 0 ? node * stride0 + linksAt : (level - 1) * upperStride;
            int count = block[base];
            System.arraycopy(block, base + 1, into, 0, count);
            return count;
        }
    }

    private Object lock(int node) {
        return locks[node & (LOCK_STRIPES - 1)];
    }

    /** The squared distance of {@code q} and {@code node}'s vector. */
    private float distance(float[] q, int node) {
        return SquaredDistance.between(q, nodes, node * stride0 + vectorAt, dimension);
    }

    // ---------------------------------------------------------------------------------------------------- searching

    /**
     * The {@code k} nearest accepted nodes to {@code query}, nearest first: greedy descent to level 0, then a beam of
     * {@code max(ef, k)} that walks through rejected nodes without collecting them. {@code accept} null accepts all.
     */
    public Hits search(float[] query, int k, int ef, IntPredicate accept) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query of " + query.length + " dimensions, the graph has " + dimension);
        }
        long state = entryState;
        int entry = entry(state);
        if (entry < 0 || k < 1) {
            return new Hits(new int[0], new float[0]);
        }
        Scratch s = scratch.get();
        long start = descend(query, entry, level(state), s);
        LongHeap results = beam(query, start, Math.max(ef, k), accept, s);
        while (results.size() > k) {
            results.pop();
        }
        int n = results.size();
        int[] found = new int[n];
        float[] distances = new float[n];
        for (int i = n - 1; i >= 0; i--) {
            long key = ~results.pop();
            found[i] = LongHeap.node(key);
            distances[i] = LongHeap.distance(key);
        }
        return new Hits(found, distances);
    }

    /** How many distances the calling thread's last {@link #search} computed (for tests). */
    int lastScored() {
        return scratch.get().scored;
    }

    /**
     * Greedy descent from {@code entry} on {@code top} through the levels above 0: the node nearest {@code query}
     * that it reaches, as a heap key (its distance and the node).
     */
    private long descend(float[] query, int entry, int top, Scratch s) {
        int current = entry;
        float currentDistance = distance(query, current);
        int scored = 1;
        int touched = 0;
        for (int l = top; l >= 1; l--) {
            boolean better = true;
            while (better) {
                better = false;
                int[] block = upper[current];
                int base = (l - 1) * upperStride;
                int count = block[base];
                scored += count;
                touched += touchVectors(block, base + 1, count);
                for (int i = 0; i < count; i++) {
                    int friend = block[base + 1 + i];
                    float d = distance(query, friend);
                    if (d < currentDistance) {
                        currentDistance = d;
                        current = friend;
                        better = true;
                    }
                }
            }
        }
        s.scored = scored;
        s.touched = touched;
        return LongHeap.key(currentDistance, current);
    }

    /**
     * Java has no prefetch instruction: this loads one int from each cache line of the vectors of the {@code count}
     * nodes listed from {@code list[from]}, plain loads that are independent and a few instructions each, so that the
     * processor has all those misses in flight at once (hnswlib prefetches them), and the distances computed next find
     * the lines in cache (at 200,000 rows a query at ef 20 went from about 70 to 41 CPU-us, BENCHMARKS.md). Returns
     * the sum of what it loaded, for a sink: nothing else reads it.
     */
    private int touchVectors(int[] list, int from, int count) {
        int[] data = nodes;
        int sum = 0;
        for (int i = from; i < from + count; i++) {
            int at = list[i] * stride0 + vectorAt;
            for (int j = 0; j < dimension; j += 16) {
                sum += data[at + j];
            }
            sum += data[at + dimension - 1];
        }
        return sum;
    }

    /**
     * The beam search of level 0 from {@code start} (a heap key): the thread's result heap (complemented keys, a
     * max-heap) holding the (up to) {@code beam} nearest accepted nodes.
     */
    private LongHeap beam(float[] query, long start, int beam, IntPredicate accept, Scratch s) {
        char epoch = s.nextEpoch();
        char[] visited = s.visited;
        LongHeap candidates = s.candidates;
        LongHeap results = s.results;
        candidates.clear();
        results.clear();
        int current = LongHeap.node(start);
        float currentDistance = LongHeap.distance(start);
        visited[current] = epoch;
        candidates.push(start);
        if (accept == null || accept.test(current)) {
            results.push(~start);
        }
        float worst = results.size() > 0 ? currentDistance : Float.POSITIVE_INFINITY;
        int[] links = nodes;
        int[] batch = s.batch;
        float[] batchDistances = s.batchDistances;
        int scored = s.scored;
        int touched = s.touched;
        while (candidates.size() > 0) {
            long c = candidates.top();
            if (LongHeap.distance(c) > worst && results.size() >= beam) {
                break;
            }
            candidates.pop();
            int base = LongHeap.node(c) * stride0 + linksAt;
            int count = links[base];
            int fresh = 0;
            for (int i = 1; i <= count; i++) {
                int friend = links[base + i];
                if (visited[friend] != epoch) {
                    visited[friend] = epoch;
                    batch[fresh++] = friend;
                }
            }
            scored += fresh;
            touched += touchVectors(batch, 0, fresh);
            // the distances of all fresh neighbours first: their vector loads are independent, so the processor
            // overlaps the cache misses, which a branch on each distance would serialise
            for (int i = 0; i < fresh; i++) {
                batchDistances[i] = distance(query, batch[i]);
            }
            for (int i = 0; i < fresh; i++) {
                float d = batchDistances[i];
                if (results.size() < beam || d < worst) {
                    int friend = batch[i];
                    candidates.push(LongHeap.key(d, friend));
                    // its link count, for when it is expanded (hnswlib prefetches the links of its candidates)
                    touched += links[friend * stride0 + linksAt];
                    if (accept == null || accept.test(friend)) {
                        results.push(~LongHeap.key(d, friend));
                        if (results.size() > beam) {
                            results.pop();
                        }
                        worst = LongHeap.distance(~results.top());
                    }
                }
            }
        }
        s.scored = scored;
        s.touched = touched;
        return results;
    }

    /**
     * The first broken bound, if any: a link out of range or to the node itself, a repeated link, a count above the
     * level's bound, a link to a node that lacks the level. Empty for a sound graph; call when no insertion runs.
     */
    public java.util.Optional<String> firstProblem() {
        int size = size();
        for (int node = 0; node < size; node++) {
            for (int level = 0; level <= levels[node]; level++) {
                int[] block = level == 0 ? nodes : upper[node];
                if (block == null) {
                    return java.util.Optional.of("node " + node + " lacks its links on level " + level);
                }
                int base = level == 0 ? node * stride0 + linksAt : (level - 1) * upperStride;
                int count = block[base];
                int most = level == 0 ? m0 : m;
                if (count < 0 || count > most) {
                    return java.util.Optional.of("node " + node + " has " + count + " links on level " + level
                            + " (at most " + most + ")");
                }
                for (int i = 1; i <= count; i++) {
                    int friend = block[base + i];
                    if (friend < 0 || friend >= size || friend == node || levels[friend] < level) {
                        return java.util.Optional.of("node " + node + " links to " + friend + " on level " + level);
                    }
                    for (int j = 1; j < i; j++) {
                        if (block[base + j] == friend) {
                            return java.util.Optional.of("node " + node + " links to " + friend + " twice on level "
                                    + level);
                        }
                    }
                }
            }
        }
        return java.util.Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------------- state

    static long pack(int entry, int level) {
        return ((long) level << 32) | (entry & 0xFFFFFFFFL);
    }

    private static int entry(long state) {
        return (int) state;
    }

    private static int level(long state) {
        return (int) (state >>> 32);
    }

    // ---------------------------------------------------------------------------------------- extending (merges)

    /**
     * A graph of the {@code rows} (as {@link #build}) whose nodes {@code offset} to {@code offset + base.size() - 1}
     * are {@code base}'s nodes, in order, with the same vectors: they keep {@code base}'s levels and links
     * (renumbered), and only the other rows are inserted, from {@code threads} threads, with {@code base}'s settings.
     * What a merge saves by keeping its largest segment's graph.
     */
    static HnswGraph extend(HnswGraph base, int offset, float[] rows, int dimension, int threads) {
        int n = rows.length / dimension;
        int kept = base.size();
        if (rows.length % dimension != 0 || dimension != base.dimension || offset < 0 || offset + kept > n) {
            throw new IllegalArgumentException("a graph of " + kept + " " + base.dimension + "-D nodes does not fit at "
                    + offset + " in " + rows.length + " values of " + dimension + "-D rows");
        }
        HnswGraph graph = new HnswGraph(dimension, n, base.settings());
        for (int node = 0; node < n; node++) {
            graph.store(node, rows, node * dimension);
        }
        for (int node = 0; node < kept; node++) {
            int to = offset + node;
            graph.levels[to] = base.levels[node];
            int from = node * base.stride0 + base.linksAt;
            int at = to * graph.stride0 + graph.linksAt;
            int count = base.nodes[from];
            graph.nodes[at] = count;
            for (int i = 1; i <= count; i++) {
                graph.nodes[at + i] = base.nodes[from + i] + offset;
            }
            int[] block = base.upper[node];
            if (block != null) {
                int[] copy = block.clone();
                for (int level = 0; level < base.levels[node]; level++) {
                    int b = level * base.upperStride;
                    for (int i = 1; i <= copy[b]; i++) {
                        copy[b + i] += offset;
                    }
                }
                graph.upper[to] = copy;
            }
        }
        int entry = base.entryNode();
        if (entry >= 0) {
            graph.entryState = pack(entry + offset, base.maxLevel());
        }
        graph.next.set(n);
        AtomicInteger cursor = new AtomicInteger();
        Runnable worker = () -> {
            for (int node = cursor.getAndIncrement(); node < n; node = cursor.getAndIncrement()) {
                if (node < offset || node >= offset + kept) {
                    graph.insert(node);
                }
            }
        };
        Parallel.run(n - kept < PARALLEL_FROM ? 1 : threads, "hnsw-merge", worker);
        return graph;
    }

    /** Restores a graph read from a file (see {@link HnswGraphFile}). */
    void restore(int size, int entry, int maxLevel) {
        next.set(size);
        entryState = pack(entry, entry < 0 ? 0 : maxLevel);
    }

    /**
     * One thread's buffers for inserting and searching. Static: a thread's value must not reach the graph, or the
     * thread would keep every graph it ever searched (a closed segment's, say) alive through its thread-local map.
     */
    private static final class Scratch {
        /** Per node the epoch of the search that last visited it (two bytes a node, as hnswlib's tags). */
        final char[] visited;
        int epoch;
        /** Distances the last search computed. */
        int scored;
        /** The sum of the values the last search loaded only to have them in cache (never read: a sink). */
        int touched;
        final LongHeap candidates = new LongHeap(256);
        final LongHeap results = new LongHeap(256);
        final LongHeap heap;
        final int[] links;
        final int[] batch;
        final float[] batchDistances;
        final int[] selected;
        final int[] chosen;
        final int[] shrink;
        final float[] shrinkDistances;
        final float[] query;
        final int[] found;
        final float[] foundDistances;

        Scratch(int capacity, int m0, int dimension, int efConstruction) {
            visited = new char[capacity];
            heap = new LongHeap(m0 + 2);
            links = new int[m0 + 1];
            batch = new int[m0 + 1];
            batchDistances = new float[m0 + 1];
            selected = new int[m0 + 1];
            chosen = new int[m0 + 1];
            shrink = new int[m0 + 1];
            shrinkDistances = new float[m0 + 1];
            query = new float[dimension];
            found = new int[efConstruction + 1];
            foundDistances = new float[efConstruction + 1];
        }

        char nextEpoch() {
            if (++epoch > Character.MAX_VALUE) {
                Arrays.fill(visited, (char) 0);
                epoch = 1;
            }
            return (char) epoch;
        }
    }
}
