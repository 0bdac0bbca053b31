package dev.siamese.data.pictures.internal;

import java.util.Locale;
import java.util.concurrent.Semaphore;

/**
 * The bytes of decoded rasters that all decoding threads together may hold at once: a picture reserves its raster
 * (decoded width x height x bytes per pixel) before it is decoded and returns it after, so eight threads that meet
 * eight big pictures take turns instead of exhausting the heap together. A picture whose raster alone is larger than
 * the whole budget is not decoded at all. Thread-safe.
 */
final class DecodeMemory {

    /** The budget of every decoding thread in this JVM: a quarter of the largest heap, at least 64 MB. */
    static final DecodeMemory SHARED = new DecodeMemory(Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 4));

    private static final int KIB = 1024;

    private final long bytes;
    private final int total;
    private final Semaphore kibibytes;

    DecodeMemory(long bytes) {
        if (bytes < KIB) {
            throw new IllegalArgumentException("a decoding budget needs at least 1 KiB, got " + bytes + " bytes");
        }
        this.bytes = bytes;
        this.total = (int) Math.min(Integer.MAX_VALUE, bytes / KIB);
        this.kibibytes = new Semaphore(total, true);
    }

    /** The whole budget, in bytes. */
    long bytes() {
        return bytes;
    }

    /** Whether a raster of {@code need} bytes can ever be decoded within this budget. */
    boolean fits(long need) {
        return permits(need) <= total;
    }

    /**
     * Waits until {@code need} bytes are free and takes them; the caller returns them with {@link #release}.
     * Only call it for a {@code need} that {@link #fits}.
     */
    void acquire(long need) throws InterruptedException {
        kibibytes.acquire(permits(need));
    }

    void release(long need) {
        kibibytes.release(permits(need));
    }

    private int permits(long need) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (need + KIB - 1) / KIB));
    }

    /** Kilobytes under a megabyte, else megabytes, rounded up, for messages. */
    static String megabytes(long bytes) {
        return bytes < 1 << 20 ? String.format(Locale.ROOT, "%,d KB", (bytes + 1023) >> 10)
                : String.format(Locale.ROOT, "%,d MB", (bytes + (1 << 20) - 1) >> 20);
    }
}
