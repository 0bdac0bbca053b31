package dev.siamese.search;

import dev.siamese.api.SiameseException;

/** An index folder is missing, corrupt or built by another model, or a search request cannot be served; the message says what to do. */
public class SearchException extends SiameseException {
    private static final long serialVersionUID = 1L;

    public SearchException(String message) {
        super(message);
    }

    public SearchException(String message, Throwable cause) {
        super(message, cause);
    }
}
