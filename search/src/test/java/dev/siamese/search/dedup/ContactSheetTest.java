package dev.siamese.search.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

class ContactSheetTest {

    @Test
    void showsTheLargestGroupsWithEmbeddedThumbnailsEscapedNamesAndWhatWasLeftOut(@TempDir Path dir) throws Exception {
        Path a = picture(dir.resolve("pics/a<b>&.png"), 300, 200);
        Path b = picture(dir.resolve("pics/b.png"), 40, 30);
        Path c = picture(dir.resolve("pics/sub/c.png"), 50, 50);
        Path d = picture(dir.resolve("pics/d.png"), 50, 50);
        Path broken = dir.resolve("pics/broken.png");
        Files.writeString(broken, "not a picture");
        DuplicateGroup small = new DuplicateGroup(1, List.of(d.toString(), broken.toString()),
                List.of(new DuplicatePair(d.toString(), broken.toString(), 0.25)));
        DuplicateGroup large = new DuplicateGroup(2, List.of(a.toString(), b.toString(), c.toString()),
                List.of(new DuplicatePair(a.toString(), b.toString(), 0.125), new DuplicatePair(b.toString(), c.toString(), 0.5)));
        DuplicateGroups groups = new DuplicateGroups("euclidean", 0.6, true, 9, List.of(small, large));
        Path html = dir.resolve("sheet.html");
        ContactSheet.write(groups, html, 1);
        String sheet = Files.readString(html);
        assertThat(sheet).contains("Content-Security-Policy\" content=\"default-src 'none'; img-src data:;").contains("2 groups holding 5 of 9 pictures").contains("threshold 0.6000").contains("exact pairs")
                .contains("group 2: 3 pictures").doesNotContain("group 1:")
                .contains("1 more groups are left out")
                .contains("a&lt;b&gt;&amp;.png").doesNotContain("a<b>")
                .contains("sub/c.png").contains("nearest: 0.1250");
        assertThat(sheet.split("data:image/png;base64,", -1)).hasSize(4);
        assertThat(html.resolveSibling("sheet.html.partial")).doesNotExist();

        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < ContactSheet.MAX_PICTURES_PER_GROUP + 7; i++) {
            many.add(dir.resolve("missing-" + i + ".png").toString());
        }
        ContactSheet.write(new DuplicateGroups("hamming", 3, false, 100, List.of(new DuplicateGroup(1, many, List.of()))),
                html, 5);
        assertThat(Files.readString(html)).contains("... and 7 more pictures in this group").contains("threshold 3 bits")
                .contains("approximate");

        ContactSheet.write(groups, html, 10);
        assertThat(Files.readString(html)).contains("group 1: 2 pictures").contains("unreadable")
                .doesNotContain("left out");
    }

    private static Path picture(Path file, int w, int h) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (x * 5) << 16 | (y * 3) << 8 | 128);
            }
        }
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
