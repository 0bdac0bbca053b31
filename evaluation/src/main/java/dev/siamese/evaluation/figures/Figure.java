package dev.siamese.evaluation.figures;

/**
 * One rendered figure: a PNG image and the words that go with it.
 *
 * @param name    file stem, e.g. {@code roc}; letters, digits, '-' and '_' only
 * @param title   the title drawn on the figure
 * @param caption a sentence or two for the report: what is shown and how it was obtained
 * @param png     the PNG bytes (copied in and out)
 * @param width   image width in pixels
 * @param height  image height in pixels
 */
public record Figure(String name, String title, String caption, byte[] png, int width, int height) {

    /** Validates and copies. */
    public Figure {
        if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("figure name must be letters, digits, '-' or '_', got " + name);
        }
        if (title == null || caption == null) {
            throw new IllegalArgumentException("title and caption must not be null");
        }
        if (png == null || png.length == 0) {
            throw new IllegalArgumentException("png must not be empty");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + width + " x " + height);
        }
        png = png.clone();
    }

    @Override
    public byte[] png() {
        return png.clone();
    }

    /** The same figure under another file stem. */
    public Figure withName(String newName) {
        return new Figure(newName, title, caption, png, width, height);
    }

    /** The file name of the PNG, {@code name + ".png"}. */
    public String fileName() {
        return name + ".png";
    }
}
