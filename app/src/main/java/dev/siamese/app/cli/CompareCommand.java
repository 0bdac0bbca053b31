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
            double distance = m.distance(Pictures.read(a, m.inputShape()), Pictures.read(b, m.inputShape()));
            Verdict verdict = Verdict.of(distance, threshold != null ? threshold : m.threshold());
            System.out.printf(Locale.ROOT, "distance %.5f, threshold %.5f: %s%n", verdict.distance(), verdict.threshold(),
                    verdict.similar() ? "similar" : "not similar");
        }
        return 0;
    }
}
