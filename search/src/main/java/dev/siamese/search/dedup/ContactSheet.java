package dev.siamese.search.dedup;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.internal.AtomicFiles;
import dev.siamese.data.pictures.FileNames;
import dev.siamese.data.pictures.Pictures;
import dev.siamese.search.neardup.PictureTransforms;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

/**
 * An HTML contact sheet of near-duplicate groups: one self-contained file (thumbnails embedded as data URIs) with a row
 * of thumbnails per group, largest groups first, each captioned with its file name and its distance to the nearest
 * fellow member. At most {@code maxGroups} groups and {@link #MAX_PICTURES_PER_GROUP} pictures per group are shown,
 * and the sheet says how many were left out; a picture that cannot be read is shown as a named placeholder.
 */
public final class ContactSheet {
    /** The longer side of a thumbnail, in pixels. */
    public static final int THUMBNAIL = 128;
    /** Pictures shown per group; a larger group shows its first ones and says how many are left out. */
    public static final int MAX_PICTURES_PER_GROUP = 50;

    private ContactSheet() {
    }

    /** Writes the sheet of {@code groups} to {@code file} (replaced atomically when complete). */
    public static void write(DuplicateGroups groups, Path file, int maxGroups) {
        if (maxGroups < 1) {
            throw new IllegalArgumentException("the contact sheet needs room for at least 1 group, got " + maxGroups);
        }
        try {
            AtomicFiles.writeText(file, out -> write(groups, out, maxGroups));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the contact sheet " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the sheet of {@code groups} to {@code out}. */
    public static void write(DuplicateGroups groups, Writer out, int maxGroups) throws IOException {
        List<DuplicateGroup> sorted = new ArrayList<>(groups.groups());
        sorted.sort(Comparator.comparingInt((DuplicateGroup g) -> -g.paths().size()).thenComparingInt(DuplicateGroup::id));
        List<DuplicateGroup> shown = sorted.subList(0, Math.min(maxGroups, sorted.size()));
        String root = commonFolder(groups);
        boolean hamming = groups.metric().equals("hamming");
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                // as the run reports: nothing but the inline thumbnails and styles may load (names come from files)
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:;"
                + " style-src 'unsafe-inline'\">\n<title>Near-duplicate groups</title>\n"
                + "<style>body{font-family:sans-serif;margin:1.5em}.g{margin:1em 0;padding:.5em;border:1px solid #ccc}"
                + ".g h2{font-size:1em;margin:.2em 0}.p{display:inline-block;vertical-align:top;margin:.3em;width:"
                + (THUMBNAIL + 8) + "px;font-size:.75em;word-break:break-all}.p img{display:block;max-width:"
                + THUMBNAIL + "px;max-height:" + THUMBNAIL + "px}.missing{width:" + THUMBNAIL + "px;height:" + (THUMBNAIL / 2)
                + "px;background:#eee;color:#a00;display:flex;align-items:center;justify-content:center}</style></head><body>\n");
        out.write(String.format(Locale.ROOT, "<h1>Near-duplicate groups</h1>\n<p>%,d groups holding %,d of %,d pictures;"
                        + " %s distance, threshold %s, %s pairs, %s groups.%s</p>\n", groups.groups().size(), groups.duplicatePictures(),
                groups.compared(), escape(groups.metric()),
                hamming ? String.format(Locale.ROOT, "%.0f bits", groups.threshold())
                        : String.format(Locale.ROOT, "%.4f", groups.threshold()),
                groups.exact() ? "exact" : "approximate (HNSW neighbours)", groups.grouping().label(),
                root.isEmpty() ? "" : " Paths are relative to " + escape(root) + "."));
        if (shown.size() < sorted.size()) {
            out.write(String.format(Locale.ROOT, "<p><strong>Showing the %,d largest groups; %,d more groups are left out"
                    + " (see the CSV or JSON report).</strong></p>\n", shown.size(), sorted.size() - shown.size()));
        }
        for (DuplicateGroup group : shown) {
            out.write(String.format(Locale.ROOT, "<div class=\"g\"><h2>group %d: %d pictures</h2>\n", group.id(),
                    group.paths().size()));
            List<String> paths = group.paths().subList(0, Math.min(MAX_PICTURES_PER_GROUP, group.paths().size()));
            String[] thumbnails = new String[paths.size()];
            IntStream.range(0, paths.size()).parallel()
                    .forEach(i -> thumbnails[i] = thumbnail(FileNames.path(paths.get(i))));
            for (int i = 0; i < paths.size(); i++) {
                String path = paths.get(i);
                String visible = FileNames.display(path);
                String name = root.isEmpty() || !visible.startsWith(root) ? visible : visible.substring(root.length());
                double nearest = group.nearestDistance(path);
                out.write("<div class=\"p\">");
                out.write(thumbnails[i] != null ? "<img src=\"" + thumbnails[i] + "\" alt=\"" + escape(name) + "\">"
                        : "<div class=\"missing\">unreadable</div>");
                out.write(escape(name));
                if (Double.isFinite(nearest)) {
                    out.write(hamming ? String.format(Locale.ROOT, "<br>nearest: %.0f bits", nearest)
                            : String.format(Locale.ROOT, "<br>nearest: %.4f", nearest));
                }
                out.write("</div>\n");
            }
            if (paths.size() < group.paths().size()) {
                out.write(String.format(Locale.ROOT, "<p>... and %,d more pictures in this group (see the CSV or JSON"
                        + " report).</p>%n", group.paths().size() - paths.size()));
            }
            out.write("</div>\n");
        }
        out.write("</body></html>\n");
    }

    /**
     * A PNG data URI of the picture at most {@link #THUMBNAIL} px on its longer side, or null if it cannot be read.
     * Decoded as model input is ({@link Pictures#read}): its size read from the header, a big picture read subsampled
     * within the memory all decoding shares, a picture over the size limits refused.
     */
    static String thumbnail(Path file) {
        try {
            int[] size = Pictures.dimensions(file).orElse(null);
            if (size == null || size[0] < 1 || size[1] < 1) {
                return null;
            }
            double scale = Math.min(1.0, THUMBNAIL / (double) Math.max(size[0], size[1]));
            int w = Math.max(1, (int) Math.round(size[0] * scale));
            int h = Math.max(1, (int) Math.round(size[1] * scale));
            BufferedImage out = PictureTransforms.toBufferedImage(Pictures.read(file, new ImageShape(h, w, 3)));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(out, "png", bytes);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String commonFolder(DuplicateGroups groups) {
        String common = null;
        for (DuplicateGroup g : groups.groups()) {
            for (String p : g.paths()) {
                if (common == null) {
                    int slash = p.lastIndexOf('/');
                    common = slash >= 0 ? p.substring(0, slash + 1) : "";
                }
                while (!common.isEmpty() && !p.startsWith(common)) {
                    int slash = common.lastIndexOf('/', common.length() - 2);
                    common = slash >= 0 ? common.substring(0, slash + 1) : "";
                }
            }
        }
        return common == null ? "" : common;
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
