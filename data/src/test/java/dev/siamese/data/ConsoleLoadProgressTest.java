package dev.siamese.data;

import dev.siamese.data.pictures.SkippedFile;
import dev.siamese.data.readers.SyntheticDigits;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the console shows of a data set load on standard error. */
class ConsoleLoadProgressTest {

    @Test
    void printsNotesAndNamesTheSkippedPictures() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            List<SkippedFile> skipped = new ArrayList<>();
            for (int i = 0; i < 23; i++) {
                skipped.add(new SkippedFile(Path.of("broken-" + i + ".png"), "not a picture"));
            }
            new ConsoleLoadProgress().finished(new LoadedData(SyntheticDigits.splits(20, 10, 1), skipped,
                    List.of("cached decoded pictures")));
        } finally {
            System.setErr(before);
        }
        String err = bytes.toString(StandardCharsets.UTF_8);
        assertThat(err).contains("note: cached decoded pictures").contains("warning: skipped 23 unreadable picture(s)")
                .contains("broken-0.png: not a picture").contains("broken-19.png").doesNotContain("broken-20.png")
                .contains("... and 3 more");
    }
}
