package dev.siamese.data.readers;

import dev.siamese.api.DatasetException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An IDX file whose records cannot fit in the heap is refused, named, before anything is allocated for them. */
class IdxMemoryTest {

    @TempDir
    Path dir;

    /** A gzip IDX images file that really inflates to {@code count} pictures of {@code side x side} zero bytes. */
    static Path inflatingImages(Path file, int count, int side) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            out.write(ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(side).putInt(side)
                    .array());
            byte[] zeros = new byte[side * side];
            for (int i = 0; i < count; i++) {
                out.write(zeros);
            }
        }
        return file;
    }

    @Test
    void aSmallGzipFileThatInflatesBeyondTheHeapIsRefusedNamingTheFile() throws IOException {
        long heap = Runtime.getRuntime().maxMemory();
        // pictures of 4096 x 4096 bytes, enough that bytes and floats together need more than the whole heap
        int count = (int) (heap / 5 / (4096L * 4096) + 2);
        Path images = inflatingImages(dir.resolve("train-images-idx3-ubyte.gz"), count, 4096);
        assertThat(Files.size(images)).isLessThan(heap / 100);
        assertThatThrownBy(() -> IdxReader.readPictures(images))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining(String.format(java.util.Locale.ROOT, "holds %,d pictures of 16,777,216 bytes", count))
                .hasMessageContaining("this Java may use at most")
                .hasMessageContaining("-Xmx");
    }
}
