package dev.siamese.search.internal;

/** Writing CSV (RFC 4180): fields that need it are quoted. */
public final class Csv {
    private Csv() {
    }

    /** {@code value} as one CSV field: quoted, with quotes doubled, when it holds a comma, quote or line break. */
    public static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
