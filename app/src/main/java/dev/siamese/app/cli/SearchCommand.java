package dev.siamese.app.cli;

import dev.siamese.api.SiameseException;
import dev.siamese.api.image.Image;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.Embeddings;
import dev.siamese.data.pictures.FileNames;
import dev.siamese.data.pictures.Pictures;
import dev.siamese.search.RemoteIndex;
import dev.siamese.search.RemoteIndexes;
import dev.siamese.search.SearchHit;
import dev.siamese.search.hashes.DctHash;
import dev.siamese.search.index.EmbeddingIndex;
import dev.siamese.search.index.IndexContents;
import dev.siamese.search.knn.ExactKnn;
import dev.siamese.search.knn.Neighbours;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code siamese search}: the k indexed pictures most similar to a query picture. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "The k most similar pictures to a query picture, with distances (approximate HNSW, or --exact):"
                + " 'siamese search PICTURE FOLDER' indexes the folder with the shipped near-duplicate twin first (kept in"
                + " the cache, incremental); -i searches an index built by 'siamese index'; --solr URL --collection C"
                + " searches a SolrCloud collection loaded with the model's embeddings.",
        footerHeading = "%nJSON output (--json):%n",
        footer = {"One object: query (the picture), threshold (the distance below which a hit is marked), decision"
                + " (what a mark means: near-duplicate, same kind or similar) and hits, nearest first, each with path,"
                + " distance and similar (true when marked)."})
public final class SearchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PICTURE", description = "The query picture.")
    Path picture;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FOLDER", description = {"Search the pictures under this folder:"
            + " its index is kept under ~/.cache/siamese/indexes (or -i INDEX) and brought up to date first."})
    Path folder;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR", description = {"The model the index was built with (all of"
            + " them, in the same order, for an ensemble). Default: the shipped near-duplicate twin."})
    List<Path> model;

    @Option(names = {"-i", "--index"}, paramLabel = "DIR", description = {"The index folder (with FOLDER: created or"
            + " updated; default: one in the cache). Without FOLDER it is opened read-only, as of its last commit: no lock,"
            + " nothing written, so searches run while 'siamese index' writes it, side by side, and on a read-only copy."})
    Path index;

    @Option(names = "--solr", paramLabel = "URL", description = {"Search a SolrCloud collection instead of a local"
            + " index: a node's base URL (http://host:8983/solr). Needs the siamese-solr module, built (mvn -q"
            + " -DskipTests package -pl app,solr -am: the launcher then puts it on the class path)."})
    String solr;

    @Option(names = "--collection", paramLabel = "NAME", description = "The Solr collection to search (with --solr).")
    String collection;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors and the hits.")
    boolean quiet;

    @Option(names = "--json", description = "Print the hits as one JSON object (see below) instead of lines of text.")
    boolean json;

    @Option(names = "-k", paramLabel = "N", defaultValue = "10", description = "How many neighbours (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--exact", description = "Compare against every indexed picture instead of the HNSW graph.")
    boolean exact;

    @Option(names = "--candidates", paramLabel = "N", description = "HNSW candidates explored (default: siamese.search.index.candidates, 100).")
    Integer candidates;

    @Option(names = {"-t", "--threshold"}, paramLabel = "DISTANCE", description = {"Mark hits closer than this as"
            + " similar (default: the model's calibrated threshold, which separates 'same kind' from 'different'; for"
            + " near-duplicates of one picture pass the threshold `dedup --calibrate` printed)."})
    Double threshold;

    @picocli.CommandLine.Mixin
    SearchSettingsOption settings;

    @Override
    public Integer call() {
        EmbeddingIndex.Options options = settings.settings().index();
        if (candidates != null) {
            if (candidates < 1) {
                throw new dev.siamese.api.SiameseException("--candidates must be at least 1, got " + candidates);
            }
            options = options.withCandidates(candidates);
        }
        if (k < 1) {
            throw new dev.siamese.api.SiameseException("-k must be at least 1, got " + k);
        }
        if (threshold != null && !(threshold > 0 && Double.isFinite(threshold))) {
            throw new dev.siamese.api.SiameseException("--threshold must be a positive distance, got " + threshold);
        }
        if (solr != null || collection != null) {
            return searchSolr();
        }
        if (folder == null && index == null) {
            throw new dev.siamese.api.SiameseException("give a FOLDER to search (siamese search PICTURE FOLDER), or an"
                    + " index built by 'siamese index' (-i INDEX)");
        }
        if (folder != null && !java.nio.file.Files.isDirectory(folder)) {
            throw new dev.siamese.api.SiameseException("picture folder " + folder + " does not exist or is not a folder");
        }
        List<Path> models = ModelOption.orDefault(model);
        try (EmbeddingModel m = ModelOption.load(models)) {
            String identity = ModelOption.identity(models, m);
            Path indexDir = index != null ? index : FolderIndex.cached(folder, identity);
            // only a FOLDER to bring up to date needs the writer (and its lock); an index alone is only read
            try (EmbeddingIndex idx = folder != null
                    ? EmbeddingIndex.openOrCreate(indexDir, identity, m.embeddingDimension(), FolderIndex.cachedOptions(options))
                    : EmbeddingIndex.openReadOnly(indexDir, identity, options)) {
                if (folder != null) {
                    FolderIndex.Update update = FolderIndex.update(folder, m, idx, settings.settings().batch(), false,
                            ConsoleProgress.of("embedding", quiet));
                    FolderIndex.warnUnreadable(update.report(), System.err);
                    if (!quiet) {
                        System.err.println(update.report().summary());
                    }
                }
                searchLocal(m, idx);
            }
        }
        return 0;
    }

    private void searchLocal(EmbeddingModel m, EmbeddingIndex idx) {
        if (idx.size() == 0) {
            throw new SiameseException("index " + (index != null ? index : folder) + " holds no pictures; run index first");
        }
        Image query = Pictures.read(picture, m.inputShape());
        float[] embedding = m.embed(query);
        List<SearchHit> hits = exact ? exactSearch(idx, embedding, m.embeddingDimension()) : idx.search(embedding, k);
        printHits(m, query, hits, paths -> {
            Set<String> wanted = new HashSet<>(paths);
            Map<String, Long> hashes = new HashMap<>();
            idx.forEach(e -> {
                if (wanted.contains(e.path())) {
                    hashes.put(e.path(), e.hash());
                }
            });
            return hashes;
        });
    }

    /** {@code --solr URL --collection C}: the same search and output, answered by a SolrCloud collection. */
    private Integer searchSolr() {
        if (solr == null) {
            throw new SiameseException("--collection names a Solr collection: give the node's URL too (--solr URL)");
        }
        if (collection == null || collection.isBlank()) {
            throw new SiameseException("--solr needs the collection to search: --collection NAME");
        }
        if (folder != null || index != null) {
            throw new SiameseException("--solr searches a Solr collection, FOLDER and -i a local index: give one or the other");
        }
        if (exact || candidates != null) {
            throw new SiameseException((exact ? "--exact" : "--candidates") + " applies to local indexes, not to --solr");
        }
        if (!RemoteIndexes.engines().contains("solr")) {
            throw new SiameseException("--solr needs the siamese-solr module, which is not built: run mvn -q -DskipTests"
                    + " package -pl app,solr -am (the siamese launcher then puts solr/target and solr/target/lib on the class path)");
        }
        List<Path> models = ModelOption.orDefault(model);
        try (EmbeddingModel m = ModelOption.load(models);
             RemoteIndex remote = RemoteIndexes.open("solr", solr, collection, ModelOption.identity(models, m),
                     m.embeddingDimension())) {
            if (remote.size() == 0) {
                throw new SiameseException(remote.location() + " holds no pictures; load it first");
            }
            Image query = Pictures.read(picture, m.inputShape());
            printHits(m, query, remote.search(m.embed(query), k), remote::hashes);
        }
        return 0;
    }

    /** Prints the hits, marked by the model's decision; {@code hashesOf} gives the stored hashes of some paths. */
    private void printHits(EmbeddingModel m, Image query, List<SearchHit> hits,
                           Function<List<String>, Map<String, Long>> hashesOf) {
        double t = threshold != null ? threshold : m.threshold();
        String decision = threshold != null ? "similar" : verdictWord(m);
        String mark = "  (" + decision + ")";
        // a model whose near-duplicate decision weighs in the hashes marks hits by that decision (as dedup groups them)
        OptionalDouble bitWeight = threshold == null ? m.descriptor().hashBitWeight() : OptionalDouble.empty();
        Map<String, Long> hashes = bitWeight.isPresent()
                ? hashesOf.apply(hits.stream().map(SearchHit::path).toList()) : Map.of();
        long queryHash = new DctHash().hash(query);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SearchHit hit : hits) {
            double decided = hit.distance();
            if (bitWeight.isPresent() && hashes.containsKey(hit.path())) {
                decided += bitWeight.getAsDouble() * Long.bitCount(queryHash ^ hashes.get(hit.path()));
            }
            if (json) {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("path", hit.path()); // as stored, like the paths of dedup --json
                row.put("distance", hit.distance());
                row.put("similar", decided < t);
                rows.add(row);
            } else {
                System.out.printf(Locale.ROOT, "%.5f  %s%s%n", hit.distance(), FileNames.display(hit.path()),
                        decided < t ? mark : "");
            }
        }
        if (json) {
            Map<String, Object> result = new java.util.LinkedHashMap<>();
            result.put("query", FileNames.text(picture));
            result.put("threshold", t);
            result.put("decision", decision);
            result.put("hits", rows);
            JsonOutput.print(result, System.out);
        }
    }

    /** What the model's threshold means: "near-duplicate" for a near-duplicate twin, else "same kind". */
    private static String verdictWord(EmbeddingModel m) {
        return m.descriptor().provenance().containsKey("threshold.chosenOn") ? "near-duplicate" : "same kind";
    }

    private List<SearchHit> exactSearch(EmbeddingIndex idx, float[] query, int dimension) {
        IndexContents all = IndexContents.of(idx, dimension);
        int kk = Math.min(k, all.paths().size());
        Neighbours n = ExactKnn.withAllProcessors().search(new Embeddings(1, dimension, query), all.embeddings(), kk);
        List<SearchHit> hits = new ArrayList<>();
        for (int r = 0; r < kk; r++) {
            String path = all.paths().get(n.index(0, r));
            double distance = n.distance(0, r);
            // the stored vectors passed their checksums and are finite; a distance that still cannot be is damage
            if (!(distance >= 0 && distance < Double.POSITIVE_INFINITY)) {
                throw idx.damaged("the exact distance to " + path + " is " + distance);
            }
            hits.add(new SearchHit(path, distance));
        }
        return hits;
    }
}
