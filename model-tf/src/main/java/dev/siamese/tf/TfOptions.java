package dev.siamese.tf;

/**
 * How TensorFlow sessions use the CPU.
 *
 * @param intraOpThreads threads one operation (a matrix product) may use; 0 lets TensorFlow choose
 * @param interOpThreads operations that may run at once; 0 lets TensorFlow choose
 */
public record TfOptions(int intraOpThreads, int interOpThreads) {

    public TfOptions {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra-op threads must be 0 (TensorFlow's choice) or positive, got " + intraOpThreads);
        }
        if (interOpThreads < 0) {
            throw new IllegalArgumentException("inter-op threads must be 0 (TensorFlow's choice) or positive, got " + interOpThreads);
        }
    }

    /** Reads and validates {@code siamese.tensorflow}. */
    public static TfOptions from(dev.siamese.config.Settings settings) {
        return new TfOptions(settings.getInt("siamese.tensorflow.intra-op-threads", 0, 1024),
                settings.getInt("siamese.tensorflow.inter-op-threads", 0, 1024));
    }

    /** TensorFlow's own thread settings. */
    public static TfOptions defaults() {
        return new TfOptions(0, 0);
    }
}
