package dev.siamese.api.model;

/** The optimizer that updates the shared weights. */
public sealed interface OptimizerSpec permits OptimizerSpec.Adam {

    /**
     * Adam (Kingma and Ba); the paper's values are learning rate 1e-4, beta1 0.9, beta2 0.99, epsilon 1e-8.
     *
     * @param weightDecay decoupled weight decay (AdamW, Loshchilov and Hutter): each step first shrinks every weight
     *                    (not biases, not batch-norm parameters or moving averages) by {@code rate * weightDecay} times
     *                    itself, {@code rate} the step's scheduled learning rate; 0: plain Adam
     * @param clipNorm    the gradients are scaled down together so that their global L2 norm is at most this before
     *                    the update; 0: no clipping
     */
    record Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, double clipNorm)
            implements OptimizerSpec {
        public Adam {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("Adam learning rate must be a positive number, got " + learningRate);
            }
            if (!(beta1 >= 0 && beta1 < 1)) {
                throw new IllegalArgumentException("Adam beta1 (gradient decay) must be in [0, 1), got " + beta1);
            }
            if (!(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam beta2 (squared gradient decay) must be in [0, 1), got " + beta2);
            }
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("Adam epsilon must be positive, got " + epsilon);
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("Adam weight decay must be a number >= 0 (0: none), got " + weightDecay);
            }
            if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
                throw new IllegalArgumentException("gradient clip norm must be a number >= 0 (0: no clipping), got "
                        + clipNorm);
            }
        }

        /** Plain Adam: no weight decay, no gradient clipping. */
        public Adam(double learningRate, double beta1, double beta2, double epsilon) {
            this(learningRate, beta1, beta2, epsilon, 0, 0);
        }

        public static Adam paper() {
            return new Adam(1e-4, 0.9, 0.99, 1e-8);
        }

        /** Whether weights decay (AdamW) rather than plain Adam. */
        public boolean decaysWeights() {
            return weightDecay > 0;
        }

        /** Whether the gradients' global norm is clipped. */
        public boolean clipsGradients() {
            return clipNorm > 0;
        }
    }
}
