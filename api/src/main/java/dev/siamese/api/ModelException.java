package dev.siamese.api;

/** A model cannot be built, used, saved or loaded (closed model, not a model directory, incompatible format). */
public class ModelException extends SiameseException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
