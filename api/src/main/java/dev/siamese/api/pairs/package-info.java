/** Batches of picture pairs with similar / dissimilar flags, and the samplers that draw them. */
package dev.siamese.api.pairs;
