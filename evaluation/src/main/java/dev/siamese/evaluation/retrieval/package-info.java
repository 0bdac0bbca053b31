/**
 * Retrieval by nearest neighbours: the {@link dev.siamese.evaluation.retrieval.NearestNeighbourClassifier} (k-NN
 * classification accuracy) and {@link dev.siamese.evaluation.retrieval.RetrievalMetrics} (precision@1, recall@k,
 * MAP@R).
 */
package dev.siamese.evaluation.retrieval;
