package dev.siamese.api.model;

/** The loss a Siamese model is trained with. */
public sealed interface LossSpec permits LossSpec.Contrastive, LossSpec.BatchContrastive, LossSpec.Triplet {

    /** The distance below which dissimilar pictures are pushed apart (contrastive) or the required gap (triplet). */
    double margin();

    /**
     * Whether the loss trains on batches of P classes x K pictures whose pictures carry their classes
     * ({@link dev.siamese.api.pairs.PairBatch#labelled}) rather than on pairs.
     */
    default boolean needsLabelledBatches() {
        return !(this instanceof Contrastive);
    }

    /**
     * The contrastive loss of the paper, averaged over the batch:
     * {@code 0.5 * y * d^2 + 0.5 * (1 - y) * max(margin - d, 0)^2}, with {@code y = 1} for similar pairs and
     * {@code d} the Euclidean distance of the two embeddings.
     */
    record Contrastive(double margin) implements LossSpec {
        public Contrastive {
            requirePositive("contrastive", margin);
        }

        /** The value MATLAB's example uses, 0.3. */
        public static Contrastive paper() {
            return new Contrastive(0.3);
        }
    }

    /**
     * The paper's contrastive loss over every pair of pictures of a batch of P classes x K pictures each, rather than
     * over the batch's given pairs: {@code 0.5 * mean(d^2)} over the pairs of the same class plus
     * {@code 0.5 * mean(max(margin - d, 0)^2)} over the pairs of different classes, each mean over its own pairs so
     * that the many dissimilar pairs do not drown the similar ones. A batch of B pictures yields B(B-1)/2 pairs for
     * the price of embedding B pictures, so every picture learns from all the others, not from one partner. It needs
     * batches whose pictures carry their classes ({@link dev.siamese.api.pairs.PairBatch#labelled}).
     */
    record BatchContrastive(double margin) implements LossSpec {
        public BatchContrastive {
            requirePositive("batch contrastive", margin);
        }
    }

    /**
     * The batch-hard triplet loss (Hermans, Beyer and Leibe 2017), averaged over the pictures of a batch of P classes
     * x K pictures each: {@code max(d(a, p) - d(a, n) + margin, 0)} for each anchor {@code a}, with {@code p} its
     * farthest picture of the same class and {@code n} its nearest picture of another class. With {@code softMargin}
     * the hinge becomes the soft-margin {@code log(1 + exp(d(a, p) - d(a, n)))}, which keeps pulling positives in and
     * pushing negatives out however far apart they already are, and the margin is not used. It needs batches whose
     * pictures carry their classes ({@link dev.siamese.api.pairs.PairBatch#labelled}).
     */
    record Triplet(double margin, boolean softMargin) implements LossSpec {
        public Triplet {
            requirePositive("triplet", margin);
        }

        /** The hinge with {@code margin} (not the soft margin). */
        public Triplet(double margin) {
            this(margin, false);
        }
    }

    private static void requirePositive(String loss, double margin) {
        if (!(margin > 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException(loss + " margin must be a positive number, got " + margin);
        }
    }
}
