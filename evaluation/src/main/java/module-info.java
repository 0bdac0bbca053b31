/**
 * Metrics on embeddings and integer labels, so that any model (or a hash baseline) can be scored
 * the same way: balanced evaluation pairs, a distance threshold calibrated on training pairs, the
 * resulting recognition rate on test pairs with its confidence interval, ROC AUC, EER, TAR at fixed
 * FAR, k-nearest-neighbour classification accuracy, retrieval metrics (precision@1, recall@k, MAP@R)
 * and the silhouette of the test embeddings.
 *
 * <p>Evaluators take data and return immutable report records ({@code dev.siamese.evaluation});
 * rendering them is separate: PNG figures with XChart ({@code dev.siamese.evaluation.figures}) and
 * Markdown and self-contained HTML reports ({@code dev.siamese.evaluation.report}).
 */
module dev.siamese.evaluation {
    requires transitive dev.siamese.api;
    requires transitive dev.siamese.config;
    requires com.google.guice;
    requires java.desktop;
    requires org.knowm.xchart;
    requires com.fasterxml.jackson.databind;

    exports dev.siamese.evaluation;
    exports dev.siamese.evaluation.figures;
    exports dev.siamese.evaluation.report;
    exports dev.siamese.evaluation.retrieval;
    exports dev.siamese.evaluation.verification;

    opens dev.siamese.evaluation to com.google.guice;
}
