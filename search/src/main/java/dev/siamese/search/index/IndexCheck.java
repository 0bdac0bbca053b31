package dev.siamese.search.index;

import dev.siamese.search.SearchException;

import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.CompoundDirectory;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.NoLockFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a full check of an index folder found ({@link EmbeddingIndex#verify}): the metadata, then every file of the
 * last commit read whole and compared with its checksum (inside compound files, part by part), then the commit opened
 * as a reader would. Needs no model, takes no lock and writes nothing.
 *
 * @param folder   the index folder
 * @param segments the segments of the last commit (0 when it could not be read)
 * @param pictures the pictures the last commit holds (0 when it could not be opened)
 * @param bytes    the bytes read and verified
 * @param problems one line per damaged file or other problem, naming the segment and file; empty when healthy
 */
public record IndexCheck(Path folder, int segments, long pictures, long bytes, List<String> problems) {

    /** Commits that may replace the one being checked, by a writer that runs meanwhile, before the check gives up. */
    private static final int ATTEMPTS = 3;
    /** What each kind of Lucene file holds, by extension, for messages a user can act on. */
    private static final Map<String, String> CONTENTS = Map.ofEntries(
            Map.entry("vec", "the stored embeddings"), Map.entry("vex", "the HNSW graph"),
            Map.entry("hnsw", "the HNSW graph"),
            Map.entry("vem", "the vector metadata"), Map.entry("vemf", "the vector metadata"),
            Map.entry("fdt", "the stored paths, hashes and file dates"), Map.entry("fdx", "the stored-fields index"),
            Map.entry("fdm", "the stored-fields metadata"), Map.entry("dvd", "the paths returned by searches"),
            Map.entry("dvm", "the doc-values metadata"), Map.entry("tim", "the path lookup terms"),
            Map.entry("tip", "the path lookup index"), Map.entry("tmd", "the path lookup metadata"),
            Map.entry("doc", "the path lookup postings"), Map.entry("psm", "the postings metadata"),
            Map.entry("si", "the segment description"), Map.entry("fnm", "the field descriptions"),
            Map.entry("liv", "the deleted pictures"), Map.entry("cfs", "the segment's compound file"),
            Map.entry("cfe", "the compound file's table of contents"));

    public IndexCheck {
        Objects.requireNonNull(folder, "folder");
        problems = List.copyOf(problems);
    }

    /** Whether nothing is damaged. */
    public boolean healthy() {
        return problems.isEmpty();
    }

    /** One line: healthy with what was verified, or damaged with how many problems and how to rebuild. */
    public String summary() {
        if (healthy()) {
            return String.format(Locale.ROOT, "index %s is healthy: %,d pictures in %,d segment(s), %,d bytes, every"
                    + " checksum verified", folder, pictures, segments, bytes);
        }
        return String.format(Locale.ROOT, "index %s is damaged (%d problem(s), first: %s); delete the folder and run"
                + " 'siamese index PICTURES -i %s' again to rebuild it", folder, problems.size(), problems.get(0), folder);
    }

    /** Checks the index in {@code folder}; throws only when there is no index there at all. */
    static IndexCheck of(Path folder) {
        Objects.requireNonNull(folder, "folder");
        Path metadataFile = folder.resolve(EmbeddingIndex.METADATA_FILE);
        Path lucene = folder.resolve("lucene");
        if (!Files.exists(metadataFile) && !Files.isDirectory(lucene)) {
            throw new SearchException("no embedding index in folder " + folder + " (neither " + EmbeddingIndex.METADATA_FILE
                    + " nor lucene/ is there); point --check to the folder given to 'siamese index -i'");
        }
        List<String> problems = new ArrayList<>();
        int dimension = metadataDimension(metadataFile, problems);
        if (!Files.isDirectory(lucene)) {
            problems.add("the lucene/ folder is missing: the index holds no pictures");
            return new IndexCheck(folder, 0, 0, 0, problems);
        }
        // no lock factory: a check never takes the writer's lock nor creates write.lock, and runs beside a writer
        try (Directory directory = FSDirectory.open(lucene, NoLockFactory.INSTANCE)) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return check(folder, directory, dimension, problems);
                } catch (NoSuchFileException e) {
                    // a writer committed meanwhile and deleted the files of the commit being checked: check the new one
                    if (attempt == ATTEMPTS) {
                        problems.add("the index changed during " + ATTEMPTS + " checks (a writer is committing?): "
                                + e.getMessage() + "; run the check again when indexing is done");
                        return new IndexCheck(folder, 0, 0, 0, problems);
                    }
                }
            }
        } catch (IOException e) {
            throw new SearchException("cannot read the index folder " + lucene + ": " + e.getMessage(), e);
        }
    }

    private static IndexCheck check(Path folder, Directory directory, int dimension, List<String> metadataProblems)
            throws IOException {
        Verification run = new Verification(directory, new ArrayList<>(metadataProblems));
        SegmentInfos commit;
        try {
            commit = SegmentInfos.readLatestCommit(directory);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            run.problems.add("the commit point (" + lastCommitName(directory) + ", " + COMMIT_CONTENTS + "): "
                    + reason(e));
            // the list of segments is lost, but the files themselves may still be checked one by one
            for (String file : directory.listAll()) {
                if (!file.startsWith(IndexFileNames.SEGMENTS) && !file.equals("write.lock")) {
                    run.verify(file, segmentOf(file));
                }
            }
            return new IndexCheck(folder, 0, 0, run.bytes, run.problems);
        }
        run.commit = commit.getSegmentsFileName();
        run.verify(run.commit, null);
        for (SegmentCommitInfo segment : commit) {
            for (String file : new TreeSet<>(segment.files())) {
                if (!run.verify(file, segment.info.name) && file.endsWith(".cfs")) {
                    verifyCompoundParts(directory, segment, file, run.problems);
                }
            }
        }
        long pictures = 0;
        if (run.problems.size() == metadataProblems.size()) {
            pictures = openAsReader(directory, dimension, run.problems);
        }
        return new IndexCheck(folder, commit.size(), pictures, run.bytes, run.problems);
    }

    private static final String COMMIT_CONTENTS = "the list of segments";

    /** The files of one check: what was read, and what was found damaged. */
    private static final class Verification {
        final Directory directory;
        final List<String> problems;
        long bytes;
        /** The commit being checked, or null when it could not be read. */
        String commit;

        Verification(Directory directory, List<String> problems) {
            this.directory = directory;
            this.problems = problems;
        }

        /**
         * Reads {@code file} whole and compares its checksum; returns whether it matched.
         *
         * @throws NoSuchFileException when the file is gone because a writer replaced the commit (check the new one)
         */
        boolean verify(String file, String segment) throws IOException {
            try (IndexInput in = directory.openInput(file, IOContext.READONCE)) {
                bytes += in.length();
                try {
                    CodecUtil.checksumEntireFile(in);
                    return true;
                } catch (IOException | RuntimeException e) {
                    problems.add(where(segment, file) + ", " + in.length() + " bytes: " + reason(e));
                    return false;
                }
            } catch (NoSuchFileException e) {
                if (commit != null && !commit.equals(lastCommitName(directory))) {
                    throw e;
                }
                problems.add(where(segment, file) + ": the file is missing");
                return false;
            }
        }
    }

    /** Names the damaged parts of a compound file, when its table of contents can still be read. */
    private static void verifyCompoundParts(Directory directory, SegmentCommitInfo segment, String file,
                                            List<String> problems) {
        try (CompoundDirectory parts = segment.info.getCodec().compoundFormat()
                .getCompoundReader(directory, segment.info, IOContext.READONCE)) {
            for (String part : new TreeSet<>(List.of(parts.listAll()))) {
                try (IndexInput in = parts.openInput(part, IOContext.READONCE)) {
                    CodecUtil.checksumEntireFile(in);
                } catch (IOException | RuntimeException e) {
                    problems.add(where(segment.info.name, part) + ", inside " + file + ": " + reason(e));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the whole compound file is reported already; its parts cannot be told apart
        }
    }

    /** Opens the checked commit as searches do and checks what the metadata promises; returns the pictures. */
    private static long openAsReader(Directory directory, int dimension, List<String> problems) {
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                FieldInfo vectors = leaf.reader().getFieldInfos().fieldInfo("embedding");
                if (vectors != null && dimension > 0 && vectors.getVectorDimension() != dimension) {
                    String segment = leaf.reader() instanceof SegmentReader r ? r.getSegmentName() : "#" + leaf.ord;
                    problems.add("segment " + segment + " holds " + vectors.getVectorDimension()
                            + "-D embeddings, but " + EmbeddingIndex.METADATA_FILE + " says " + dimension + "-D");
                }
            }
            return reader.numDocs();
        } catch (IOException | RuntimeException e) {
            problems.add("the last commit cannot be opened: " + reason(e));
            return 0;
        }
    }

    /** The metadata's dimension, or 0 after adding a problem. */
    private static int metadataDimension(Path file, List<String> problems) {
        if (!Files.exists(file)) {
            problems.add(EmbeddingIndex.METADATA_FILE + " is missing: the model that built the index is unknown");
            return 0;
        }
        Properties metadata = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            metadata.load(in);
        } catch (IOException | IllegalArgumentException e) {
            problems.add(EmbeddingIndex.METADATA_FILE + " cannot be read: " + e.getMessage());
            return 0;
        }
        if (metadata.getProperty("model", "").isBlank()) {
            problems.add(EmbeddingIndex.METADATA_FILE + " names no model");
        }
        try {
            int dimension = Integer.parseInt(metadata.getProperty("dimension", ""));
            if (dimension < 1) {
                throw new NumberFormatException();
            }
            return dimension;
        } catch (NumberFormatException e) {
            problems.add(EmbeddingIndex.METADATA_FILE + " has no valid dimension (" + metadata.getProperty("dimension")
                    + ")");
            return 0;
        }
    }

    private static String where(String segment, String file) {
        String extension = IndexFileNames.getExtension(file);
        String contents = file.startsWith(IndexFileNames.SEGMENTS) ? COMMIT_CONTENTS
                : CONTENTS.getOrDefault(extension == null ? "" : extension, "index data");
        return (segment == null ? "" : "segment " + segment + ", ") + "file " + file + " (" + contents + ")";
    }

    private static String segmentOf(String file) {
        String segment = IndexFileNames.parseSegmentName(file);
        return segment.isEmpty() || segment.equals(file) ? null : segment;
    }

    /** Lucene's message without the resource description it appends (the caller names the file). */
    static String reason(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int resource = message.indexOf(" (resource=");
        return (resource < 0 ? message : message.substring(0, resource)).replaceAll("\\s+", " ").trim();
    }

    /**
     * Lucene's message with the resource description it appends reduced to the file's name (and the part of a
     * compound file), for messages that have no other way to name it.
     */
    static String reasonWithFile(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher path = RESOURCE_PATH.matcher(message);
        if (!path.find()) {
            return reason(e);
        }
        Matcher slice = RESOURCE_SLICE.matcher(message);
        String file = Path.of(path.group(1)).getFileName().toString();
        return reason(e) + " (file " + file + (slice.find() ? ", part " + slice.group(1) : "") + ")";
    }

    private static final Pattern RESOURCE_PATH = Pattern.compile("path=\"([^\"]+)\"");
    private static final Pattern RESOURCE_SLICE = Pattern.compile("\\[slice=([^\\]]+)\\]");

    private static String lastCommitName(Directory directory) {
        try {
            String name = SegmentInfos.getLastCommitSegmentsFileName(directory);
            return name == null ? "no segments_N file" : name;
        } catch (IOException e) {
            return "segments_N";
        }
    }

}
