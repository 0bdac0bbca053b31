package dev.siamese.app.cli;

import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.Verdict;
import dev.siamese.data.pictures.FileNames;
import dev.siamese.data.pictures.Pictures;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code siamese compare}: the distance between two pictures and whether the model calls them the same kind; the exit
 * code carries the verdict, so scripts need not parse the output.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"The embedding distance between two pictures and the verdict at the model's threshold (or --threshold).",
                "With --json, one JSON object on standard output: pictureA, pictureB, distance, threshold, similar"
                        + " (true or false), and, when the model weighs in the pictures' DCT hashes, hashBits,"
                        + " hashBitWeight and decided (distance + hashBitWeight x hashBits, compared with threshold)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:similar: the pictures are closer than the threshold",
                "3:different: they are not",
                "1:error: a picture or the model could not be read",
                "2:usage: wrong options or arguments"})
public final class CompareCommand implements Callable<Integer> {

    /** The exit code of a verdict of "not similar". */
    public static final int DIFFERENT = 3;

    @Parameters(index = "0", paramLabel = "PICTURE_A")
    Path a;

    @Parameters(index = "1", paramLabel = "PICTURE_B")
    Path b;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR", description = {"A model directory or a run directory (default: the shipped near-duplicate twin).",
            "Repeat it (-m A -m B) to use several models as one ensemble: embeddings side by side, distance the norm of the models' distances."})
    List<Path> model;

    @Option(names = {"-t", "--threshold"}, paramLabel = "DISTANCE", description = "Decide at this distance instead of the model's calibrated threshold.")
    Double threshold;

    @Option(names = "--json", description = "Print the result as one JSON object (keys above) instead of a line of text.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing: the exit code alone says the verdict (0 similar, 3 different).")
    boolean quiet;

    @Override
    public Integer call() {
        try (EmbeddingModel m = ModelOption.load(ModelOption.orDefault(model))) {
            dev.siamese.api.image.Image pa = Pictures.read(a, m.inputShape());
            dev.siamese.api.image.Image pb = Pictures.read(b, m.inputShape());
            double distance = m.distance(pa, pb);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("pictureA", FileNames.text(a));
            result.put("pictureB", FileNames.text(b));
            result.put("distance", distance);
            java.util.OptionalDouble bitWeight = threshold == null ? m.descriptor().hashBitWeight() : java.util.OptionalDouble.empty();
            String line;
            boolean similar;
            if (bitWeight.isPresent()) {
                // the model's near-duplicate decision weighs in the pictures' DCT hashes, as dedup and search do
                dev.siamese.search.hashes.DctHash hash = new dev.siamese.search.hashes.DctHash();
                int bits = Long.bitCount(hash.hash(pa) ^ hash.hash(pb));
                double decided = distance + bitWeight.getAsDouble() * bits;
                similar = decided < m.threshold();
                result.put("hashBits", bits);
                result.put("hashBitWeight", bitWeight.getAsDouble());
                result.put("decided", decided);
                result.put("threshold", m.threshold());
                line = String.format(Locale.ROOT, "distance %.5f + %.4f x %d hash bits = %.5f, threshold %.5f: %s", distance,
                        bitWeight.getAsDouble(), bits, decided, m.threshold(), similar ? "similar" : "not similar");
            } else {
                Verdict verdict = Verdict.of(distance, threshold != null ? threshold : m.threshold());
                similar = verdict.similar();
                result.put("threshold", verdict.threshold());
                line = String.format(Locale.ROOT, "distance %.5f, threshold %.5f: %s", verdict.distance(), verdict.threshold(),
                        similar ? "similar" : "not similar");
            }
            result.put("similar", similar);
            if (json) {
                JsonOutput.print(result, System.out);
            } else if (!quiet) {
                System.out.println(line);
            }
            return similar ? 0 : DIFFERENT;
        }
    }
}
