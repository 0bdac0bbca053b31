package dev.siamese.api;

/** Base of every unchecked exception the platform throws on purpose; the message says what is wrong and how to fix it. */
public class SiameseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SiameseException(String message) {
        super(message);
    }

    public SiameseException(String message, Throwable cause) {
        super(message, cause);
    }
}
