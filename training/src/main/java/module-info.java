/**
 * The training engine: the paper's custom loop (a fresh batch of random pairs per iteration, one optimizer step,
 * listener events), driving any {@link dev.siamese.api.spi.Backend} through the api. It never sees an engine type
 * and never computes metrics; it returns a {@link dev.siamese.training.TrainingResult} with provenance.
 */
module dev.siamese.training {
    requires transitive dev.siamese.api;
    requires transitive dev.siamese.config;
    requires com.google.guice;

    exports dev.siamese.training;

    opens dev.siamese.training to com.google.guice;
}
