package dev.siamese.app.cli;

import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.Verdict;
import dev.siamese.data.Pictures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code siamese compare}: the distance between two pictures and whether the model calls them the same kind. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "The embedding distance between two pictures and the verdict at the model's threshold (or --threshold).")
public final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PICTURE_A")
    Path a;

    @Parameters(index = "1", paramLabel = "PICTURE_B")
    Path b;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR", description = {"A model directory or a run directory (default: the shipped near-duplicate twin).",
            "Repeat it (-m A -m B) to use several models as one ensemble: embeddings side by side, distance the norm of the models' distances."})
    List<Path> model;

    @Option(names = {"-t", "--threshold"}, paramLabel = "DISTANCE", description = "Decide at this distance instead of the model's calibrated threshold.")
    Double threshold;

    @Override
    public Integer call() {
        try (EmbeddingModel m = ModelOption.load(ModelOption.orDefault(model))) {
            dev.siamese.api.image.Image pa = Pictures.read(a, m.inputShape());
            dev.siamese.api.image.Image pb = Pictures.read(b, m.inputShape());
            double distance = m.distance(pa, pb);
            java.util.OptionalDouble bitWeight = threshold == null ? m.descriptor().hashBitWeight() : java.util.OptionalDouble.empty();
            if (bitWeight.isPresent()) {
                // the model's near-duplicate decision weighs in the pictures' DCT hashes, as dedup and search do
                dev.siamese.search.DctHash hash = new dev.siamese.search.DctHash();
                int bits = Long.bitCount(hash.hash(pa) ^ hash.hash(pb));
                double decided = distance + bitWeight.getAsDouble() * bits;
                System.out.printf(Locale.ROOT, "distance %.5f + %.4f x %d hash bits = %.5f, threshold %.5f: %s%n", distance,
                        bitWeight.getAsDouble(), bits, decided, m.threshold(), decided < m.threshold() ? "similar" : "not similar");
                return 0;
            }
            Verdict verdict = Verdict.of(distance, threshold != null ? threshold : m.threshold());
            System.out.printf(Locale.ROOT, "distance %.5f, threshold %.5f: %s%n", verdict.distance(), verdict.threshold(),
                    verdict.similar() ? "similar" : "not similar");
        }
        return 0;
    }
}
