package dev.siamese.evaluation;

import dev.siamese.api.SiameseException;
import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.LabeledDataset;
import dev.siamese.api.model.Embedder;
import dev.siamese.api.model.EmbeddingWhitening;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.LossSpec;
import dev.siamese.config.ModelSettings;

import java.util.Objects;

/**
 * The one calibration step a trained model gets before it is saved: optionally a whitening fitted on a sample of the
 * model's own embeddings of training pictures, then the protocol's evaluation of the (whitened) embeddings, whose
 * calibrated distance threshold is saved with the model. It returns values and changes nothing: the caller saves the
 * threshold and the whitening with the model.
 *
 * @param whitening      the fitted whitening, or {@code null} when none was asked for
 * @param whiteningSample how many training pictures the whitening was fitted on (0 without one)
 * @param report         the evaluation of the calibrated embeddings; its threshold is the model's
 * @param testEmbeddings the calibrated embeddings of the test split, in order (for the embedding map)
 */
public record ModelCalibration(EmbeddingWhitening whitening, int whiteningSample, EvaluationReport report,
                               Embeddings testEmbeddings) {

    public ModelCalibration {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(testEmbeddings, "testEmbeddings");
    }

    /** The calibrated distance threshold ({@code report.verification().threshold()}). */
    public double threshold() {
        return report.verification().threshold();
    }

    /**
     * This calibration, or a clear error when training collapsed (every picture embeds to one point, so the
     * calibrated threshold is 0), with what to change for {@code loss}.
     */
    public ModelCalibration requireSpread(LossSpec loss) {
        if (!(threshold() > 0)) {
            throw new SiameseException("training collapsed: every picture embeds to the same point (calibrated"
                    + " threshold " + threshold() + "); lower siamese.model.adam.learning-rate"
                    + (loss instanceof LossSpec.Triplet
                    ? ", take fewer pictures a step (siamese.training.batch-classes, batch-per-class), L2-normalise"
                    + " the embeddings (siamese.model.<mlp|conv|resnet>.normalize-embeddings = true) or train with"
                    + " siamese.model.loss = batch-contrastive or contrastive (the batch-hard triplet loss can pull"
                    + " every picture to one point)"
                    : ""));
        }
        return this;
    }

    /**
     * Calibrates {@code model}: with {@code shrinkage > 0} fits a whitening on at most {@code sample} pictures spread
     * evenly over {@code whiteningPictures}, then embeds {@code scored}'s training and test splits through it and
     * evaluates them with {@code evaluator}.
     */
    public static ModelCalibration calibrate(Embedder model, LabeledDataset whiteningPictures, double shrinkage, int sample,
                                             DatasetSplits scored, EmbeddingEvaluator evaluator) {
        EmbeddingWhitening whitening = null;
        int fitted = 0;
        Embedder calibrated = model;
        if (shrinkage > 0) {
            Embeddings sampled = DatasetEmbedder.embedSample(whiteningPictures, model, sample);
            whitening = EmbeddingWhitening.fit(sampled, shrinkage);
            fitted = sampled.count();
            EmbeddingWhitening w = whitening;
            calibrated = (pixels, count) -> w.apply(model.embed(pixels, count));
        }
        Embeddings test = DatasetEmbedder.embed(scored.test(), calibrated);
        return new ModelCalibration(whitening, fitted, evaluate(calibrated, scored, test, evaluator), test);
    }

    /**
     * Re-scores a saved model on {@code splits} with {@code evaluator}, the protocol its run was scored with, telling
     * {@code progress} of every picture embedded (test split first, then the training split).
     */
    public static EvaluationReport reevaluate(Embedder model, DatasetSplits splits, EmbeddingEvaluator evaluator,
                                              DatasetEmbedder.Progress progress) {
        Embedder counted = progress.counting(model, (long) splits.train().size() + splits.test().size());
        return evaluate(counted, splits, DatasetEmbedder.embed(splits.test(), counted), evaluator);
    }

    /** {@link #calibrate(Embedder, LabeledDataset, double, int, DatasetSplits, EmbeddingEvaluator)} with {@code siamese.model.whitening}. */
    public static ModelCalibration calibrate(Embedder model, LabeledDataset whiteningPictures, ModelSettings.Whitening whitening,
                                             DatasetSplits scored, EmbeddingEvaluator evaluator) {
        return calibrate(model, whiteningPictures, whitening.shrinkage(), whitening.sample(), scored, evaluator);
    }

    /** Embeds {@code splits}' training pictures and scores them against the {@code test} embeddings. */
    public static EvaluationReport evaluate(Embedder model, DatasetSplits splits, Embeddings test, EmbeddingEvaluator evaluator) {
        Embeddings train = DatasetEmbedder.embed(splits.train(), model);
        return evaluator.evaluate(train, splits.train().labels(), test, splits.test().labels());
    }
}
