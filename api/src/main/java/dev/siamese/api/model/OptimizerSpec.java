package dev.siamese.api.model;

/** The optimizer that updates the shared weights. */
public sealed interface OptimizerSpec permits OptimizerSpec.Adam {

    /** Adam (Kingma and Ba); the paper's values are learning rate 1e-4, beta1 0.9, beta2 0.99, epsilon 1e-8. */
    record Adam(double learningRate, double beta1, double beta2, double epsilon) implements OptimizerSpec {
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
        }

        public static Adam paper() {
            return new Adam(1e-4, 0.9, 0.99, 1e-8);
        }
    }
}
