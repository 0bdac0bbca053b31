package dev.siamese.training;

import dev.siamese.config.Settings;

/**
 * The batches a loss comparing every picture of a batch with every other trains on (the batch contrastive and
 * triplet losses): {@code classes} different classes of {@code perClass} pictures each
 * ({@code siamese.training.batch-classes} and {@code batch-per-class}); unused by the contrastive loss, which trains
 * on {@code batch-pairs} pairs.
 *
 * @param classes  P, at least 2 (an anchor needs pictures of another class)
 * @param perClass K, at least 2 (an anchor needs another picture of its class); P x K is even (half the pictures are
 *                 the left ones of the batch's pairs)
 */
public record ClassBalancedBatches(int classes, int perClass) {

    /** 8 classes of 4 pictures, as {@code reference.conf} has them. */
    public static final ClassBalancedBatches DEFAULT = new ClassBalancedBatches(8, 4);

    public ClassBalancedBatches {
        if (classes < 2 || perClass < 2) {
            throw new IllegalArgumentException("class-balanced batches need at least 2 classes of at least 2 pictures,"
                    + " got " + classes + " x " + perClass);
        }
        if ((long) classes * perClass % 2 != 0) {
            throw new IllegalArgumentException("class-balanced batches of " + classes + " x " + perClass
                    + " pictures have an odd number of pictures; make one of them even");
        }
    }

    /** Pictures per batch, P x K. */
    public int pictures() {
        return classes * perClass;
    }

    /** Reads and validates {@code siamese.training.batch-classes} and {@code batch-per-class}. */
    public static ClassBalancedBatches from(Settings s) {
        int classes = s.getInt("siamese.training.batch-classes", 2, 100_000);
        int perClass = s.getInt("siamese.training.batch-per-class", 2, 100_000);
        if ((long) classes * perClass % 2 != 0) {
            throw s.invalid("siamese.training.batch-per-class", "batch-classes x batch-per-class = "
                    + ((long) classes * perClass) + " pictures must be even (half of them are the left pictures of the"
                    + " batch's pairs); make one of them even");
        }
        return new ClassBalancedBatches(classes, perClass);
    }
}
