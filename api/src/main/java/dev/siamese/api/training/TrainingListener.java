package dev.siamese.api.training;

/** Receives training events; every method has an empty default, so a listener overrides only what it needs. */
public interface TrainingListener {

    default void onTrainingStart(TrainingStart event) {
    }

    default void onIteration(IterationEnd event) {
    }

    default void onValidation(ValidationEnd event) {
    }

    default void onCheckpoint(CheckpointWritten event) {
    }

    default void onTrainingEnd(TrainingEnd event) {
    }

    /** Asked after every iteration; returning true ends training early (e.g. an early-stopping rule). */
    default boolean shouldStop() {
        return false;
    }
}
