package dev.siamese.search.index;

import java.util.Locale;

/**
 * How the vectors that the HNSW graph is built and searched on are stored (Lucene's scalar quantization): a
 * quantized index keeps the float32 vectors on disk too (for merges and for re-ranking a search's hits by exact
 * distance), but a search reads mostly the small ones, so far less of the index must stay in memory.
 */
public enum Quantization {
    /** float32 vectors (4 bytes per dimension). */
    NONE("none", 0),
    /** 7-bit integers, one byte per dimension (plus 4 bytes per vector). */
    INT7("int7", 7),
    /** 4-bit integers, two per byte (plus 4 bytes per vector): half of int7's memory, lower recall. */
    INT4("int4", 4);

    private final String key;
    private final int bits;

    Quantization(String key, int bits) {
        this.key = key;
        this.bits = bits;
    }

    /** The name in settings and in the index's metadata: none, int7 or int4. */
    public String key() {
        return key;
    }

    /** Bits per dimension of the quantized vectors (0 for none). */
    public int bits() {
        return bits;
    }

    /** The quantization named {@code key} (none, int7 or int4, any case). */
    public static Quantization of(String key) {
        for (Quantization q : values()) {
            if (q.key.equals(key.toLowerCase(Locale.ROOT))) {
                return q;
            }
        }
        throw new IllegalArgumentException("quantization is none, int7 or int4, got " + key);
    }

    @Override
    public String toString() {
        return key;
    }
}
