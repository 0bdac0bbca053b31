package dev.siamese.app.cli;

import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.Embeddings;
import dev.siamese.data.Pictures;
import dev.siamese.search.EmbeddingIndex;
import dev.siamese.search.ExactKnn;
import dev.siamese.search.IndexContents;
import dev.siamese.search.Neighbours;
import dev.siamese.search.SearchHit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code siamese search}: the k indexed pictures most similar to a query picture. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "The k most similar indexed pictures to a query picture, with distances (approximate HNSW, or --exact).")
public final class SearchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PICTURE", description = "The query picture.")
    Path picture;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = "The model the index was built with (all of them, in the same order, for an ensemble).")
    List<Path> model;

    @Option(names = {"-i", "--index"}, required = true, paramLabel = "DIR", description = "The index folder.")
    Path index;

    @Option(names = "-k", defaultValue = "10", description = "How many neighbours (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--exact", description = "Compare against every indexed picture instead of the HNSW graph.")
    boolean exact;

    @Option(names = "--candidates", description = "HNSW candidates explored (default: siamese.search.index.candidates, 100).")
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
        try (EmbeddingModel m = ModelOption.load(model);
             EmbeddingIndex idx = EmbeddingIndex.open(index, ModelOption.identity(model, m), options)) {
            if (idx.size() == 0) {
                throw new dev.siamese.api.SiameseException("index " + index + " holds no pictures; run index first");
            }
            float[] query = m.embed(Pictures.read(picture, m.inputShape()));
            List<SearchHit> hits = exact ? exactSearch(idx, query, m.embeddingDimension()) : idx.search(query, k);
            double t = threshold != null ? threshold : m.threshold();
            String mark = threshold != null ? "  (similar)" : "  (same kind)";
            for (SearchHit hit : hits) {
                System.out.printf(Locale.ROOT, "%.5f  %s%s%n", hit.distance(), hit.path(), hit.distance() < t ? mark : "");
            }
        }
        return 0;
    }

    private List<SearchHit> exactSearch(EmbeddingIndex idx, float[] query, int dimension) {
        IndexContents all = IndexContents.of(idx, dimension);
        int kk = Math.min(k, all.paths().size());
        Neighbours n = ExactKnn.withAllProcessors().search(new Embeddings(1, dimension, query), all.embeddings(), kk);
        List<SearchHit> hits = new ArrayList<>();
        for (int r = 0; r < kk; r++) {
            hits.add(new SearchHit(all.paths().get(n.index(0, r)), n.distance(0, r)));
        }
        return hits;
    }
}
