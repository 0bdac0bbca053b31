package dev.siamese.app.example;

import com.google.inject.AbstractModule;
import com.typesafe.config.ConfigFactory;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.Image;
import dev.siamese.api.model.Verdict;
import dev.siamese.app.Experiments;
import dev.siamese.app.RunOutcome;
import dev.siamese.data.pictures.Pictures;
import dev.siamese.data.readers.SyntheticDigits;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the example host application on the module path: train quickly with the host's own dataset, then compare a folder. */
class PictureFolderComparisonTest {

    @TempDir
    Path dir;

    /** The host's dataset module: replaces the configured dataset, nothing else. */
    static final class OwnDigits extends AbstractModule {
        @Override
        protected void configure() {
            bind(DatasetSplits.class).toInstance(SyntheticDigits.splits(2000, 500, 77));
        }
    }

    @Test
    void comparesEveryPairOfAFolderWithATrainedModel() throws Exception {
        RunOutcome run = Experiments.run(ConfigFactory.parseString("""
                siamese.experiment.output-dir = "%s"
                siamese.model { mlp.hidden = [128], margin = 1.0, adam.learning-rate = 1e-3 }
                siamese.training.iterations = 300
                siamese.evaluation { calibration-pairs = 1000, test-pairs = 1000 }
                """.formatted(dir.resolve("runs").toString())), new OwnDigits());

        // a folder of PNGs: two pictures of a "1", one of a "0" (drawn from the held-out digits)
        DatasetSplits digits = SyntheticDigits.splits(2000, 500, 77);
        Path folder = dir.resolve("pictures");
        java.nio.file.Files.createDirectories(folder);
        int written = 0;
        String[] names = {"a-one.png", "b-one.png", "c-zero.png"};
        int[] wanted = {1, 1, 0};
        for (int i = 0; i < digits.test().size() && written < 3; i++) {
            if (digits.test().label(i) == wanted[written]) {
                ImageIO.write(toPng(digits.test().image(i)), "png", folder.resolve(names[written]).toFile());
                written++;
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Verdict> verdicts = PictureFolderComparison.compare(run.runDirectory().resolve("model"), folder,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(verdicts).hasSize(3);
        assertThat(verdicts.get(0).distance()).as("one vs one is closer than one vs zero")
                .isLessThan(verdicts.get(1).distance());
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("a-one.png ~ b-one.png", "c-zero.png");
        // a file read back converts to the same pixels the model was trained on (8-bit PNG round trip)
        Image back = Pictures.read(folder.resolve("a-one.png"), digits.shape());
        assertThat(back.shape()).isEqualTo(digits.shape());
        Image original = firstTestPictureOf(digits, 1);
        float[] expected = new float[original.pixels().length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = Math.round(original.pixels()[i] * 255) / 255f;
        }
        assertThat(back.pixels()).as("each pixel rounded to 8 bits and scaled back to [0, 1]").containsExactly(expected);
        assertThat(java.util.stream.IntStream.range(0, expected.length).filter(i -> expected[i] > 0 && expected[i] < 1)
                .count()).as("the digit has grey levels between black and white").isPositive();
    }

    private static Image firstTestPictureOf(DatasetSplits digits, int label) {
        for (int i = 0; i < digits.test().size(); i++) {
            if (digits.test().label(i) == label) {
                return digits.test().image(i);
            }
        }
        throw new AssertionError("no test picture of a " + label);
    }

    private static BufferedImage toPng(Image image) {
        BufferedImage png = new BufferedImage(image.shape().width(), image.shape().height(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < image.shape().height(); y++) {
            for (int x = 0; x < image.shape().width(); x++) {
                int v = Math.round(image.get(y, x, 0) * 255);
                png.getRaster().setSample(x, y, 0, v);
            }
        }
        return png;
    }
}
