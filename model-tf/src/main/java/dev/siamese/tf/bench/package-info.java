/**
 * Measurements of the TensorFlow backend for the benchmark suite: the machine's matrix-product roof
 * ({@link dev.siamese.tf.bench.TfMatMulRoof}) and the Java-side cost of feeding a training step
 * ({@link dev.siamese.tf.bench.TfFeedCost}). No TensorFlow type appears in this package's API.
 */
package dev.siamese.tf.bench;
