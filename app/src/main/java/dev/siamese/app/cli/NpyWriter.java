package dev.siamese.app.cli;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a NumPy {@code .npy} file (format version 1.0) of float32 rows, little-endian, C order, shape
 * {@code (rows, columns)}, one row at a time: {@code numpy.load} reads it as it is. The row count is not known in
 * advance, so the header is written with room to spare and rewritten with the count on {@link #close()}.
 */
final class NpyWriter implements Closeable {
    /** Magic, version, header length and the padded header: a multiple of 64 bytes, as NumPy aligns it. */
    static final int HEADER_BYTES = 128;
    private static final int BUFFER_BYTES = 1 << 16;

    private final FileChannel channel;
    private final int columns;
    private final ByteBuffer buffer;
    private long rows;

    /** Creates (or truncates) {@code file} for rows of {@code columns} values. */
    NpyWriter(Path file, int columns) throws IOException {
        if (columns < 1) {
            throw new IllegalArgumentException("an .npy file needs at least 1 column, got " + columns);
        }
        this.columns = columns;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        this.buffer = ByteBuffer.allocate(Math.max(BUFFER_BYTES, columns * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        channel.write(ByteBuffer.wrap(header(0, columns)), 0);
        channel.position(HEADER_BYTES);
    }

    /** Appends one row of exactly {@code columns} values. */
    void row(float[] values) throws IOException {
        if (values.length != columns) {
            throw new IllegalArgumentException("a row of this .npy file has " + columns + " values, got " + values.length);
        }
        if (buffer.remaining() < values.length * Float.BYTES) {
            flush();
        }
        for (float v : values) {
            buffer.putFloat(v);
        }
        rows++;
    }

    /** Rows written so far. */
    long rows() {
        return rows;
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    /** Writes what is buffered and the header with the final row count. */
    @Override
    public void close() throws IOException {
        try (channel) {
            flush();
            ByteBuffer header = ByteBuffer.wrap(header(rows, columns));
            long position = 0;
            while (header.hasRemaining()) {
                position += channel.write(header, position);
            }
        }
    }

    /** The {@value #HEADER_BYTES}-byte header of a float32 array of shape {@code (rows, columns)}. */
    static byte[] header(long rows, int columns) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + columns + "), }";
        int length = HEADER_BYTES - 10;
        StringBuilder padded = new StringBuilder(dict);
        while (padded.length() < length - 1) {
            padded.append(' ');
        }
        padded.append('\n');
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        header.putShort((short) length).put(padded.toString().getBytes(StandardCharsets.US_ASCII));
        return header.array();
    }
}
