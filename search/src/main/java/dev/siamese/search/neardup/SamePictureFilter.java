package dev.siamese.search.neardup;

import dev.siamese.api.image.ImageShape;
import dev.siamese.data.pictures.Pictures;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds sources of a near-duplicate set that are the same picture: one wallpaper shipped under two names, or a
 * re-encoded copy, would otherwise be labelled "not near-duplicates", and every correct match between them would count
 * as a false positive. Two pictures are the same when their 16x16 colour thumbnails differ by less than
 * {@link #SAME_PICTURE_LEVELS} levels (of 255) on average; distinct wallpapers differ by 17 or more.
 *
 * <p>Thread-safe: record pictures from any thread in any order, then ask for the {@link #duplicates()}: of each set of
 * same pictures, the one with the smallest order number is kept, so the outcome does not depend on timing.
 */
final class SamePictureFilter {
    /** Mean absolute difference of the 16x16 RGB thumbnails, in levels of 255, below which two pictures are the same. */
    static final double SAME_PICTURE_LEVELS = 4.0;
    private static final int SIDE = 16;

    /** A recorded picture: its order, its source file and what was written for it. */
    record Entry(int order, Path source, Path written, float[] thumbnail) {
    }

    /** A picture to drop, with the kept one it repeats. */
    record Duplicate(Entry dropped, Entry kept) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Records the picture of {@code source} at position {@code order}, written to {@code written}. */
    void record(int order, Path source, Path written, BufferedImage picture) {
        Entry entry = new Entry(order, source, written, thumbnail(picture));
        synchronized (this) {
            entries.add(entry);
        }
    }

    /** Every recorded picture that repeats one of smaller order, in order. */
    synchronized List<Duplicate> duplicates() {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt(Entry::order));
        List<Entry> kept = new ArrayList<>();
        List<Duplicate> duplicates = new ArrayList<>();
        for (Entry entry : sorted) {
            Entry same = null;
            for (Entry k : kept) {
                if (same(entry.thumbnail(), k.thumbnail())) {
                    same = k;
                    break;
                }
            }
            if (same == null) {
                kept.add(entry);
            } else {
                duplicates.add(new Duplicate(entry, same));
            }
        }
        return duplicates;
    }

    /** The picture area-averaged to 16x16 RGB, in levels of 0-255. */
    static float[] thumbnail(BufferedImage picture) {
        float[] values = Pictures.of(picture, new ImageShape(SIDE, SIDE, 3)).pixels();
        for (int i = 0; i < values.length; i++) {
            values[i] *= 255f;
        }
        return values;
    }

    /** Whether two thumbnails are of the same picture; stops as soon as they cannot be (most pairs, early). */
    static boolean same(float[] a, float[] b) {
        double limit = SAME_PICTURE_LEVELS * a.length;
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
            if (sum >= limit) {
                return false;
            }
        }
        return true;
    }

    /** The mean absolute difference of two thumbnails. */
    static double difference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
