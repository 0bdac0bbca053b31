package dev.siamese.api.model;

/** The loss a Siamese model is trained with. */
public sealed interface LossSpec permits LossSpec.Contrastive {

    /**
     * The contrastive loss of the paper, averaged over the batch:
     * {@code 0.5 * y * d^2 + 0.5 * (1 - y) * max(margin - d, 0)^2}, with {@code y = 1} for similar pairs and
     * {@code d} the Euclidean distance of the two embeddings.
     */
    record Contrastive(double margin) implements LossSpec {
        public Contrastive {
            if (!(margin > 0) || Double.isInfinite(margin)) {
                throw new IllegalArgumentException("contrastive margin must be a positive number, got " + margin);
            }
        }

        /** The value MATLAB's example uses, 0.3. */
        public static Contrastive paper() {
            return new Contrastive(0.3);
        }
    }
}
