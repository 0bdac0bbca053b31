package dev.siamese.search.dedup;

import dev.siamese.api.internal.AtomicFiles;
import dev.siamese.search.SearchException;
import dev.siamese.search.internal.Csv;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes {@link DuplicateGroups} for people and tools: CSV with one row per picture
 * ({@code group,size,path,nearest,distance}) and JSON with the groups and every pair found inside them.
 */
public final class DuplicateReports {

    private DuplicateReports() {
    }

    /** Writes the CSV report to {@code file}, replacing it when complete (never half-written). */
    public static void writeCsv(DuplicateGroups groups, Path file) {
        try {
            AtomicFiles.writeText(file, out -> writeCsv(groups, out));
        } catch (IOException e) {
            throw new SearchException("cannot write duplicate report " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the CSV report: a header, then per group and member {@code group,size,path,nearest,distance}. */
    public static void writeCsv(DuplicateGroups groups, Writer out) throws IOException {
        out.write("group,size,path,nearest,distance\n");
        for (DuplicateGroup group : groups.groups()) {
            for (String path : group.paths()) {
                out.write(group.id() + "," + group.paths().size() + "," + Csv.field(path) + "," + Csv.field(group.nearest(path)) + ","
                        + number(group.nearestDistance(path)) + "\n");
            }
        }
    }

    /** Writes the JSON report to {@code file}, replacing it when complete (never half-written). */
    public static void writeJson(DuplicateGroups groups, Path file) {
        try {
            AtomicFiles.writeText(file, out -> writeJson(groups, out));
        } catch (IOException e) {
            throw new SearchException("cannot write duplicate report " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the JSON report: {@code {"metric", "threshold", "exact", "compared", "grouping", "groups": [{"id", "paths": [...],
     * "pairs": [{"first", "second", "distance"}]}]}}.
     */
    public static void writeJson(DuplicateGroups groups, Writer out) throws IOException {
        out.write("{\n  \"metric\": " + json(groups.metric()) + ",\n  \"threshold\": " + number(groups.threshold())
                + ",\n  \"exact\": " + groups.exact() + ",\n  \"compared\": " + groups.compared()
                + ",\n  \"grouping\": " + json(groups.grouping().label()) + ",\n  \"groups\": [");
        String groupSeparator = "\n";
        for (DuplicateGroup group : groups.groups()) {
            out.write(groupSeparator + "    {\"id\": " + group.id() + ", \"paths\": [");
            String separator = "";
            for (String path : group.paths()) {
                out.write(separator + json(path));
                separator = ", ";
            }
            out.write("], \"pairs\": [");
            separator = "";
            for (DuplicatePair pair : group.pairs()) {
                out.write(separator + "{\"first\": " + json(pair.first()) + ", \"second\": " + json(pair.second())
                        + ", \"distance\": " + number(pair.distance()) + "}");
                separator = ", ";
            }
            out.write("]}");
            groupSeparator = ",\n";
        }
        out.write(groups.groups().isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.6g", value);
    }

    static String json(String value) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
