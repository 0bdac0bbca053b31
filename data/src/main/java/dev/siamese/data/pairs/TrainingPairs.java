package dev.siamese.data.pairs;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.SiameseException;
import dev.siamese.api.image.LabeledDataset;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.pairs.PairSampler;
import dev.siamese.data.augmentation.Augmentation;
import dev.siamese.data.augmentation.Augmenter;
import dev.siamese.data.augmentation.TrainingAugmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a training pair is ({@code siamese.data.pairs}): {@code labels}, two pictures of the same class or of two
 * classes (the paper's "same kind"); or {@code augmented}, two altered copies of one picture or copies of two
 * different pictures, labels unused (a near-duplicate detector for photographs). Also gives the splits a run is
 * scored on: the loaded ones for labels; for augmented pairs, classes of copies of training pictures (for the
 * threshold) and of test pictures (for the scores).
 *
 * @param augmented            whether pairs are augmented copies
 * @param augmenter            makes the copies (augmented pairs only)
 * @param evaluationPictures   pictures per split scored (augmented pairs only)
 * @param evaluationCopies     pictures per class when scoring, the unaltered one included (augmented pairs only)
 * @param hardNegativeCandidates dissimilar pairs take the most alike of this many random pictures (1: any; augmented
 *                             pairs only, see {@link AugmentedPairSampler})
 * @param trainingAugmentation alters the pictures of label pairs on the fly ({@link AugmentingPairSampler}); labels
 *                             only
 */
public record TrainingPairs(boolean augmented, Augmenter augmenter, int evaluationPictures, int evaluationCopies,
                            int hardNegativeCandidates, TrainingAugmentation trainingAugmentation) {

    public TrainingPairs {
        Objects.requireNonNull(augmenter, "augmenter");
        Objects.requireNonNull(trainingAugmentation, "trainingAugmentation");
        if (augmented && trainingAugmentation.enabled()) {
            throw new IllegalArgumentException("training augmentation alters pairs drawn by labels; augmented pairs are"
                    + " altered by their own augmentation");
        }
        if (hardNegativeCandidates < 1) {
            throw new IllegalArgumentException("hard negative candidates must be at least 1, got " + hardNegativeCandidates);
        }
        if (augmented && (evaluationPictures < 2 || evaluationCopies < 2)) {
            throw new IllegalArgumentException("scoring augmented pairs needs at least 2 pictures of at least 2 copies");
        }
    }

    /** Pairs by class labels, as in the paper. */
    public static TrainingPairs labels() {
        return labels(TrainingAugmentation.none());
    }

    /** Pairs by class labels whose pictures are altered on the fly by {@code augmentation}. */
    public static TrainingPairs labels(TrainingAugmentation augmentation) {
        return new TrainingPairs(false, new Augmenter(Augmentation.none()), 0, 0, 1, augmentation);
    }

    /** Pairs of augmented copies, scored on {@code pictures} x {@code copies} pictures per split. */
    public static TrainingPairs augmented(Augmentation augmentation, int pictures, int copies) {
        return augmented(augmentation, pictures, copies, 1);
    }

    /** Pairs of augmented copies with hard negatives chosen among {@code hardNegativeCandidates} pictures. */
    public static TrainingPairs augmented(Augmentation augmentation, int pictures, int copies, int hardNegativeCandidates) {
        return new TrainingPairs(true, new Augmenter(augmentation), pictures, copies, hardNegativeCandidates,
                TrainingAugmentation.none());
    }

    /** The sampler that feeds training from {@code train}. */
    public PairSampler sampler(LabeledDataset train, int batchPairs, double similarProbability, long seed) {
        if (augmented) {
            return new AugmentedPairSampler(train, augmenter, batchPairs, similarProbability, seed, hardNegativeCandidates);
        }
        return withTrainingAugmentation(new BalancedPairSampler(train, batchPairs, similarProbability, seed), seed);
    }

    /**
     * {@code drawn}, its pictures altered on the fly when training augmentation is on; the augmentation takes a seed of
     * its own, so that the pictures drawn are those of the same run without augmentation.
     */
    private PairSampler withTrainingAugmentation(PairSampler drawn, long seed) {
        return trainingAugmentation.enabled()
                ? new AugmentingPairSampler(drawn, trainingAugmentation, seed ^ 0x6A09E667F3BCC908L) : drawn;
    }

    /**
     * The sampler that feeds a loss comparing every picture of a batch with every other (the batch contrastive and
     * triplet losses) from {@code train}: {@code classes} x {@code perClass} pictures with their labels ({@link ClassBalancedSampler}),
     * altered on the fly like label pairs when training augmentation is on.
     *
     * @throws IllegalArgumentException for augmented pairs, whose pictures have no classes
     */
    public PairSampler classBalancedSampler(LabeledDataset train, int classes, int perClass, long seed) {
        if (augmented) {
            throw new IllegalArgumentException("siamese.data.pairs = \"augmented\" draws pictures without classes, but"
                    + " class-balanced batches (the batch contrastive and triplet losses) need labelled pictures: use"
                    + " pairs = \"labels\" or the contrastive loss");
        }
        return withTrainingAugmentation(new ClassBalancedSampler(train, classes, perClass, seed), seed);
    }

    /**
     * The sampler a loss needs: pairs ({@link #sampler}) for the contrastive loss, class-balanced labelled batches
     * ({@link #classBalancedSampler}) for the losses of labelled batches; a bad batch shape fails naming the keys.
     */
    public PairSampler samplerFor(LossSpec loss, LabeledDataset train, int batchPairs, double similarProbability,
                                  int classes, int perClass, long seed) {
        if (!loss.needsLabelledBatches()) {
            return sampler(train, batchPairs, similarProbability, seed);
        }
        try {
            return classBalancedSampler(train, classes, perClass, seed);
        } catch (IllegalArgumentException e) {
            throw new SiameseException("siamese.model.loss = \"" + (loss instanceof LossSpec.Triplet ? "triplet"
                    : "batch-contrastive") + "\" (siamese.training.batch-classes = " + classes
                    + ", batch-per-class = " + perClass + "): " + e.getMessage(), e);
        }
    }

    /** The splits to score a run on (see the class comment); {@code seed} fixes the copies. */
    public DatasetSplits forEvaluation(DatasetSplits loaded, long seed) {
        if (!augmented) {
            return loaded;
        }
        // test classes get labels after the training ones: a test picture is never one of the training pictures
        List<String> names = new ArrayList<>(AugmentedCopies.classNames(loaded.train(), evaluationPictures));
        int firstTest = names.size();
        names.addAll(AugmentedCopies.classNames(loaded.test(), evaluationPictures));
        var train = AugmentedCopies.of(loaded.train(), evaluationPictures, evaluationCopies, augmenter, seed, 0, names);
        var test = AugmentedCopies.of(loaded.test(), evaluationPictures, evaluationCopies, augmenter, seed + 1, firstTest,
                names);
        return new DatasetSplits(loaded.name() + ", augmented copies", train, test);
    }

    /**
     * What a model's provenance records of these pairs: the training augmentation, only when it is on, so that the
     * descriptors of runs without it stay as they were.
     */
    public java.util.Map<String, String> provenance() {
        return trainingAugmentation.enabled() ? java.util.Map.of("training.augmentation", trainingAugmentation.toString())
                : java.util.Map.of();
    }
}
