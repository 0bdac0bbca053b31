package dev.siamese.api.spi;

/**
 * The settings a {@link Backend} reads to {@link Backend#configure configure} itself, by full path (e.g.
 * {@code siamese.tensorflow.intra-op-threads}); implemented by the platform's settings, whose errors name the key
 * and the file it was set in.
 */
public interface BackendSettings {

    /** Whether {@code path} is set (in a file or the defaults). */
    boolean has(String path);

    /** The text at {@code path}; missing or not text fails naming the key. */
    String getString(String path);

    /** The integer at {@code path}, within {@code min..max}; anything else fails naming the key. */
    int getInt(String path, int min, int max);

    /** An error that names {@code path}, where it was set and {@code reason}, for the caller to throw. */
    RuntimeException invalid(String path, String reason);
}
