package dev.siamese.api;

/** A dataset file or folder is missing, unreadable, corrupt or inconsistent; the message names the file. */
public class DatasetException extends SiameseException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
