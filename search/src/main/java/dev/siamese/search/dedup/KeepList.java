package dev.siamese.search.dedup;

import dev.siamese.api.internal.AtomicFiles;
import dev.siamese.data.pictures.FileNames;
import dev.siamese.data.pictures.Pictures;
import dev.siamese.search.SearchException;
import dev.siamese.search.internal.Csv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What to keep and what to remove in each group of near-duplicates, by a stated policy: one picture of each group is
 * kept, the others are listed for removal. Nothing is deleted; the list is for the user (or a script) to act on.
 */
public final class KeepList {

    /** Which member of a group to keep. */
    public enum Policy {
        /** The picture with the most pixels (then the biggest file, then the first path). */
        LARGEST,
        /** The picture modified first (then the first path). */
        OLDEST,
        /** The picture modified last (then the first path). */
        NEWEST;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The policy called {@code label}: {@code largest}, {@code oldest} or {@code newest}. */
        public static Policy of(String label) {
            for (Policy p : values()) {
                if (p.label().equals(label)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown keep policy '" + label + "'; use largest, oldest or newest");
        }
    }

    /** One picture's decision. */
    public record Decision(int group, boolean keep, String path, long pixels, long bytes, long modifiedMillis) {
    }

    private KeepList() {
    }

    /** The decision for every member of every group, groups in order, the kept picture first in each. */
    public static List<Decision> decide(DuplicateGroups groups, Policy policy) {
        List<Decision> all = new ArrayList<>();
        for (DuplicateGroup group : groups.groups()) {
            List<Decision> members = new ArrayList<>();
            for (String path : group.paths()) {
                Path file = null;
                long bytes = -1;
                long modified = Long.MIN_VALUE;
                try {
                    file = FileNames.path(path);
                    bytes = Files.size(file);
                    modified = Files.getLastModifiedTime(file).toMillis();
                } catch (IOException | RuntimeException e) {
                    // gone or unreadable since indexing: it can still be listed, it is never the one kept
                }
                long pixels = file == null ? -1L : Pictures.dimensions(file).map(d -> (long) d[0] * d[1]).orElse(-1L);
                members.add(new Decision(group.id(), false, path, pixels, bytes, modified));
            }
            Comparator<Decision> order = switch (policy) {
                case LARGEST -> Comparator.comparingLong(Decision::pixels).reversed()
                        .thenComparing(Comparator.comparingLong(Decision::bytes).reversed());
                case OLDEST -> Comparator.comparingLong((Decision d) -> d.modifiedMillis() == Long.MIN_VALUE
                        ? Long.MAX_VALUE : d.modifiedMillis());
                case NEWEST -> Comparator.comparingLong(Decision::modifiedMillis).reversed();
            };
            members.sort(order.thenComparing(Decision::path));
            for (int i = 0; i < members.size(); i++) {
                Decision d = members.get(i);
                all.add(new Decision(d.group(), i == 0 && d.bytes() >= 0, d.path(), d.pixels(), d.bytes(),
                        d.modifiedMillis()));
            }
        }
        return all;
    }

    /**
     * Writes {@code decisions} as CSV ({@code group,action,path,pixels,bytes,modified}, action {@code keep} or
     * {@code remove}) to {@code file}, replacing it when complete.
     */
    public static void write(List<Decision> decisions, Policy policy, Path file) {
        try {
            AtomicFiles.writeText(file, out -> {
                out.write("# keep policy: " + policy.label() + " (one picture kept per group)\n");
                out.write("group,action,path,pixels,bytes,modified\n");
                for (Decision d : decisions) {
                    out.write(d.group() + "," + (d.keep() ? "keep" : "remove") + "," + Csv.field(d.path()) + ","
                            + d.pixels() + "," + d.bytes() + ","
                            + (d.modifiedMillis() == Long.MIN_VALUE ? "" : java.time.Instant.ofEpochMilli(d.modifiedMillis()))
                            + "\n");
                }
            });
        } catch (IOException e) {
            throw new SearchException("cannot write the keep list " + file + ": " + e.getMessage(), e);
        }
    }
}
