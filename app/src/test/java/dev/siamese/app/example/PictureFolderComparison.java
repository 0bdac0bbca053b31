package dev.siamese.app.example;

import dev.siamese.api.image.Image;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.Verdict;
import dev.siamese.api.spi.Backends;
import dev.siamese.data.pictures.PictureFiles;
import dev.siamese.data.pictures.Pictures;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * An example host application: load a trained model directory and compare every pair of pictures in a folder,
 * printing the distance and the same/different verdict at the model's calibrated threshold.
 *
 * <pre>java ... dev.siamese.app.example.PictureFolderComparison MODEL_DIR PICTURE_FOLDER</pre>
 */
public final class PictureFolderComparison {

    private PictureFolderComparison() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: PictureFolderComparison MODEL_DIR PICTURE_FOLDER");
            System.exit(2);
        }
        compare(Path.of(args[0]), Path.of(args[1]), System.out);
    }

    /** Compares every pair of pictures in {@code folder}; returns the verdicts in order (0-1, 0-2, ..., 1-2, ...). */
    public static List<Verdict> compare(Path modelDir, Path folder, PrintStream out) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(PictureFiles::isPicture).sorted().toList();
        }
        List<Verdict> verdicts = new ArrayList<>();
        try (EmbeddingModel model = Backends.named("tensorflow").load(modelDir)) {
            List<Image> pictures = new ArrayList<>();
            for (Path f : files) {
                pictures.add(Pictures.read(f, model.inputShape()));
            }
            for (int i = 0; i < pictures.size(); i++) {
                for (int j = i + 1; j < pictures.size(); j++) {
                    Verdict v = model.compare(pictures.get(i), pictures.get(j));
                    verdicts.add(v);
                    out.printf(Locale.ROOT, "%s ~ %s: distance %.4f -> %s%n", files.get(i).getFileName(),
                            files.get(j).getFileName(), v.distance(), v.similar() ? "same kind" : "different");
                }
            }
        }
        return verdicts;
    }
}
