package dev.siamese.spark;

import dev.siamese.api.SiameseException;

/**
 * Turns what a failed Spark job throws on the driver into one line a user can act on: the message of our own
 * exception when an executor threw one (Spark wraps it, sometimes only as text), else the first line of the cause.
 */
final class JobFailure {

    private JobFailure() {
    }

    static String message(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SiameseException || t instanceof IllegalArgumentException) {
                return t.getMessage();
            }
        }
        String text = String.valueOf(failure.getMessage());
        for (String marker : new String[] {"SiameseException: ", "ModelException: ", "DatasetException: ",
                "SearchException: "}) {
            int at = text.indexOf(marker);
            if (at >= 0) {
                String rest = text.substring(at + marker.length());
                int end = rest.indexOf('\n');
                return (end < 0 ? rest : rest.substring(0, end)).strip();
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String first = String.valueOf(root.getMessage());
        int end = first.indexOf('\n');
        return root.getClass().getSimpleName() + ": " + (end < 0 ? first : first.substring(0, end));
    }
}
