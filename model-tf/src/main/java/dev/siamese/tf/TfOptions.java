package dev.siamese.tf;

/**
 * How TensorFlow sessions use the CPU, and whether a loaded model coalesces small concurrent embedding calls.
 *
 * <h2>Coalescing (opt-in)</h2>
 * With {@code coalesceMaxBatch > 0}, a model loaded by {@link TfBackend#load} gathers small embedding calls (at most
 * {@value #COALESCE_MAX_CALL} pictures each, e.g. one picture, or the two of a {@code compare}) that arrive from
 * several threads at once into one session run of up to {@code coalesceMaxBatch} pictures, instead of paying a full
 * session round-trip per call. There is no background thread and no added delay: the first caller that finds no
 * batch in flight runs the batch itself (with whatever is queued, possibly only its own pictures) while later callers
 * queue for the next one, so a lone caller is never held back. Larger calls and all calls with coalescing off go
 * straight to the session.
 *
 * <p>It is <b>off by default</b> because it gives up bit-exact reproducibility of a single call: TensorFlow's CPU
 * kernels (Eigen/oneDNN) may pick different blockings and summation orders for different batch sizes, so a picture's
 * embedding can differ in the last bits (about {@code 1e-5} has been seen between batch 1 and batch 1100) depending
 * on which other calls happened to share its batch. Turn it on when throughput of many concurrent single-picture
 * calls matters more than identical results from run to run.
 *
 * @param intraOpThreads   threads one operation (a matrix product) may use; 0 lets TensorFlow choose
 * @param interOpThreads   operations that may run at once; 0 lets TensorFlow choose
 * @param coalesceMaxBatch most pictures one coalesced session run of a loaded model may hold; 0 (the default)
 *                         turns coalescing off, otherwise 2 to {@value #COALESCE_MAX_BATCH_LIMIT}
 */
public record TfOptions(int intraOpThreads, int interOpThreads, int coalesceMaxBatch) {

    /** Calls with more pictures than this are never coalesced: they already amortise the session round-trip. */
    public static final int COALESCE_MAX_CALL = 16;

    /** The largest accepted {@link #coalesceMaxBatch()}: one session input chunk of a loaded model. */
    public static final int COALESCE_MAX_BATCH_LIMIT = 1024;

    public TfOptions {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra-op threads must be 0 (TensorFlow's choice) or positive, got " + intraOpThreads);
        }
        if (interOpThreads < 0) {
            throw new IllegalArgumentException("inter-op threads must be 0 (TensorFlow's choice) or positive, got " + interOpThreads);
        }
        if (coalesceMaxBatch != 0 && (coalesceMaxBatch < 2 || coalesceMaxBatch > COALESCE_MAX_BATCH_LIMIT)) {
            throw new IllegalArgumentException("coalesce-max-batch must be 0 (off) or 2 to " + COALESCE_MAX_BATCH_LIMIT
                    + " pictures, got " + coalesceMaxBatch);
        }
    }

    /** Thread settings with coalescing off. */
    public TfOptions(int intraOpThreads, int interOpThreads) {
        this(intraOpThreads, interOpThreads, 0);
    }

    /** Reads and validates {@code siamese.tensorflow}. */
    public static TfOptions from(dev.siamese.api.spi.BackendSettings settings) {
        String coalescePath = "siamese.tensorflow.coalesce-max-batch";
        int coalesce = settings.has(coalescePath) ? settings.getInt(coalescePath, 0, COALESCE_MAX_BATCH_LIMIT) : 0;
        if (coalesce == 1) {
            throw settings.invalid(coalescePath,
                    "must be 0 (off) or at least 2 pictures; 1 would only serialise the calls");
        }
        return new TfOptions(settings.getInt("siamese.tensorflow.intra-op-threads", 0, 1024),
                settings.getInt("siamese.tensorflow.inter-op-threads", 0, 1024), coalesce);
    }

    /** TensorFlow's own thread settings, coalescing off. */
    public static TfOptions defaults() {
        return new TfOptions(0, 0, 0);
    }

    /** These options with coalescing of small loaded-model calls into runs of up to {@code maxBatch} pictures (0: off). */
    public TfOptions withCoalesceMaxBatch(int maxBatch) {
        return new TfOptions(intraOpThreads, interOpThreads, maxBatch);
    }
}
