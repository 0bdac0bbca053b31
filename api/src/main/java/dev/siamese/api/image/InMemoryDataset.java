package dev.siamese.api.image;

import java.util.List;
import java.util.Objects;

/** A {@link LabeledDataset} held in one float array; immutable after construction. */
public final class InMemoryDataset implements LabeledDataset {
    private final String name;
    private final ImageShape shape;
    private final float[] pixels;
    private final int[] labels;
    private final List<String> classNames;

    /**
     * @param pixels all pictures back to back, {@code labels.length * shape.length()} values in [0, 1]; copied
     * @param labels one label per picture, each in {@code [0, classNames.size())}; copied
     */
    public InMemoryDataset(String name, ImageShape shape, float[] pixels, int[] labels, List<String> classNames) {
        this(name, shape, pixels.clone(), labels.clone(), classNames, true);
    }

    private InMemoryDataset(String name, ImageShape shape, float[] pixels, int[] labels, List<String> classNames,
                            boolean validate) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.classNames = List.copyOf(classNames);
        if (this.classNames.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + name + "' needs at least one class name");
        }
        if ((long) labels.length * shape.length() != pixels.length) {
            throw new IllegalArgumentException("dataset '" + name + "': " + labels.length + " labels of shape " + shape
                    + " need " + ((long) labels.length * shape.length()) + " pixel values, got " + pixels.length);
        }
        if (validate) {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= this.classNames.size()) {
                    throw new IllegalArgumentException("dataset '" + name + "': label " + labels[i] + " of picture " + i
                            + " is outside [0, " + this.classNames.size() + ")");
                }
            }
            for (int i = 0; i < pixels.length; i++) {
                if (!(pixels[i] >= 0f && pixels[i] <= 1f)) {
                    throw new IllegalArgumentException("dataset '" + name + "': pixel value " + pixels[i] + " of picture "
                            + (i / shape.length()) + " is outside [0, 1]");
                }
            }
        }
        this.pixels = pixels;
        this.labels = labels;
    }

    /**
     * Wraps arrays the caller hands over and will never touch again (no copy).
     * For readers that build large arrays themselves; values are still validated.
     */
    public static InMemoryDataset adopt(String name, ImageShape shape, float[] pixels, int[] labels, List<String> classNames) {
        return new InMemoryDataset(name, shape, pixels, labels, classNames, true);
    }

    /** The first {@code count} pictures of this dataset (no copy of the shared arrays is exposed). */
    public InMemoryDataset head(int count) {
        if (count < 0 || count > size()) {
            throw new IllegalArgumentException("head(" + count + ") of a dataset of " + size() + " pictures");
        }
        float[] p = new float[count * shape.length()];
        System.arraycopy(pixels, 0, p, 0, p.length);
        int[] l = new int[count];
        System.arraycopy(labels, 0, l, 0, count);
        return new InMemoryDataset(name + " (first " + count + ")", shape, p, l, classNames, false);
    }

    @Override public String name() { return name; }
    @Override public ImageShape shape() { return shape; }
    @Override public int size() { return labels.length; }
    @Override public int label(int index) { return labels[Objects.checkIndex(index, labels.length)]; }
    @Override public List<String> classNames() { return classNames; }

    @Override
    public void copyPixels(int index, float[] dest, int offset) {
        Objects.checkIndex(index, labels.length);
        System.arraycopy(pixels, index * shape.length(), dest, offset, shape.length());
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public String toString() {
        return "InMemoryDataset[" + name + ", " + size() + " x " + shape + ", " + classNames.size() + " classes]";
    }
}
