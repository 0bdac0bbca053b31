package dev.siamese.search.index;

import dev.siamese.search.SearchException;
import dev.siamese.search.SearchHit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link EmbeddingIndex#openReadOnly}: readers that need no lock, write nothing and see the last commit. */
class ReadOnlyIndexTest {
    private static final EmbeddingIndex.Options OPTIONS = EmbeddingIndex.Options.defaults();

    @TempDir
    Path folder;

    private void build(int pictures) {
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "m:2", 2, OPTIONS)) {
            for (int i = 0; i < pictures; i++) {
                index.put("p" + i, new float[] {i, 0}, i, i, i);
            }
        }
    }

    @Test
    void aReaderBesideAWriterThatHoldsTheLockSeesTheLastCommit() {
        try (EmbeddingIndex writer = EmbeddingIndex.openOrCreate(folder, "m:2", 2, OPTIONS)) {
            writer.put("a", new float[] {0, 0}, 1, 10, 100);
            writer.put("b", new float[] {3, 4}, 2, 20, 200);
            writer.commit();
            writer.put("c", new float[] {1, 1}, 3, 30, 300); // not committed: readers do not see it
            // a second writer is refused: the lock is held
            assertThatThrownBy(() -> EmbeddingIndex.open(folder, "m:2", OPTIONS)).isInstanceOf(SearchException.class);
            try (EmbeddingIndex reader = EmbeddingIndex.openReadOnly(folder, "m:2", OPTIONS)) {
                assertThat(reader.readOnly()).isTrue();
                assertThat(reader.dimension()).isEqualTo(2);
                assertThat(reader.size()).isEqualTo(2);
                assertThat(reader.search(new float[] {1, 1}, 5)).extracting(SearchHit::path).containsExactly("a", "b");
                assertThat(reader.contains("b", 20, 200)).isTrue();
                assertThat(reader.contains("c", 30, 300)).isFalse();
                List<String> paths = new ArrayList<>();
                reader.forEachPath(paths::add);
                assertThat(paths).containsExactlyInAnyOrder("a", "b");
            }
            // the writer goes on undisturbed
            writer.put("d", new float[] {9, 9}, 4, 40, 400);
            assertThat(writer.size()).isEqualTo(4);
        }
    }

    @Test
    void tenReadersSearchAtOnce() throws Exception {
        build(500);
        int readers = 10;
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<SearchHit>>> results = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                int q = r * 50;
                results.add(pool.submit(() -> {
                    start.await();
                    try (EmbeddingIndex reader = EmbeddingIndex.openReadOnly(folder, "m:2", OPTIONS)) {
                        return reader.search(new float[] {q, 0}, 3);
                    }
                }));
            }
            start.countDown();
            for (int r = 0; r < readers; r++) {
                List<SearchHit> hits = results.get(r).get();
                assertThat(hits).hasSize(3);
                assertThat(hits.get(0).path()).isEqualTo("p" + r * 50);
                assertThat(hits.get(0).distance()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReaderWritesNothingToTheFolder() throws IOException {
        build(50);
        // the writer leaves its lock file behind: without it, a reader that took the lock would leave a new one
        Files.delete(folder.resolve("lucene").resolve("write.lock"));
        Map<String, String> before = listing(folder);
        try (EmbeddingIndex reader = EmbeddingIndex.openReadOnly(folder, "m:2", OPTIONS)) {
            reader.search(new float[] {3, 0}, 5);
            reader.forEach(e -> { });
            reader.forEachPath(p -> { });
            reader.contains("p1", 1, 1);
            assertThat(reader.size()).isEqualTo(50);
            assertThat(listing(folder)).isEqualTo(before);
        }
        assertThat(listing(folder)).isEqualTo(before);
        assertThat(before.keySet()).noneMatch(name -> name.endsWith("write.lock"));
    }

    @Test
    void aReaderOfAMissingIndexFailsWithoutCreatingAnything() {
        Path missing = folder.resolve("nothing-here");
        assertThatThrownBy(() -> EmbeddingIndex.openReadOnly(missing, "m:2"))
                .isInstanceOf(SearchException.class).hasMessageContaining("no embedding index in folder " + missing);
        assertThat(missing).doesNotExist();
    }

    @Test
    void aReaderOfAnotherModelsIndexIsRefused() {
        build(1);
        assertThatThrownBy(() -> EmbeddingIndex.openReadOnly(folder, "other:2"))
                .isInstanceOf(SearchException.class).hasMessageContaining("m:2").hasMessageContaining("other:2");
    }

    @Test
    void writerMethodsOfAReaderFailClearly() {
        build(3);
        try (EmbeddingIndex reader = EmbeddingIndex.openReadOnly(folder, "m:2")) {
            assertThatThrownBy(() -> reader.put("x", new float[] {1, 1}, 0, 0, 0))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("cannot put").hasMessageContaining("read-only").hasMessageContaining(folder.toString());
            assertThatThrownBy(() -> reader.remove("p1"))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("cannot remove");
            assertThatThrownBy(reader::commit)
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("cannot commit");
            assertThatThrownBy(reader::optimize)
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("cannot optimize");
            assertThat(reader.size()).isEqualTo(3);
        }
    }

    /** Every file and folder under {@code root} with its size and modification time. */
    private static Map<String, String> listing(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path file : (Iterable<Path>) all::iterator) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                files.put(root.relativize(file).toString(), attributes.size() + " " + attributes.lastModifiedTime());
            }
        }
        return files;
    }
}
