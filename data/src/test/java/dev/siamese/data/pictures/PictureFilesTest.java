package dev.siamese.data.pictures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

class PictureFilesTest {

    @TempDir
    Path root;

    @Test
    void aPictureIsAVisibleNameWithAPictureExtensionInAnyCase() {
        for (String name : List.of("a.png", "b.JPG", "c.jpeg", "d.Bmp", "e.gif", "f.webp", "g.tif", "h.TIFF", "x.y.png")) {
            assertThat(PictureFiles.isPicture(Path.of("folder", name))).as(name).isTrue();
        }
        for (String name : List.of(".png", ".hidden.png", "._photo.jpg", "png", "notes.txt", "a.png.bak", "a.svg")) {
            assertThat(PictureFiles.isPicture(Path.of("folder", name))).as(name).isFalse();
        }
        assertThat(PictureFiles.EXTENSION_LIST.split(", ")).hasSize(PictureFiles.EXTENSIONS.size())
                .allSatisfy(e -> assertThat(PictureFiles.EXTENSIONS).contains(e.substring(1)));
    }

    @Test
    void theWalkGoesDepthFirstInPathOrderSkippingHiddenEntriesAndTellingLinks() throws IOException {
        for (String name : List.of("b/2.png", "a/1.PNG", "a/0.png", "a-b.png", "c.png", ".hidden/x.png", "a/.x.png",
                "notes.txt", "a/deeper/3.gif")) {
            touch(root.resolve(name));
        }
        Files.createSymbolicLink(root.resolve("link.png"), root.resolve("c.png"));
        Files.createSymbolicLink(root.resolve("linked"), root.resolve("a"));
        List<String> told = new ArrayList<>();
        PictureFiles.walk(root, new PictureFiles.Visitor() {
            @Override
            public void picture(Path file, BasicFileAttributes attributes) {
                assertThat(attributes.isRegularFile()).isTrue();
                told.add(relative(file));
            }

            @Override
            public void link(Path link) {
                told.add("link " + relative(link));
            }
        });
        // depth first: a/... before a-b.png, although '-' sorts before '/' in a whole path
        assertThat(told).containsExactly("a/0.png", "a/1.PNG", "a/deeper/3.gif", "a-b.png", "b/2.png", "c.png",
                "link link.png", "link linked");
    }

    @Test
    void theListingIsTheOneTheTwoWalksBeforeItGaveInTheirOrder() throws IOException {
        for (String name : List.of("a/0.png", "a b/1.jpg", "a-b.png", "a.png", "A/2.JPEG", "z/y/x/4.bmp",
                "a/b/c/5.tif", "a b.png", "café/6.png", "notes.txt", "7.webp")) {
            touch(root.resolve(name));
        }
        List<Path> listed = PictureFiles.list(root);
        assertThat(listed).hasSize(10).isEqualTo(oldUnlabelledListing(root)).isEqualTo(oldNearDuplicatesListing(root));
        assertThat(relative(listed.get(0))).isEqualTo("7.webp");
        assertThat(listed.stream().map(this::relative).toList()).containsSubsequence("a b.png", "a b/1.jpg", "a-b.png",
                "a.png", "a/0.png");
    }

    @Test
    void hiddenFilesAndFoldersAndLinksAreLeftOutOfTheListing() throws IOException {
        touch(root.resolve("seen.png"));
        touch(root.resolve(".cache/thumb.png"));
        touch(root.resolve("sub/._seen.png"));
        Path elsewhere = Files.createTempDirectory("picture-files-links");
        try {
            touch(elsewhere.resolve("far.png"));
            Files.createSymbolicLink(root.resolve("far.png"), elsewhere.resolve("far.png"));
            Files.createSymbolicLink(root.resolve("far"), elsewhere);
            assertThat(PictureFiles.list(root)).containsExactly(root.resolve("seen.png"));
            // the listing the training folder reader had before skipped exactly these too
            assertThat(oldUnlabelledListing(root)).containsExactly(root.resolve("seen.png"));
        } finally {
            Files.delete(elsewhere.resolve("far.png"));
            Files.delete(elsewhere);
        }
    }

    @Test
    void aLinkToAFolderIsWalkedWhenItIsTheRoot() throws IOException {
        touch(root.resolve("real/p.png"));
        Path link = Files.createSymbolicLink(root.resolve("link"), root.resolve("real"));
        assertThat(PictureFiles.list(link)).containsExactly(link.resolve("p.png"));
    }

    @Test
    void aRootThatCannotBeListedIsAnErrorNamingIt() {
        Path missing = root.resolve("missing");
        assertThatThrownBy(() -> PictureFiles.list(missing)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString());
        List<Path> unlistable = new ArrayList<>();
        try {
            PictureFiles.walk(missing, new PictureFiles.Visitor() {
                @Override
                public void picture(Path file, BasicFileAttributes attributes) {
                }

                @Override
                public void unlistable(Path folder, IOException e) {
                    unlistable.add(folder);
                }
            });
        } catch (IOException e) {
            throw new AssertionError("a visitor that records problems is not interrupted", e);
        }
        assertThat(unlistable).containsExactly(missing);
    }

    /** ImageFolderReader.listUnlabelled's listing before the walk had one home. */
    private static List<Path> oldUnlabelledListing(Path absolute) throws IOException {
        try (Stream<Path> walk = Files.walk(absolute)) {
            return walk.filter(f -> !hiddenBelow(absolute, f) && oldIsPictureName(f)
                    && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    /** NearDuplicatesCommand.pictures's listing of one folder before (it did not skip hidden entries). */
    private static List<Path> oldNearDuplicatesListing(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(f -> Files.isRegularFile(f) && oldIsPicture(f)).sorted().toList();
        }
    }

    private static boolean hiddenBelow(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean oldIsPictureName(Path entry) {
        return !entry.getFileName().toString().startsWith(".") && oldIsPicture(entry);
    }

    private static boolean oldIsPicture(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && List.of("png", "jpg", "jpeg", "bmp", "gif", "webp", "tif", "tiff")
                .contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static void touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {1});
    }
}
