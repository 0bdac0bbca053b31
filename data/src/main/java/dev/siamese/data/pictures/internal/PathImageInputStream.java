package dev.siamese.data.pictures.internal;

import dev.siamese.data.pictures.FileNames;

import javax.imageio.stream.ImageInputStreamImpl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An {@code ImageInputStream} over a file opened by its {@link Path}, not by its name: {@code ImageIO}'s own file
 * streams take a {@code java.io.File}, which turns the name into a {@code String} and back and so cannot open a file
 * whose name the locale cannot decode (see {@link FileNames}). Like {@code FileImageInputStream} it reads the file
 * in place, without caching it.
 */
final class PathImageInputStream extends ImageInputStreamImpl {
    private final FileChannel channel;
    private final ByteBuffer one = ByteBuffer.allocate(1);

    private PathImageInputStream(FileChannel channel) {
        this.channel = channel;
    }

    /** A stream over {@code file}, or null when it cannot be opened, as {@code ImageIO.createImageInputStream} does. */
    static PathImageInputStream open(Path file) {
        try {
            return new PathImageInputStream(FileChannel.open(file, StandardOpenOption.READ));
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        one.clear();
        int n = channel.read(one, streamPos);
        if (n <= 0) {
            return -1;
        }
        streamPos++;
        return one.get(0) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", length " + b.length);
        }
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, len), streamPos);
        if (n <= 0) {
            return -1;
        }
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        try {
            return channel.size();
        } catch (IOException e) {
            return -1L;
        }
    }

    @Override
    public void close() throws IOException {
        super.close();
        channel.close();
    }
}
