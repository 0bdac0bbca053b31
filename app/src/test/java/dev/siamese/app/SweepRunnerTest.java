package dev.siamese.app;

import dev.siamese.evaluation.report.SweepRow;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.LossSpec;
import dev.siamese.config.ModelSettings;
import dev.siamese.config.SweepSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepRunnerTest {

    @TempDir
    Path dir;

    private SweepSettings sweep() throws IOException {
        Path file = dir.resolve("tiny.conf");
        Files.writeString(file, """
                sweep {
                  name = "tiny"
                  base = "smoke"
                  grid { model.margin = [0.5, 1.0] }
                  paper { column = "paper", values = [ { model.margin = 1.0, value = 42.0 } ] }
                }
                siamese.training.iterations = 20
                siamese.data.synthetic-digits.train-size = 300
                siamese.data.synthetic-digits.test-size = 200
                siamese.evaluation.calibration-pairs = 200
                siamese.evaluation.test-pairs = 200
                """);
        return SweepSettings.load(file.toString());
    }

    @Test
    void runsEveryCellWritesTablesAndResumesSkippingCompletedCells() throws IOException {
        SweepSettings sweep = sweep();
        List<String> out = List.of("experiment.output-dir=" + dir.resolve("runs"));
        SweepRunner.SweepOutcome first = new SweepRunner().run(sweep, out, RunOptions.silent());
        assertThat(first.ran()).isEqualTo(2);
        assertThat(first.rows()).allSatisfy(r -> assertThat(r.completed()).isTrue());
        Path table = first.directory().resolve("table.md");
        assertThat(Files.readString(table)).contains("| margin |", "| 0.5 |", "| 1 |", "42.00");
        assertThat(Files.readAllLines(first.directory().resolve("table.csv"))).hasSize(3);

        SweepRunner.SweepOutcome again = new SweepRunner().run(sweep, out, RunOptions.silent());
        assertThat(again.ran()).isZero();
        assertThat(again.skipped()).isEqualTo(2);
        assertThat(again.rows()).isEqualTo(first.rows());

        // a cell that crashed (no completion marker) is moved aside and run again
        Files.delete(first.directory().resolve("margin=0.5").resolve(RunDirectory.COMPLETE_MARKER));
        SweepRunner.SweepOutcome third = new SweepRunner().run(sweep, out, RunOptions.silent());
        assertThat(third.ran()).isEqualTo(1);
        try (var entries = Files.list(first.directory())) {
            assertThat(entries.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("margin=0.5.incomplete-"));
        }
        assertThat(third.rows().get(0).metric(SweepRow.RECOGNITION_RATE))
                .as("same seed, same result").isEqualTo(first.rows().get(0).metric(SweepRow.RECOGNITION_RATE));

        // resuming with other settings must not reuse cells that ran with the old ones
        List<String> changed = List.of("experiment.output-dir=" + dir.resolve("runs"), "training.iterations=21");
        assertThatThrownBy(() -> new SweepRunner().run(sweep, changed, RunOptions.silent()))
                .hasMessageContaining("margin=0.5").hasMessageContaining("other settings");
    }

    @Test
    void aSweepOfVariantsRunsEachVariantAndNamesItInTheTable() throws IOException {
        Path file = dir.resolve("variants.conf");
        Files.writeString(file, """
                sweep {
                  name = "ablation"
                  base = "smoke"
                  variants {
                    recipe {}
                    batch-contrastive { model.loss = batch-contrastive, training.batch-classes = 4, training.batch-per-class = 4 }
                  }
                }
                siamese.training.iterations = 20
                siamese.data.synthetic-digits.train-size = 300
                siamese.data.synthetic-digits.test-size = 200
                siamese.evaluation.calibration-pairs = 200
                siamese.evaluation.test-pairs = 200
                """);
        SweepRunner.SweepOutcome outcome = new SweepRunner().run(SweepSettings.load(file.toString()),
                List.of("experiment.output-dir=" + dir.resolve("runs")), RunOptions.silent());
        assertThat(outcome.ran()).isEqualTo(2);
        assertThat(Files.readString(outcome.directory().resolve("table.md")))
                .contains("| variant |", "| recipe |", "| batch-contrastive |");
        assertThat(Files.readString(outcome.directory().resolve("variant=batch-contrastive").resolve("config.conf")))
                .contains("batch-contrastive");
        assertThat(outcome.rows()).allSatisfy(r -> assertThat(r.completed()).isTrue());
    }

    @Test
    void theBundledIngredientSweepTakesOneIngredientOfTheCifarRecipeAwayPerVariant() {
        SweepSettings sweep = SweepSettings.load("resnet-cifar10-ingredients");
        List<SweepSettings.Cell> cells = sweep.cells();
        assertThat(cells.stream().map(c -> c.values().get(SweepSettings.VARIANT))).containsExactly("recipe",
                "pair-contrastive", "triplet", "no-augmentation", "constant-learning-rate", "no-weight-decay",
                "plain-conv");
        List<ModelSettings> models = cells.stream().map(c -> ModelSettings.from(sweep.cellSettings(c, List.of()))).toList();
        assertThat(models.get(0).loss()).isEqualTo(new LossSpec.BatchContrastive(1.0));
        assertThat(models.get(0).architecture()).isInstanceOf(ArchitectureSpec.ResNet.class);
        assertThat(models.get(1).loss()).isEqualTo(new LossSpec.Contrastive(1.0));
        assertThat(models.get(2).loss()).isEqualTo(new LossSpec.Triplet(0.3));
        assertThat(models.get(6).architecture()).isInstanceOf(ArchitectureSpec.ConvNet.class);
        assertThat(models.get(6).architecture().normalizeEmbeddings()).isTrue();
        for (SweepSettings.Cell cell : cells) {
            assertThat(sweep.cellSettings(cell, List.of()).config().getInt("siamese.training.iterations")).isEqualTo(1000);
        }
    }

    @Test
    void aBadValueInAnyCellFailsBeforeTheFirstCellRuns() throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "sweep { name = bad, base = smoke, grid { model.margin = [0.5, -1] } }\n");
        assertThatThrownBy(() -> new SweepRunner().run(SweepSettings.load(file.toString()),
                List.of("experiment.output-dir=" + dir.resolve("runs")), RunOptions.silent()))
                .hasMessageContaining("cell margin=-1").hasMessageContaining("siamese.model.margin");
        assertThat(dir.resolve("runs")).doesNotExist();
    }
}
