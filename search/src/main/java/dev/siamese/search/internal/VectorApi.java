package dev.siamese.search.internal;

/**
 * Whether this JVM can run {@link VectorKernels} on the JDK's Vector API: it can when the {@code jdk.incubator.vector}
 * module is readable ({@code --add-modules jdk.incubator.vector}, which the {@code siamese} launcher passes to the
 * commands that search). {@code -Dsiamese.vector=false} keeps the plain Java loops even then (for comparisons).
 */
public final class VectorApi {
    /** Whether the kernels run on the Vector API. */
    public static final boolean VECTORISED = vectorApiReadable();

    private VectorApi() {
    }

    /** How the kernels run, for benchmark lines. */
    public static String describe() {
        return VECTORISED ? "Vector API, " + VectorKernels.bits() + "-bit" : "plain Java (no Vector API)";
    }

    /**
     * Silences Lucene's warning that the Vector API module "was enabled by command line flags, but your Java version
     * is too old": on Java 17 Lucene 9.12 keeps its scalar loop whatever the flags, and the module is there for
     * {@link VectorKernels}. Lucene logs it once, when its vectorisation is first looked up; call this before that.
     * Returns the logger, which the caller keeps (the JDK holds loggers weakly).
     */
    public static java.util.logging.Logger quietLuceneVectorisationNotice() {
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
                .map(VectorApi.class.getModule()::canRead)
                .orElse(false);
    }
}
