package dev.siamese.training;

import dev.siamese.api.SiameseException;

/** Training cannot go on (diverged loss, a failing sampler or backend); the message says at which iteration and why. */
public class TrainingException extends SiameseException {
    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
