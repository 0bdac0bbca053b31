package dev.siamese.search;

import org.apache.lucene.util.VectorUtil;

/**
 * The squared Euclidean distance of two float vectors, the inner loop of every HNSW build and search. With the JDK's
 * Vector API readable ({@code --add-modules jdk.incubator.vector}, as the {@code siamese} launcher passes it) the
 * distance runs on the processor's widest SIMD registers ({@link VectorKernels}); without it, on Lucene's scalar
 * loop. {@code -Dsiamese.vector=false} keeps the scalar loop even where the Vector API is readable (for comparisons).
 *
 * <p>The two differ only in the order of the additions (a few units in the last place); both are deterministic.
 */
final class SquaredDistance {
    /** Whether {@link #between} runs on the Vector API. */
    static final boolean VECTORISED = vectorApiReadable();

    private SquaredDistance() {
    }

    /** The squared distance of two vectors of the same length. */
    static float between(float[] a, float[] b) {
        return VECTORISED ? VectorKernels.between(a, b) : VectorUtil.squareDistance(a, b);
    }

    /** Lucene's Euclidean similarity of two vectors, {@code 1 / (1 + squared distance)}. */
    static float similarity(float[] a, float[] b) {
        return 1f / (1f + between(a, b));
    }

    /** How {@link #between} runs, for benchmark and progress lines. */
    static String describe() {
        return VECTORISED ? "Vector API, " + VectorKernels.bits() + "-bit" : "scalar (no Vector API)";
    }

    /**
     * Silences Lucene's warning that the Vector API module "was enabled by command line flags, but your Java version
     * is too old": on Java 17 Lucene 9.12 keeps its scalar loop whatever the flags, and the module is there for this
     * class, which uses it. Lucene logs it once, when its vectorisation is first looked up; call this before that.
     * Returns the logger, which the caller keeps (the JDK holds loggers weakly).
     */
    static java.util.logging.Logger quietLuceneVectorisationNotice() {
        java.util.logging.Logger logger =
                java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization.VectorizationProvider");
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && Runtime.version().feature() < 20) {
            logger.setLevel(java.util.logging.Level.SEVERE);
        }
        return logger;
    }

    private static boolean vectorApiReadable() {
        if (!Boolean.parseBoolean(System.getProperty("siamese.vector", "true"))) {
            return false;
        }
        return ModuleLayer.boot().findModule("jdk.incubator.vector")
                .map(SquaredDistance.class.getModule()::canRead)
                .orElse(false);
    }
}
