/**
 * The pictures the Siamese platform learns from: the embedded synthetic digits (the paper's default
 * data set), readers and writers for the MNIST IDX format (MNIST, Fashion-MNIST) and the balanced
 * pair sampler that draws MATLAB-style {@code getSiameseBatch} mini-batches from one split.
 *
 * <p>Everything here is plain JDK code: no native memory, no AWT, no files besides the data sets
 * the caller points at.
 */
module dev.siamese.data {
    requires transitive dev.siamese.api;
    requires transitive dev.siamese.config;
    requires com.google.guice;

    exports dev.siamese.data;

    opens dev.siamese.data to com.google.guice;
}
