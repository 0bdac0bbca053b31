package dev.siamese.config;

import dev.siamese.api.SiameseException;

/** A setting is unknown, missing, of the wrong type or out of range; the message names the key and where it was set. */
public class SettingsException extends SiameseException {
    private static final long serialVersionUID = 1L;

    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
