package dev.siamese.training;

import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairSampler;
import dev.siamese.api.training.TrainingListener;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one training run needs: the model, the sampler of its training split, the schedule, the listeners
 * and what to record in the provenance (dataset name, backend, the resolved configuration text); optionally where to
 * write checkpoints and a checkpoint to continue from.
 */
public record TrainingRun(TrainableModel model, PairSampler sampler, TrainingSettings settings,
                          List<TrainingListener> listeners, String dataset, String backend, String resolvedConfig,
                          Optional<CheckpointStore> checkpoints, Optional<Checkpoint> resumeFrom) {

    /** A run from scratch without checkpoints. */
    public TrainingRun(TrainableModel model, PairSampler sampler, TrainingSettings settings, List<TrainingListener> listeners,
                       String dataset, String backend, String resolvedConfig) {
        this(model, sampler, settings, listeners, dataset, backend, resolvedConfig, Optional.empty(), Optional.empty());
    }

    public TrainingRun {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(settings, "settings");
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(resolvedConfig, "resolvedConfig");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(resumeFrom, "resumeFrom");
        if (resumeFrom.isPresent() && resumeFrom.get().iteration() > settings.iterations()) {
            throw new IllegalArgumentException("the checkpoint is of iteration " + resumeFrom.get().iteration()
                    + " but the run has only " + settings.iterations() + " iterations");
        }
        if (sampler.batchSize() != settings.batchPairs()) {
            throw new IllegalArgumentException("sampler draws " + sampler.batchSize() + " pairs per batch but training expects "
                    + settings.batchPairs());
        }
        if (!sampler.shape().equals(model.spec().input())) {
            throw new IllegalArgumentException("sampler pictures are " + sampler.shape() + " but the model takes "
                    + model.spec().input());
        }
    }
}
