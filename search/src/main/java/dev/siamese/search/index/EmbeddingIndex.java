package dev.siamese.search.index;

import dev.siamese.api.internal.AtomicFiles;
import dev.siamese.search.SearchException;
import dev.siamese.search.SearchHit;
import dev.siamese.search.internal.VectorApi;
import dev.siamese.search.internal.hnsw.SiameseHnswVectorsFormat;
import dev.siamese.search.internal.hnsw.SiameseHnswVectorsReader;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.NoLockFactory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A persistent approximate nearest-neighbour index of picture embeddings in a folder, for searching and
 * de-duplicating collections too large to scan: HNSW graphs of vectors in Lucene segments (our own graph by default,
 * see {@link Graph}) compared by Euclidean distance, plus each
 * picture's path, 64-bit perceptual hash, file size and modification time, so that re-indexing a folder only embeds
 * new and changed files ({@link #contains}).
 *
 * <p>The folder holds {@value #METADATA_FILE}, which records the identity of the model that made the embeddings
 * (a string the caller chooses, e.g. its descriptor hash and dimension) and the dimension; opening the index with
 * another model fails instead of returning meaningless neighbours. The Lucene files live in {@code lucene/}.
 * Writes are committed every {@link Options#commitEvery()} pictures and on {@link #close()}, so an interrupted
 * indexing run leaves a usable index holding everything up to its last commit.
 *
 * <p>One process at a time may open a folder for writing (Lucene's write lock). Readers need no lock:
 * {@link #openReadOnly} opens the last commit without writing anything to the folder, beside a writer in this or another
 * process, as often as wanted at once, and in a folder the process may not write to; its writer methods fail.
 * Methods may be called from several threads; searches run concurrently. Close it.
 *
 * <p>A damaged index is reported, not served: opening checks the checksums of Lucene's commit and segment metadata and
 * the length and footer of every file; reading a stored vector that is not finite, or meeting a distance that cannot
 * be (NaN, infinite, negative), throws a {@link SearchException} that names the folder; {@link #verify} reads every
 * file and checks its checksum.
 */
public final class EmbeddingIndex implements AutoCloseable {
    /** The metadata file in the index folder. */
    public static final String METADATA_FILE = "siamese-index.properties";
    /** Kept so that the level set on it holds (the JDK keeps loggers weakly); set before Lucene's first use. */
    private static final java.util.logging.Logger LUCENE_NOTICE = VectorApi.quietLuceneVectorisationNotice();
    private static final String FORMAT = "1";
    private static final String PATH = "path";
    /** The path again as doc values: a search reads 10 paths from these far faster than from stored fields. */
    private static final String PATH_VALUES = "path-values";
    private static final String VECTOR = "embedding";
    private static final String HASH = "hash";
    private static final String SIZE = "size";
    private static final String MODIFIED = "modified";
    private static final Comparator<ScoreDoc> BEST_FIRST = Comparator.comparingDouble((ScoreDoc d) -> -d.score)
            .thenComparingInt(d -> d.shardIndex).thenComparingInt(d -> d.doc);

    /**
     * How the index is built and searched.
     *
     * @param maxConnections HNSW neighbours per node (Lucene's {@code maxConn}, default 16)
     * @param beamWidth      candidates considered while inserting (default 100)
     * @param candidates     candidates a search explores before keeping the best k; more is slower and more accurate
     *                       (default 100; never fewer than k)
     * @param commitEvery    writes between commits (default 100,000: each commit writes a segment, and many small
     *                       segments make searches slower and their background merges rebuild graphs)
     * @param ramBufferMb    memory for buffered pictures before Lucene writes a segment (default 256)
     * @param mergeThreads   threads that insert nodes into a merged segment's graph together (Lucene's HNSW merge
     *                       workers; default one per processor, at most 8; 1 merges on the merging thread alone).
     *                       Merges, {@link #optimize()} above all, are where large indexes spend their build time
     * @param graph          the HNSW graph of segments written from now on (default {@link Graph#OWN}); segments
     *                       already written keep theirs until a merge rewrites them in this one. Quantized vectors
     *                       ({@code quantization} other than none) are Lucene's format, so they use Lucene's graph
     *                       whatever this says
     * @param quantization   how the graph's vectors are stored ({@link Quantization}, default none); fixed when an
     *                       index is created: {@link EmbeddingIndex#open} and {@link EmbeddingIndex#openOrCreate}
     *                       refuse another one, {@link EmbeddingIndex#openReadOnly} ignores it
     */
    public record Options(int maxConnections, int beamWidth, int candidates, int commitEvery, double ramBufferMb,
                          int mergeThreads, Graph graph, Quantization quantization) {

        public Options {
            Objects.requireNonNull(quantization, "quantization");
            if (maxConnections < 2 || maxConnections > 512) {
                throw new IllegalArgumentException("maxConnections must be 2 to 512, got " + maxConnections);
            }
            if (beamWidth < 1 || beamWidth > 3200) {
                throw new IllegalArgumentException("beamWidth must be 1 to 3200, got " + beamWidth);
            }
            if (candidates < 1) {
                throw new IllegalArgumentException("candidates must be at least 1, got " + candidates);
            }
            if (commitEvery < 1) {
                throw new IllegalArgumentException("commitEvery must be at least 1, got " + commitEvery);
            }
            if (!(ramBufferMb >= 1) || ramBufferMb > 2000) {
                throw new IllegalArgumentException("ramBufferMb must be 1 to 2000, got " + ramBufferMb);
            }
            if (mergeThreads < 1 || mergeThreads > 256) {
                throw new IllegalArgumentException("mergeThreads must be 1 to 256, got " + mergeThreads);
            }
            Objects.requireNonNull(graph, "graph");
        }

        /** These options with our own graph ({@link Graph#OWN}) and float32 vectors ({@link Quantization#NONE}). */
        public Options(int maxConnections, int beamWidth, int candidates, int commitEvery, double ramBufferMb,
                       int mergeThreads) {
            this(maxConnections, beamWidth, candidates, commitEvery, ramBufferMb, mergeThreads, Graph.OWN,
                    Quantization.NONE);
        }

        /** These options with this graph and float32 vectors ({@link Quantization#NONE}). */
        public Options(int maxConnections, int beamWidth, int candidates, int commitEvery, double ramBufferMb,
                       int mergeThreads, Graph graph) {
            this(maxConnections, beamWidth, candidates, commitEvery, ramBufferMb, mergeThreads, graph,
                    Quantization.NONE);
        }

        /** These options with our own graph for float32 vectors and Lucene's for quantized ones. */
        public Options(int maxConnections, int beamWidth, int candidates, int commitEvery, double ramBufferMb,
                       int mergeThreads, Quantization quantization) {
            this(maxConnections, beamWidth, candidates, commitEvery, ramBufferMb, mergeThreads, Graph.OWN,
                    quantization);
        }

        /** These options with the default merge threads (one per processor, at most 8) and float32 vectors. */
        public Options(int maxConnections, int beamWidth, int candidates, int commitEvery, double ramBufferMb) {
            this(maxConnections, beamWidth, candidates, commitEvery, ramBufferMb, defaultMergeThreads());
        }

        /**
         * The defaults: 16 connections, beam 100, 100 search candidates, a commit every 100,000 writes, 256 MB, one
         * merge thread per processor (at most 8).
         */
        public static Options defaults() {
            return new Options(16, 100, 100, 100_000, 256);
        }

        /** These options with another number of search candidates. */
        public Options withCandidates(int value) {
            return new Options(maxConnections, beamWidth, value, commitEvery, ramBufferMb, mergeThreads, graph,
                    quantization);
        }

        /** These options with another commit interval. */
        public Options withCommitEvery(int value) {
            return new Options(maxConnections, beamWidth, candidates, value, ramBufferMb, mergeThreads, graph,
                    quantization);
        }

        /** These options with another number of graph merge threads. */
        public Options withMergeThreads(int value) {
            return new Options(maxConnections, beamWidth, candidates, commitEvery, ramBufferMb, value, graph,
                    quantization);
        }

        /** These options with another graph for new segments. */
        public Options withGraph(Graph value) {
            return new Options(maxConnections, beamWidth, candidates, commitEvery, ramBufferMb, mergeThreads, value,
                    quantization);
        }

        /** These options with another quantization of the graph's vectors (for creating an index). */
        public Options withQuantization(Quantization value) {
            return new Options(maxConnections, beamWidth, candidates, commitEvery, ramBufferMb, mergeThreads, graph,
                    value);
        }
        private static int defaultMergeThreads() {
            return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        }
    }

    /**
     * The HNSW graph that segments are written with. Each segment records its own, so an index may hold both (an
     * index written before {@link #OWN} existed, appended to since); searches use each segment's, and a merge writes
     * the configured one.
     */
    public enum Graph {
        /**
         * Our own graph (hnswlib's layout and build; several times faster to build and search than Lucene 9.12's),
         * as a Lucene vector format beside Lucene's flat vectors: loaded onto the heap by a segment's first search
         * (about {@code 4 (dimension + 2M + 1) + 30} bytes per picture, 405 bytes at 64-D and M 16). Merges rebuild
         * the merged segment's graph on {@link Options#mergeThreads()} threads.
         */
        OWN,
        /** Lucene's {@code Lucene99HnswVectorsFormat}: searched off the heap (memory-mapped), slower. */
        LUCENE;

        /** The graph named {@code own} or {@code lucene} (any case). */
        public static Graph of(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "own" -> OWN;
                case "lucene" -> LUCENE;
                default -> throw new IllegalArgumentException("graph must be own or lucene, got " + name);
            };
        }
    }

    /** The setting that chooses {@link Quantization}, named in the message when an index is opened with another. */
    public static final String QUANTIZATION_KEY = "siamese.search.index.quantization";

    private final Path folder;
    private final String modelId;
    private final int dimension;
    private final Options options;
    private final Directory directory;
    /** The threads that merge graphs, or null for merges on the merging thread alone. */
    private final ExecutorService mergePool;
    /** The writer, or null when the index was opened read-only. */
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /**
     * Writes of one path take its stripe's lock, so that Lucene and {@link #pending} agree on which of two concurrent
     * writes of a path came last. With Lucene's graph, writes of different paths run in parallel (each thread fills
     * its own segment, whose graph Lucene builds on one thread); with our graph, every stripe is the same lock, so all
     * threads fill one segment whose graph is built once on all merge threads at the flush (two half-size graphs and a
     * merge cost about 1.4x one graph of the whole).
     */
    private final Object[] stripes;
    /** Files written since the searchers last refreshed: path to {size, modified}. Guarded by {@code this}. */
    private final Map<String, long[]> pending = new HashMap<>();
    private int uncommitted;
    private volatile boolean stale;
    private volatile boolean closed;

    /** Opens the last commit read-only: no writer, no lock, nothing written. */
    private EmbeddingIndex(Path folder, String modelId, int dimension, Options options, Directory directory)
            throws IOException {
        this.folder = folder;
        this.modelId = modelId;
        this.dimension = dimension;
        this.options = options;
        this.stripes = stripes(options);
        this.directory = directory;
        this.mergePool = null;
        this.writer = null;
        DirectoryReader reader;
        try {
            reader = DirectoryReader.open(directory);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
        this.searchers = new SearcherManager(reader, new SearcherFactory());
    }

    private EmbeddingIndex(Path folder, String modelId, int dimension, Options options) throws IOException {
        this.folder = folder;
        this.modelId = modelId;
        this.dimension = dimension;
        this.options = options;
        this.stripes = stripes(options);
        this.directory = FSDirectory.open(folder.resolve("lucene"));
        this.mergePool = (options.graph() == Graph.LUCENE || options.quantization() != Quantization.NONE)
                && options.mergeThreads() > 1
                ? mergePool(options.mergeThreads()) : null;
        IndexWriterConfig config = new IndexWriterConfig();
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        config.setRAMBufferSizeMB(options.ramBufferMb());
        config.setCodec(codec(options, mergePool));
        IndexWriter opened;
        try {
            opened = new IndexWriter(directory, config);
        } catch (IOException | RuntimeException e) {
            try (directory) {
                if (mergePool != null) {
                    mergePool.shutdownNow();
                }
            }
            throw e;
        }
        this.writer = opened;
        this.searchers = new SearcherManager(writer, new SearcherFactory());
    }

    private static ExecutorService mergePool(int threads) {
        AtomicInteger made = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "siamese-index-merge-" + made.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens the index in {@code folder}, creating the folder and an empty index when there is none.
     *
     * @param modelId   identifies the model that makes the embeddings; must match the one the index was built with
     * @param dimension the embedding dimension; must match too
     * @throws SearchException when the folder holds an index of another model or dimension, or cannot be used
     */
    public static EmbeddingIndex openOrCreate(Path folder, String modelId, int dimension, Options options) {
        Objects.requireNonNull(folder, "folder");
        checkModelId(modelId);
        if (dimension < 1 || dimension > 1024) {
            throw new IllegalArgumentException("embedding dimension must be 1 to 1024, got " + dimension);
        }
        Objects.requireNonNull(options, "options");
        Path metadata = folder.resolve(METADATA_FILE);
        return opening(folder, "open or create", () -> {
            if (Files.exists(metadata)) {
                Properties existing = readMetadata(folder);
                check(folder, existing, modelId, dimension);
                checkQuantization(folder, existing, options.quantization());
            } else {
                if (Files.isDirectory(folder.resolve("lucene"))) {
                    throw new SearchException("folder " + folder + " holds Lucene files but no " + METADATA_FILE
                            + ", so the model that built them is unknown; delete the folder or pick another one");
                }
                Files.createDirectories(folder);
                writeMetadata(folder, modelId, dimension, options.quantization());
            }
            EmbeddingIndex index = new EmbeddingIndex(folder, modelId, dimension, options);
            index.writer.commit();
            return index;
        });
    }

    /**
     * Opens the existing index in {@code folder} for searching and updating.
     *
     * @param modelId identifies the model that makes the query embeddings; must be the one that built the index
     * @throws SearchException when there is no index in the folder, or it was built by another model
     */
    public static EmbeddingIndex open(Path folder, String modelId, Options options) {
        Objects.requireNonNull(folder, "folder");
        checkModelId(modelId);
        Objects.requireNonNull(options, "options");
        Properties metadata = existingMetadata(folder);
        int dimension = check(folder, metadata, modelId, -1);
        checkQuantization(folder, metadata, options.quantization());
        return opening(folder, "open", () -> new EmbeddingIndex(folder, modelId, dimension, options));
    }

    /**
     * Opens the existing index in {@code folder} for reading only, as of its last commit: it takes no lock and writes
     * nothing (no lock file, no commit), so it works while a writer has the index open in this or another process
     * (it then sees what that writer last committed), any number of times at once, and on a folder the process may
     * not write to. {@link #put}, {@link #remove}, {@link #commit} and {@link #optimize} throw
     * {@link UnsupportedOperationException}; later commits of a writer are not seen.
     *
     * @param modelId identifies the model that makes the query embeddings; must be the one that built the index
     * @param options the search options ({@link Options#candidates()}); the others only matter for writing
     * @throws SearchException when there is no index in the folder, it was built by another model, or it is damaged
     */
    public static EmbeddingIndex openReadOnly(Path folder, String modelId, Options options) {
        Objects.requireNonNull(folder, "folder");
        checkModelId(modelId);
        Objects.requireNonNull(options, "options");
        Properties metadata = existingMetadata(folder);
        int dimension = check(folder, metadata, modelId, -1);
        Path lucene = folder.resolve("lucene");
        // checked first because FSDirectory creates a folder that is missing
        if (!Files.isDirectory(lucene)) {
            throw new SearchException("embedding index in " + folder + " has no lucene/ folder: it was never"
                    + " committed or is damaged; delete the folder and run 'siamese index' again to rebuild it");
        }
        try {
            // no lock factory: a reader never takes the writer's lock nor leaves a write.lock behind
            // reading follows each segment's own format; the options only say what the index was created with
            return new EmbeddingIndex(folder, modelId, dimension, options.withQuantization(recorded(folder, metadata)),
                    FSDirectory.open(lucene, NoLockFactory.INSTANCE));
        } catch (IndexNotFoundException e) {
            throw new SearchException("embedding index in " + folder + " holds no commit (" + e.getMessage()
                    + "); delete the folder and run 'siamese index' again to rebuild it", e);
        } catch (CorruptIndexException e) {
            throw damaged(folder, e);
        } catch (IOException e) {
            throw new SearchException("cannot open the embedding index in " + folder + " for reading: "
                    + e.getMessage(), e);
        }
    }

    /** {@link #openReadOnly(Path, String, Options)} with the default options. */
    public static EmbeddingIndex openReadOnly(Path folder, String modelId) {
        return openReadOnly(folder, modelId, Options.defaults());
    }

    /**
     * Checks the index in {@code folder} fully, without a model and without writing anything: the metadata, every
     * file of the last commit read whole against its checksum (the parts of a damaged compound file one by one), and
     * the commit opened as searches open it. Reads the whole index (about 1 GB/s when cached: 25 ms for 100,000
     * 64-D pictures); works while a writer has it open (it checks the writer's last commit).
     *
     * @throws SearchException only when the folder holds no index at all; damage is reported in the result
     */
    public static IndexCheck verify(Path folder) {
        return IndexCheck.of(folder);
    }

    /** Whether this index was opened with {@link #openReadOnly}. */
    public boolean readOnly() {
        return writer == null;
    }

    /**
     * The exception that reports this index as damaged because of {@code what} (a NaN distance, say), naming its
     * folder and saying how to check and rebuild it.
     */
    public SearchException damaged(String what) {
        return new SearchException("embedding index in " + folder + " is damaged: " + what + advice(folder));
    }

    private static SearchException damaged(Path folder, CorruptIndexException e) {
        return new SearchException("embedding index in " + folder + " is damaged: " + IndexCheck.reasonWithFile(e)
                + advice(folder), e);
    }

    /** Opens an index; Lucene's failures are turned into {@link SearchException}s by {@link #opening}. */
    @FunctionalInterface
    private interface Opening {
        EmbeddingIndex open() throws IOException;
    }

    /**
     * Runs {@code opening}; a damaged index is reported as such, and any other failure to read or write it as
     * "cannot {@code verb} the embedding index".
     */
    private static EmbeddingIndex opening(Path folder, String verb, Opening opening) {
        try {
            return opening.open();
        } catch (CorruptIndexException e) {
            throw damaged(folder, e);
        } catch (IOException e) {
            throw cannot(folder, verb, e);
        }
    }

    /** Work done with a searcher of the index's latest refreshed view. */
    @FunctionalInterface
    private interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /**
     * Runs {@code work} with an acquired searcher and releases it; a damaged index is reported as such, and any other
     * read failure as "cannot {@code verb} the embedding index".
     */
    private <T> T withSearcher(String verb, SearcherWork<T> work) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return work.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (CorruptIndexException e) {
            throw damaged(folder, e);
        } catch (IOException e) {
            throw cannot(folder, verb, e);
        }
    }

    private static SearchException cannot(Path folder, String verb, IOException e) {
        return new SearchException("cannot " + verb + " the embedding index in " + folder + ": " + e.getMessage(), e);
    }

    private static String advice(Path folder) {
        return "; run 'siamese index --check " + folder + "' to see what is damaged, then delete the folder and run"
                + " 'siamese index' again to rebuild it";
    }

    private static Properties existingMetadata(Path folder) {
        if (!Files.exists(folder.resolve(METADATA_FILE))) {
            throw new SearchException("no embedding index in folder " + folder + " (" + METADATA_FILE
                    + " is missing); build one there first (siamese index), or point to the folder that holds it");
        }
        try {
            return readMetadata(folder);
        } catch (IOException e) {
            throw new SearchException("cannot read " + folder.resolve(METADATA_FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The folder this index lives in. */
    public Path folder() {
        return folder;
    }

    /** The identity of the model whose embeddings this index holds. */
    public String modelId() {
        return modelId;
    }

    /** The embedding dimension. */
    public int dimension() {
        return dimension;
    }

    /** How this index's graph vectors are stored: what it was created with. */
    public Quantization quantization() {
        return options.quantization();
    }

    /**
     * Adds the picture at {@code path}, or replaces what is stored for that path. Several threads may call this at
     * once. With our graph (the default) their writes take turns (a write costs microseconds) and fill one segment
     * whose graph is built on {@link Options#mergeThreads()} threads when it is flushed; with Lucene's graph or
     * quantized vectors each thread fills a segment of its own, so a bulk load from two threads builds two graphs in
     * parallel (merge them with {@link #optimize()} afterwards for the fastest searches).
     *
     * @param hash     a 64-bit perceptual hash of the picture (0 when not computed)
     * @param size     the file's size in bytes
     * @param modified the file's modification time in milliseconds since the epoch
     */
    public void put(String path, float[] embedding, long hash, long size, long modified) {
        Objects.requireNonNull(path, "path");
        checkEmbedding(embedding);
        Document doc = new Document();
        doc.add(new StringField(PATH, path, Field.Store.YES));
        doc.add(new BinaryDocValuesField(PATH_VALUES, new BytesRef(path)));
        doc.add(new KnnFloatVectorField(VECTOR, embedding, VectorSimilarityFunction.EUCLIDEAN));
        doc.add(new StoredField(HASH, hash));
        doc.add(new StoredField(SIZE, size));
        doc.add(new StoredField(MODIFIED, modified));
        checkWritable("put");
        boolean commitNow;
        synchronized (stripe(path)) {
            try {
                writer.updateDocument(new Term(PATH, path), doc);
            } catch (IOException e) {
                throw cannot(folder, "write to", e);
            } catch (AlreadyClosedException e) {
                checkOpen();
                throw e;
            }
            commitNow = written(path, new long[] {size, modified});
        }
        if (commitNow) {
            commit();
        }
    }

    /** Records a write that Lucene accepted; returns whether it is time to commit. */
    private synchronized boolean written(String path, long[] sizeAndModified) {
        pending.put(path, sizeAndModified);
        stale = true;
        return ++uncommitted >= options.commitEvery();
    }

    private static Object[] stripes(Options options) {
        Object[] stripes = new Object[64];
        Object shared = new Object();
        boolean oneSegment = options.graph() == Graph.OWN && options.quantization() == Quantization.NONE;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = oneSegment ? shared : new Object();
        }
        return stripes;
    }

    private Object stripe(String path) {
        return stripes[path.hashCode() & (stripes.length - 1)];
    }

    /** Removes the picture at {@code path}, if present (for files that were deleted). */
    public void remove(String path) {
        Objects.requireNonNull(path, "path");
        checkWritable("remove");
        synchronized (stripe(path)) {
            try {
                writer.deleteDocuments(new Term(PATH, path));
            } catch (IOException e) {
                throw cannot(folder, "write to", e);
            }
            synchronized (this) {
                pending.put(path, null);
                stale = true;
                uncommitted++;
            }
        }
    }

    /** Whether the index holds {@code path} with exactly this size and modification time, so it need not be re-embedded. */
    public synchronized boolean contains(String path, long size, long modified) {
        checkOpen();
        if (pending.containsKey(path)) {
            long[] stored = pending.get(path);
            return stored != null && stored[0] == size && stored[1] == modified;
        }
        // the searchers are refreshed only when searching, so writes since then are answered from `pending` above
        return withSearcher("read", searcher -> {
            TopDocs top = searcher.search(new TermQuery(new Term(PATH, path)), 1);
            if (top.scoreDocs.length == 0) {
                return false;
            }
            Document doc = searcher.storedFields().document(top.scoreDocs[0].doc, Set.of(SIZE, MODIFIED));
            return doc.getField(SIZE).numericValue().longValue() == size
                    && doc.getField(MODIFIED).numericValue().longValue() == modified;
        });
    }

    /** The {@code k} nearest indexed pictures to {@code query}, nearest first, exploring the configured candidates. */
    public List<SearchHit> search(float[] query, int k) {
        return search(query, k, options.candidates());
    }

    /**
     * The {@code k} nearest indexed pictures to {@code query}, nearest first, exploring at least {@code candidates}
     * graph candidates (more is slower and finds the true neighbours more often).
     */
    public List<SearchHit> search(float[] query, int k, int candidates) {
        checkEmbedding(query);
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        refreshIfStale();
        int explore = Math.max(k, candidates);
        return withSearcher("search", searcher -> nearest(searcher, query, k, explore));
    }

    /** The {@code k} nearest pictures to {@code query} that {@code searcher} sees, exploring {@code explore} per segment. */
    private List<SearchHit> nearest(IndexSearcher searcher, float[] query, int k, int explore) throws IOException {
        // each segment's graph is searched directly (GraphSearch), not through KnnFloatVectorQuery, which
        // searches the same graphs with a sparse visited set per search and then runs a second query over the hits
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        ScoreDoc[] best = new ScoreDoc[0];
        for (LeafReaderContext leaf : leaves) {
            LeafReader reader = leaf.reader();
            ScoreDoc[] leafTop = searchSegment(reader, query, explore);
            for (ScoreDoc hit : leafTop) {
                hit.shardIndex = leaf.ord;
            }
            if (best.length == 0) {
                best = leafTop;
            } else if (leafTop.length > 0) {
                ScoreDoc[] merged = Arrays.copyOf(best, best.length + leafTop.length);
                System.arraycopy(leafTop, 0, merged, best.length, leafTop.length);
                best = merged;
            }
        }
        for (ScoreDoc hit : best) {
            String impossible = impossibleDistance(hit.score);
            if (impossible != null) {
                throw damaged("a search met a stored embedding at distance " + impossible + " (segment "
                        + hit.shardIndex + ", document " + hit.doc + ")");
            }
        }
        // best score first, ties by segment and document: the order of one merged segment, whatever the segments
        Arrays.sort(best, BEST_FIRST);
        int n = Math.min(k, best.length);
        // paths are read in document order, one doc-values iterator per segment (creating one costs as much as
        // reading several values)
        Integer[] byDoc = new Integer[n];
        for (int i = 0; i < n; i++) {
            byDoc[i] = i;
        }
        ScoreDoc[] top = best;
        Arrays.sort(byDoc, Comparator.comparingInt((Integer i) -> top[i].shardIndex).thenComparingInt(i -> top[i].doc));
        String[] paths = new String[n];
        BinaryDocValues values = null;
        int valuesLeaf = -1;
        for (int i : byDoc) {
            ScoreDoc hit = top[i];
            if (hit.shardIndex != valuesLeaf) {
                valuesLeaf = hit.shardIndex;
                values = leaves.get(valuesLeaf).reader().getBinaryDocValues(PATH_VALUES);
            }
            if (values == null || !values.advanceExact(hit.doc)) {
                throw new SearchException("embedding index in " + folder + " has a picture without a path;"
                        + " it is damaged, rebuild it");
            }
            paths[i] = values.binaryValue().utf8ToString();
        }
        List<SearchHit> hits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hits.add(new SearchHit(paths[i], EuclideanScores.distance(top[i].score)));
        }
        return hits;
    }

    private ScoreDoc[] searchSegment(LeafReader reader, float[] query, int explore) throws IOException {
        try {
            SiameseHnswVectorsReader own = ownGraph(reader);
            if (own != null) {
                SiameseHnswVectorsReader.Found found = own.search(VECTOR, query, explore, explore, reader.getLiveDocs());
                ScoreDoc[] top = new ScoreDoc[found.size()];
                for (int i = 0; i < top.length; i++) {
                    // Lucene's Euclidean score, as GraphSearch gives, so that segments of both graphs rank together
                    top[i] = new ScoreDoc(found.docs()[i], 1 / (1 + found.distances()[i]));
                }
                return top;
            }
            if (quantized(reader)) {
                return searchQuantizedSegment(reader, query, explore);
            }
            ScoreDoc[] top = GraphSearch.search(reader, VECTOR, query, explore);
            return top != null ? top : reader.searchNearestVectors(VECTOR, query, explore, reader.getLiveDocs(),
                    Integer.MAX_VALUE).scoreDocs;
        } catch (GraphSearch.NotFinite | SiameseHnswVectorsReader.NotFinite e) {
            throw damaged(e.getMessage());
        } catch (AssertionError e) {
            // with assertions on (java -ea, as in tests) Lucene refuses a non-finite distance itself, where without
            // them it returns the NaN or infinite score that the caller reports
            StackTraceElement[] at = e.getStackTrace();
            if (at.length > 0 && at[0].getClassName().equals("org.apache.lucene.util.VectorUtil")) {
                throw damaged("a search met a stored embedding at a distance that is not finite");
            }
            throw e;
        }
    }

    /** The segment's reader of our own graph, or null when its embeddings are in another format (Lucene's graph). */
    private static SiameseHnswVectorsReader ownGraph(LeafReader reader) {
        if (reader instanceof CodecReader codec) {
            KnnVectorsReader vectors = codec.getVectorReader();
            if (vectors instanceof PerFieldKnnVectorsFormat.FieldsReader perField) {
                vectors = perField.getFieldReader(VECTOR);
            }
            if (vectors instanceof SiameseHnswVectorsReader own) {
                return own;
            }
        }
        return null;
    }

    /** Whether the segment's graph is built on quantized vectors ({@link Quantization#INT7} or {@link Quantization#INT4}). */
    private static boolean quantized(LeafReader reader) {
        FieldInfo info = reader.getFieldInfos().fieldInfo(VECTOR);
        return info != null && Lucene99HnswScalarQuantizedVectorsFormat.NAME.equals(
                info.getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY));
    }

    /**
     * The {@code explore} best documents of a quantized segment, best first, with exact Euclidean scores: Lucene's own
     * search walks the graph on the quantized vectors (GraphSearch would read the float ones, which is what
     * quantization spares), then the hits are re-ranked by their float vectors, so that distances stay exact and the
     * quantization error only decides which candidates are seen, not their order.
     */
    private ScoreDoc[] searchQuantizedSegment(LeafReader reader, float[] query, int explore) throws IOException {
        ScoreDoc[] hits = reader.searchNearestVectors(VECTOR, query, explore, reader.getLiveDocs(),
                Integer.MAX_VALUE).scoreDocs;
        ScoreDoc[] byDoc = hits.clone();
        Arrays.sort(byDoc, Comparator.comparingInt((ScoreDoc d) -> d.doc));
        FloatVectorValues floats = reader.getFloatVectorValues(VECTOR);
        for (ScoreDoc hit : byDoc) {
            if (floats == null || floats.docID() > hit.doc || floats.advance(hit.doc) != hit.doc) {
                throw damaged("a search found document " + hit.doc + " without its float embedding");
            }
            hit.score = VectorSimilarityFunction.EUCLIDEAN.compare(query, floats.vectorValue());
        }
        Arrays.sort(hits, BEST_FIRST);
        return hits;
    }

    /**
     * Null when a Euclidean score ({@code 1 / (1 + d^2)}) stands for a possible distance, else the distance it stands
     * for: "NaN" or "Infinity" (a stored vector with NaN or huge values), or "impossible" (a score above 1 or below 0).
     */
    static String impossibleDistance(float score) {
        if (score > 0 && score <= 1) {
            return null;
        }
        return Float.isNaN(score) ? "NaN" : score == 0 ? "Infinity" : "impossible (score " + score + ")";
    }

    /** The number of pictures in the index, including those not yet committed. */
    public int size() {
        refreshIfStale();
        return withSearcher("read", searcher -> searcher.getIndexReader().numDocs());
    }

    /**
     * Calls {@code action} for every indexed picture, segment by segment (order is unspecified but stable). Reading
     * everything, it first verifies each segment's checksums (about a twentieth of the time the reading takes), so
     * exact searches and de-duplication never compute with damaged embeddings.
     *
     * @throws SearchException when a segment is damaged, before {@code action} sees any of its pictures
     */
    public void forEach(Consumer<IndexEntry> action) {
        refreshIfStale();
        withSearcher("read", searcher -> {
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                LeafReader reader = leaf.reader();
                reader.checkIntegrity();
                FloatVectorValues vectors = reader.getFloatVectorValues(VECTOR);
                if (vectors == null) {
                    continue;
                }
                Bits live = reader.getLiveDocs();
                StoredFields stored = reader.storedFields();
                for (int doc = vectors.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = vectors.nextDoc()) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    Document fields = stored.document(doc);
                    float[] vector = vectors.vectorValue();
                    checkStored(fields.get(PATH), vector);
                    action.accept(new IndexEntry(fields.get(PATH), vector,
                            fields.getField(HASH).numericValue().longValue(),
                            fields.getField(SIZE).numericValue().longValue(),
                            fields.getField(MODIFIED).numericValue().longValue()));
                }
            }
            return null;
        });
    }

    /**
     * Calls {@code action} with the path of every indexed picture, read from the paths' doc values alone: much cheaper
     * than {@link #forEach} (no stored fields, no vectors) when only paths are needed.
     */
    public void forEachPath(Consumer<String> action) {
        refreshIfStale();
        withSearcher("read", searcher -> {
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                LeafReader reader = leaf.reader();
                BinaryDocValues paths = reader.getBinaryDocValues(PATH_VALUES);
                if (paths == null) {
                    continue;
                }
                Bits live = reader.getLiveDocs();
                for (int doc = paths.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = paths.nextDoc()) {
                    if (live == null || live.get(doc)) {
                        action.accept(paths.binaryValue().utf8ToString());
                    }
                }
            }
            return null;
        });
    }

    /** Makes every write so far durable; an interrupted run later reopens with them. */
    public synchronized void commit() {
        checkWritable("commit");
        try {
            uncommitted = 0;
            writer.commit();
            // the refreshed searchers see every write so far, so the bookkeeping of pending writes starts over: it
            // never holds more than a commit interval's pictures
            searchers.maybeRefreshBlocking();
            pending.clear();
            stale = false;
        } catch (IOException e) {
            throw cannot(folder, "commit", e);
        }
    }

    /**
     * Merges the index into one segment, which makes searches faster; slow for large indexes (our graph is built anew
     * over all the vectors, Lucene's keeps the largest segment's graph and inserts every other node again, either on
     * {@link Options#mergeThreads()} threads).
     */
    public synchronized void optimize() {
        checkWritable("optimize");
        try {
            writer.forceMerge(1);
            writer.commit();
            uncommitted = 0;
            stale = true;
        } catch (IOException e) {
            throw cannot(folder, "merge", e);
        }
    }

    /** Commits (unless read-only) and closes the index; later calls fail. Closing twice does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (writer == null) {
            try (directory; searchers) {
                return;
            } catch (IOException e) {
                throw cannot(folder, "close", e);
            }
        }
        try {
            try (directory; writer; searchers) {
                writer.commit();
            } finally {
                if (mergePool != null) {
                    mergePool.shutdownNow();
                }
            }
        } catch (IOException e) {
            throw cannot(folder, "close", e);
        }
    }

    private void refreshIfStale() {
        checkOpen();
        if (!stale) {
            return;
        }
        synchronized (this) {
            if (!stale) {
                return;
            }
            try {
                searchers.maybeRefreshBlocking();
                pending.clear();
                stale = false;
            } catch (IOException e) {
                throw cannot(folder, "refresh", e);
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the embedding index in " + folder + " is closed");
        }
    }

    /** A stored embedding must be finite, as {@link #put} requires: anything else was damaged on disk. */
    private void checkStored(String path, float[] vector) {
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw damaged("the stored embedding of " + path + " holds " + v);
            }
        }
    }

    private void checkWritable(String method) {
        checkOpen();
        if (writer == null) {
            throw new UnsupportedOperationException("cannot " + method + ": the embedding index in " + folder
                    + " was opened read-only (EmbeddingIndex.openReadOnly); open it with open or openOrCreate to write");
        }
    }

    private void checkEmbedding(float[] embedding) {
        Objects.requireNonNull(embedding, "embedding");
        if (embedding.length != dimension) {
            throw new IllegalArgumentException("this index holds " + dimension + "-D embeddings, got one of "
                    + embedding.length);
        }
        for (float v : embedding) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("embedding values must be finite, got " + v);
            }
        }
    }

    private static Codec codec(Options options, ExecutorService mergePool) {
        KnnVectorsFormat format = options.quantization() != Quantization.NONE ? quantizedFormat(options, mergePool)
                : options.graph() == Graph.OWN
                ? new SiameseHnswVectorsFormat(options.maxConnections(), options.beamWidth(), options.mergeThreads())
                : mergePool == null
                ? new Lucene99HnswVectorsFormat(options.maxConnections(), options.beamWidth())
                : new Lucene99HnswVectorsFormat(options.maxConnections(), options.beamWidth(), options.mergeThreads(),
                        mergePool);
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }

    /**
     * Lucene's HNSW graph on scalar-quantized vectors (the float32 ones stay on disk for merges and re-ranking); int4
     * packs two values in a byte. The confidence interval that sets the quantization range is Lucene's default for
     * 7 bits ({@code 1 - 1 / (dimension + 1)}) and, for 4 bits, chosen per segment from the data (Lucene's advice).
     */
    private static KnnVectorsFormat quantizedFormat(Options options, ExecutorService mergePool) {
        int bits = options.quantization().bits();
        return new Lucene99HnswScalarQuantizedVectorsFormat(options.maxConnections(), options.beamWidth(),
                mergePool == null ? 1 : options.mergeThreads(), bits, bits == 4, bits == 4 ? 0f : null, mergePool);
    }

    /** The quantization an index was created with: none for one made before the setting existed. */
    private static Quantization recorded(Path folder, Properties metadata) {
        try {
            return Quantization.of(metadata.getProperty("quantization", Quantization.NONE.key()));
        } catch (IllegalArgumentException e) {
            throw new SearchException(folder.resolve(METADATA_FILE) + " has an unknown quantization, "
                    + metadata.getProperty("quantization") + "; the index is damaged or newer than this version", e);
        }
    }

    /** The quantization is fixed when an index is created: writing with another one would mix formats. */
    private static void checkQuantization(Path folder, Properties metadata, Quantization wanted) {
        Quantization stored = recorded(folder, metadata);
        if (stored != wanted) {
            throw new SearchException("embedding index in " + folder + " was created with " + QUANTIZATION_KEY + " = "
                    + stored + ", not " + wanted + "; it is fixed when an index is created. Set " + QUANTIZATION_KEY
                    + "=" + stored + " to use this index, or build a new one in another folder with " + wanted);
        }
    }

    private static void checkModelId(String modelId) {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("a model identity is required (e.g. the descriptor hash and dimension)");
        }
    }

    /** Returns the stored dimension after checking format, model and (when not negative) dimension. */
    private static int check(Path folder, Properties metadata, String modelId, int dimension) {
        String format = metadata.getProperty("format");
        if (!FORMAT.equals(format)) {
            throw new SearchException("embedding index in " + folder + " has format " + format + "; this version reads "
                    + FORMAT + " (rebuild the index)");
        }
        String storedModel = metadata.getProperty("model");
        int storedDimension;
        try {
            storedDimension = Integer.parseInt(metadata.getProperty("dimension", ""));
        } catch (NumberFormatException e) {
            throw new SearchException(folder.resolve(METADATA_FILE) + " has no valid dimension; the index is damaged,"
                    + " rebuild it", e);
        }
        if (!modelId.equals(storedModel) || (dimension >= 0 && dimension != storedDimension)) {
            throw new SearchException("embedding index in " + folder + " was built by model '" + storedModel + "' ("
                    + storedDimension + "-D embeddings), not by '" + modelId + "'"
                    + (dimension >= 0 ? " (" + dimension + "-D)" : "")
                    + "; embeddings of different models cannot be compared. Use the model that built it,"
                    + " or build a new index in another folder");
        }
        return storedDimension;
    }

    private static Properties readMetadata(Path folder) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(folder.resolve(METADATA_FILE), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    private static void writeMetadata(Path folder, String modelId, int dimension, Quantization quantization)
            throws IOException {
        Properties properties = new Properties();
        properties.setProperty("format", FORMAT);
        properties.setProperty("model", modelId);
        properties.setProperty("dimension", Integer.toString(dimension));
        properties.setProperty("similarity", "euclidean");
        properties.setProperty("quantization", quantization.key());
        properties.setProperty("created", Instant.now().toString());
        AtomicFiles.write(folder.resolve(METADATA_FILE), temp -> {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(out, "Siamese embedding index: the model whose embeddings it holds");
            }
        });
    }
}
