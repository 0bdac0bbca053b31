/** What a Siamese model is (specs), what it produces (embeddings, verdicts) and how it is used (trainable and loaded models). */
package dev.siamese.api.model;
