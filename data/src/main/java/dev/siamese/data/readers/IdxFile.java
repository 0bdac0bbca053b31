package dev.siamese.data.readers;

import dev.siamese.api.DatasetException;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One IDX file opened for reading, raw or gzip-compressed (recognised by the gzip magic bytes, not by name).
 * It reads the big-endian header and then the records in bounded chunks, so a header that promises more
 * records than the file holds fails at the end of the data instead of allocating what it promises.
 */
final class IdxFile implements AutoCloseable {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int FIRST_ALLOCATION = 1 << 20;
    /** The largest Java array we ask for. */
    static final long MAX_PAYLOAD = Integer.MAX_VALUE - 16;
    /** Heap one record byte takes once read: the byte itself and the 4-byte float or int it becomes. */
    static final int HEAP_BYTES_PER_BYTE = 5;

    private final Path path;
    private final String kind;
    private final boolean gzip;
    private final long fileSize;
    private final InputStream in;
    private long position;

    private IdxFile(Path path, String kind, boolean gzip, long fileSize, InputStream in) {
        this.path = path;
        this.kind = kind;
        this.gzip = gzip;
        this.fileSize = fileSize;
        this.in = in;
    }

    /** Opens {@code path}; {@code kind} names the file in messages, for example "images" or "labels". */
    static IdxFile open(Path path, String kind) {
        InputStream raw = null;
        try {
            long size = Files.size(path);
            raw = new BufferedInputStream(Files.newInputStream(path), BUFFER_BYTES);
            raw.mark(2);
            boolean gzip = raw.read() == GZIP_MAGIC_1 && raw.read() == GZIP_MAGIC_2;
            raw.reset();
            InputStream in = gzip ? new GZIPInputStream(raw, BUFFER_BYTES) : raw;
            return new IdxFile(path, kind, gzip, size, in);
        } catch (NoSuchFileException e) {
            closeQuietly(raw);
            throw new DatasetException("IDX " + kind + " file " + path + " does not exist", e);
        } catch (ZipException | EOFException e) {
            closeQuietly(raw);
            throw new DatasetException("IDX " + kind + " file " + path + " starts like gzip but its gzip header is"
                    + " broken (" + e.getMessage() + "); corrupt or truncated download?", e);
        } catch (IOException e) {
            closeQuietly(raw);
            throw new DatasetException("cannot read IDX " + kind + " file " + path + ": " + e, e);
        }
    }

    Path path() {
        return path;
    }

    boolean gzip() {
        return gzip;
    }

    /** The size of the file on disk (compressed size for gzip files). */
    long fileSize() {
        return fileSize;
    }

    /** Reads one big-endian header field; {@code field} names it in the message if the file ends first. */
    int readHeaderInt(String field) {
        byte[] four = new byte[4];
        int read = readUpTo(four, 0, 4);
        if (read < 4) {
            throw new DatasetException("IDX " + kind + " file " + path + " ends inside its header, while reading the "
                    + field + " (" + position + " bytes in); truncated download?");
        }
        return ((four[0] & 0xff) << 24) | ((four[1] & 0xff) << 16) | ((four[2] & 0xff) << 8) | (four[3] & 0xff);
    }

    /**
     * Reads {@code count} records of {@code recordBytes} bytes each and then checks that nothing follows.
     * Memory grows with the data actually present, never beyond what the header promised.
     *
     * @param recordName what one record is, in messages ("pictures", "labels")
     */
    byte[] readRecords(int count, int recordBytes, String recordName) {
        long expected = (long) count * recordBytes;
        if (expected > MAX_PAYLOAD) {
            throw new DatasetException("IDX " + kind + " file " + path + " promises " + count + " " + recordName
                    + " of " + recordBytes + " bytes, " + expected + " bytes in all: more than one Java array holds;"
                    + " is the header corrupt?");
        }
        long headerBytes = position;
        if (!gzip) {
            long needed = headerBytes + expected;
            if (fileSize < needed) {
                throw truncated(count, recordBytes, recordName, headerBytes, fileSize - headerBytes);
            }
            if (fileSize > needed) {
                throw trailing(fileSize - needed, count, recordName);
            }
        }
        if (!gzip || uncompressedSizeIs(headerBytes + expected)) {
            requireHeap(count, recordBytes, recordName, expected);
        }
        byte[] data = new byte[(int) Math.min(expected, FIRST_ALLOCATION)];
        int filled = 0;
        while (filled < expected) {
            if (filled == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(expected, 2L * data.length));
            }
            int read = readUpTo(data, filled, data.length - filled);
            filled += read;
            if (filled < data.length) {
                throw truncated(count, recordBytes, recordName, headerBytes, filled);
            }
        }
        checkNothingFollows(count, recordName);
        return data;
    }

    /**
     * Refuses records whose bytes, and the 4-byte value each becomes (a float pixel, an int label), cannot fit in
     * the largest heap this JVM may have: a small gzip file can inflate to gigabytes, and an {@link OutOfMemoryError}
     * would name neither the file nor the fix. Only asked once the data is known to be there (a raw file of the
     * right size, a gzip file whose trailer gives that uncompressed size), so a lying header is still reported as
     * truncation.
     */
    private void requireHeap(int count, int recordBytes, String recordName, long expected) {
        long need = expected * HEAP_BYTES_PER_BYTE;
        long max = Runtime.getRuntime().maxMemory();
        if (need > max) {
            throw new DatasetException(String.format(java.util.Locale.ROOT, "IDX %s file %s holds %,d %s of %,d bytes,"
                            + " %,d MB in all, which take about %,d MB of memory once read (each byte and the 4-byte value it"
                            + " becomes); this Java may use at most %,d MB. Is it the file you meant? If so, give Java more"
                            + " memory (-Xmx, e.g. SIAMESE_JAVA_OPTS=-Xmx%dg) or use a smaller file", kind, path, count,
                    recordName, recordBytes, mb(expected), mb(need), mb(max), need / (1L << 30) + 2));
        }
    }

    private static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    /** Whether this gzip file's trailer (ISIZE: the uncompressed size modulo 2^32) says it inflates to {@code bytes}. */
    private boolean uncompressedSizeIs(long bytes) {
        if (fileSize < 18) {
            return false;
        }
        try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(path)) {
            java.nio.ByteBuffer trailer = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            channel.position(fileSize - 4);
            while (trailer.hasRemaining() && channel.read(trailer) >= 0) {
                // read the four bytes
            }
            return !trailer.hasRemaining() && trailer.getInt(0) == (int) bytes;
        } catch (IOException e) {
            return false;
        }
    }

    private DatasetException truncated(int count, int recordBytes, String recordName, long headerBytes,
                                       long payloadRead) {
        String sizes = gzip
                ? "its uncompressed data ends after " + payloadRead + " of the " + ((long) count * recordBytes)
                + " payload bytes"
                : "the file is " + fileSize + " bytes but needs " + (headerBytes + (long) count * recordBytes)
                + " bytes";
        return new DatasetException("IDX " + kind + " file " + path + " is truncated: its header promises " + count + " "
                + recordName + " but it holds only " + (payloadRead / recordBytes) + " complete ones (" + sizes
                + "); truncated download?");
    }

    private void checkNothingFollows(int count, String recordName) {
        byte[] extra = new byte[BUFFER_BYTES];
        long trailing = 0;
        int read;
        while ((read = readUpTo(extra, 0, extra.length)) > 0 && trailing < 1L << 30) {
            trailing += read;
        }
        if (trailing > 0) {
            throw trailing(trailing, count, recordName);
        }
    }

    private DatasetException trailing(long extraBytes, int count, String recordName) {
        return new DatasetException("IDX " + kind + " file " + path + " has " + extraBytes
                + (extraBytes >= 1L << 30 ? " or more" : "") + " bytes after the " + count + " " + recordName
                + " its header promises; is the header count wrong, or is this not an IDX " + kind + " file?");
    }

    /** Reads until {@code length} bytes or the end of the data; returns how many were read. */
    private int readUpTo(byte[] buffer, int offset, int length) {
        int total = 0;
        try {
            while (total < length) {
                int read = in.read(buffer, offset + total, length - total);
                if (read < 0) {
                    break;
                }
                total += read;
            }
        } catch (EOFException e) {
            // A gzip stream cut short: report it as truncation with what was read so far.
        } catch (ZipException e) {
            throw new DatasetException("IDX " + kind + " file " + path + " is not valid gzip data after "
                    + (position + total) + " uncompressed bytes (" + e.getMessage() + "); corrupt download?", e);
        } catch (IOException e) {
            throw new DatasetException("cannot read IDX " + kind + " file " + path + ": " + e, e);
        }
        position += total;
        return total;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new DatasetException("cannot close IDX " + kind + " file " + path + ": " + e, e);
        }
    }

    private static void closeQuietly(InputStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // Already failing with a better message.
            }
        }
    }
}
