/**
 * Metrics on embeddings and integer labels, so that any model (or a hash baseline) can be scored
 * the same way: balanced evaluation pairs, a distance threshold calibrated on training pairs, the
 * resulting recognition rate on test pairs with its confidence interval, ROC AUC, EER, TAR at fixed
 * FAR and k-nearest-neighbour classification accuracy.
 *
 * <p>Evaluators take data and return immutable report records; rendering them is someone else's job.
 */
module dev.siamese.evaluation {
    requires transitive dev.siamese.api;
    requires transitive dev.siamese.config;
    requires com.google.guice;

    exports dev.siamese.evaluation;

    opens dev.siamese.evaluation to com.google.guice;
}
