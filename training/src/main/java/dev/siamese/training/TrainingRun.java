package dev.siamese.training;

import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairSampler;
import dev.siamese.api.training.TrainingListener;

import java.util.List;
import java.util.Objects;

/**
 * Everything one training run needs: the model, the sampler of its training split, the schedule, the listeners
 * and what to record in the provenance (dataset name, backend, the resolved configuration text).
 */
public record TrainingRun(TrainableModel model, PairSampler sampler, TrainingSettings settings,
                          List<TrainingListener> listeners, String dataset, String backend, String resolvedConfig) {

    public TrainingRun {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(settings, "settings");
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(resolvedConfig, "resolvedConfig");
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
