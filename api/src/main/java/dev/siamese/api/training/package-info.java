/** Events a training loop reports to its listeners (progress bars, logs, plots, early stopping, checkpoints). */
package dev.siamese.api.training;
