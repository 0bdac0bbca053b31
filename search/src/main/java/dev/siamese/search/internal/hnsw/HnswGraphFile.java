package dev.siamese.search.internal.hnsw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * Writes an {@link HnswGraph} to a file and reads it back: a header (magic {@code SHNW}, format version, dimension,
 * M, efConstruction, seed, size, entry node, top level), then the vectors, the levels, level 0's link blocks and the
 * upper levels' blocks of the nodes that have them, little-endian, and last the CRC-32 of everything before it.
 */
public final class HnswGraphFile {
    private static final int MAGIC = 0x53484E57; // "SHNW"
    private static final int VERSION = 1;
    private static final int BUFFER = 1 << 20;

    private HnswGraphFile() {
    }

    /** Writes the graph; call when no insertion is running. */
    public static void write(HnswGraph graph, Path file) throws IOException {
        int size = graph.size();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Out out = new Out(channel);
            out.putInt(MAGIC);
            out.putInt(VERSION);
            out.putInt(graph.dimension);
            out.putInt(graph.m);
            out.putInt(graph.efConstruction);
            out.putLong(graph.seed);
            out.putInt(size);
            out.putInt(graph.entryNode());
            out.putInt(Math.max(0, graph.maxLevel()));
            for (int node = 0; node < size; node++) {
                int at = node * graph.stride0 + graph.vectorAt;
                for (int i = 0; i < graph.dimension; i++) {
                    out.putInt(graph.nodes[at + i]);
                }
            }
            for (int i = 0; i < size; i++) {
                out.putByte(graph.levels[i]);
            }
            for (int node = 0; node < size; node++) {
                int at = node * graph.stride0 + graph.linksAt;
                for (int i = 0; i <= graph.m0; i++) {
                    out.putInt(graph.nodes[at + i]);
                }
            }
            for (int node = 0; node < size; node++) {
                int[] block = graph.upper[node];
                if (block != null) {
                    for (int v : block) {
                        out.putInt(v);
                    }
                }
            }
            out.finish();
        }
    }

    /** Reads a graph written by {@link #write}; a damaged, truncated or foreign file fails with what is wrong. */
    public static HnswGraph read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            In in = new In(channel, file);
            int magic = in.getInt();
            if (magic != MAGIC) {
                throw new IOException(file + " is not an HNSW graph file (magic " + Integer.toHexString(magic) + ")");
            }
            int version = in.getInt();
            if (version != VERSION) {
                throw new IOException(file + " is an HNSW graph file of format version " + version + "; this reads "
                        + VERSION);
            }
            int dimension = in.getInt();
            int m = in.getInt();
            int efConstruction = in.getInt();
            long seed = in.getLong();
            int size = in.getInt();
            int entry = in.getInt();
            int maxLevel = in.getInt();
            if (dimension < 1 || size < 0 || entry < -1 || entry >= size || maxLevel < 0 || m < 2 || m > 512
                    || efConstruction < 1 || (long) size * dimension > Integer.MAX_VALUE) {
                throw new IOException(file + " has a damaged header (dimension " + dimension + ", size " + size
                        + ", entry " + entry + ", M " + m + ")");
            }
            HnswGraph graph = new HnswGraph(dimension, size, new HnswGraph.Settings(m, efConstruction, seed));
            for (int node = 0; node < size; node++) {
                int at = node * graph.stride0 + graph.vectorAt;
                for (int i = 0; i < dimension; i++) {
                    graph.nodes[at + i] = in.getInt();
                }
            }
            for (int i = 0; i < size; i++) {
                graph.levels[i] = in.getByte();
            }
            for (int node = 0; node < size; node++) {
                int at = node * graph.stride0 + graph.linksAt;
                for (int i = 0; i <= graph.m0; i++) {
                    graph.nodes[at + i] = in.getInt();
                }
            }
            for (int node = 0; node < size; node++) {
                int level = graph.levels[node];
                if (level < 0 || level > maxLevel) {
                    throw new IOException(file + " is damaged: node " + node + " has level " + level);
                }
                if (level > 0) {
                    int[] block = new int[level * graph.upperStride];
                    for (int i = 0; i < block.length; i++) {
                        block[i] = in.getInt();
                    }
                    graph.upper[node] = block;
                }
            }
            long expected = in.crc();
            long stored = in.getLong();
            if (stored != expected) {
                throw new IOException(file + " is damaged: checksum " + Long.toHexString(stored) + ", content gives "
                        + Long.toHexString(expected));
            }
            if (in.remaining()) {
                throw new IOException(file + " has bytes past its checksum");
            }
            if (entry >= 0 && graph.levels[entry] != maxLevel) {
                throw new IOException(file + " is damaged: the entry node is not on the top level");
            }
            graph.restore(size, entry, maxLevel);
            java.util.Optional<String> problem = graph.firstProblem();
            if (problem.isPresent()) {
                throw new IOException(file + " is damaged: " + problem.get());
            }
            return graph;
        }
    }

    /** Buffered little-endian writes with a running CRC-32. */
    private static final class Out {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32 crc = new CRC32();

        Out(FileChannel channel) {
            this.channel = channel;
        }

        private void room(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                flush();
            }
        }

        private void flush() throws IOException {
            buffer.flip();
            crc.update(buffer.duplicate());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        void putByte(byte v) throws IOException {
            room(1);
            buffer.put(v);
        }

        void putInt(int v) throws IOException {
            room(4);
            buffer.putInt(v);
        }

        void putFloat(float v) throws IOException {
            room(4);
            buffer.putFloat(v);
        }

        void putLong(long v) throws IOException {
            room(8);
            buffer.putLong(v);
        }

        void finish() throws IOException {
            flush();
            buffer.putLong(crc.getValue());
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /** Buffered little-endian reads with a running CRC-32 of what was consumed. */
    private static final class In {
        private final FileChannel channel;
        private final Path file;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32 crc = new CRC32();
        private int checked;

        In(FileChannel channel, Path file) {
            this.channel = channel;
            this.file = file;
            buffer.limit(0);
        }

        private void need(int bytes) throws IOException {
            if (buffer.remaining() >= bytes) {
                return;
            }
            update();
            buffer.compact();
            while (buffer.position() < bytes) {
                if (channel.read(buffer) < 0) {
                    throw new IOException(file + " is truncated");
                }
            }
            buffer.flip();
            checked = 0;
        }

        /** Adds the bytes consumed since the last update to the checksum. */
        private void update() {
            int consumed = buffer.position() - checked;
            if (consumed > 0) {
                ByteBuffer slice = buffer.duplicate();
                slice.position(checked).limit(buffer.position());
                crc.update(slice);
            }
            checked = buffer.position();
        }

        byte getByte() throws IOException {
            need(1);
            return buffer.get();
        }

        int getInt() throws IOException {
            need(4);
            return buffer.getInt();
        }

        float getFloat() throws IOException {
            need(4);
            return buffer.getFloat();
        }

        long getLong() throws IOException {
            need(8);
            return buffer.getLong();
        }

        long crc() {
            update();
            return crc.getValue();
        }

        boolean remaining() throws IOException {
            return buffer.hasRemaining() || channel.position() < channel.size();
        }
    }
}
