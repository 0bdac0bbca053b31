/**
 * The TensorFlow Java implementation of the Siamese backend SPI.
 *
 * <p>{@link dev.siamese.tf.TfBackend} builds twin networks in a TensorFlow graph (one set of shared weights,
 * contrastive loss, a deterministic Adam assembled from gradient and {@code ApplyAdam} ops) and loads the
 * inference-only SavedModels those networks export. It is found through {@link java.util.ServiceLoader} as the
 * backend called {@code tensorflow}, or bound with Guice by installing {@link dev.siamese.tf.TfModule}.
 * The graph-building and session code lives in the non-exported {@code dev.siamese.tf.internal} package.
 */
module dev.siamese.tf {
    requires transitive dev.siamese.api;
    requires tensorflow;
    requires org.tensorflow.ndarray;
    requires com.fasterxml.jackson.databind;
    // only TfModule, the Guice binding, uses it (optional in the POM: loading and comparing need no Guice)
    requires static com.google.guice;

    exports dev.siamese.tf;
    exports dev.siamese.tf.bench to dev.siamese.app;

    opens dev.siamese.tf to com.google.guice;

    provides dev.siamese.api.spi.Backend with dev.siamese.tf.TfBackend;
}
