package dev.siamese.search.neardup;

import dev.siamese.api.DatasetException;
import dev.siamese.data.pictures.PictureFiles;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

/**
 * A near-duplicate benchmark built from real pictures, on disk: every original becomes a group folder holding the
 * original (scaled so its longer side is at most {@code maxSide}) and one copy per {@link PictureTransforms#ALL} edit;
 * unrelated distractor pictures go to a {@code distractors} folder, each a group of its own. Groups and distractors
 * are split at random (seeded) into a {@code calibration} half, on which thresholds are chosen, and a {@code test}
 * half, on which they are scored:
 * <pre>
 * OUT/calibration/g000-NAME/original.jpg, resize50.jpg, crop85.jpg, jpeg25.jpg, rotate5.jpg, brightness.jpg
 * OUT/calibration/distractors/d0000-NAME.jpg
 * OUT/test/...
 * </pre>
 */
public final class NearDuplicateSet {
    /** The two split folders. */
    public static final List<String> SPLITS = List.of("calibration", "test");
    /** The folder of unrelated pictures in each split. */
    public static final String DISTRACTORS = "distractors";
    /** The file name (without extension) of each group's unedited picture. */
    public static final String ORIGINAL = "original";

    /** What a build made. */
    public record Summary(int[] groups, int[] distractors, List<String> skipped) {
    }

    /** One picture of a split: its file, its group (distractors: a group of their own) and how it was made. */
    public record Member(Path file, int group, String kind) {
    }

    private NearDuplicateSet() {
    }

    /**
     * Builds the set under {@code out} (which must not exist or be empty). Unreadable originals and distractors are
     * skipped and listed in the summary, and so is each picture that repeats an earlier one (the same picture under
     * another name would make a wrong "not near-duplicates" label; see {@code SamePictureFilter}).
     *
     * @param progress told the number of pictures finished so far
     */
    public static Summary build(List<Path> originals, List<Path> distractors, Path out, int maxSide, long seed,
                                IntConsumer progress) {
        if (originals.size() < 4) {
            throw new DatasetException("a near-duplicate set needs at least 4 original pictures, got " + originals.size());
        }
        if (maxSide < 16) {
            throw new IllegalArgumentException("largest side must be at least 16 px, got " + maxSide);
        }
        try {
            if (Files.exists(out)) {
                try (var entries = Files.list(out)) {
                    if (entries.findAny().isPresent()) {
                        throw new DatasetException("output folder " + out + " is not empty; choose a new folder");
                    }
                }
            }
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out + ": " + e.getMessage(), e);
        }
        List<Path> shuffledOriginals = new ArrayList<>(originals);
        Collections.shuffle(shuffledOriginals, new Random(seed));
        List<Path> shuffledDistractors = new ArrayList<>(distractors);
        Collections.shuffle(shuffledDistractors, new Random(seed + 1));
        List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        // one of each picture: the same picture under two names would count its correct matches as false positives
        SamePictureFilter samePictures = new SamePictureFilter();
        AtomicInteger done = new AtomicInteger();
        int[] groups = new int[2];
        int[] distractorCounts = new int[2];
        int half = shuffledOriginals.size() / 2;
        IntStream.range(0, shuffledOriginals.size()).parallel().forEach(i -> {
            int split = i < half ? 0 : 1;
            int index = split == 0 ? i : i - half;
            Path source = shuffledOriginals.get(i);
            Path folder = out.resolve(SPLITS.get(split)).resolve(String.format(Locale.ROOT, "g%03d-%s", index, stem(source)));
            try {
                BufferedImage original = fitted(decode(source), maxSide);
                PictureTransforms.writeJpeg(original, PictureTransforms.SAVE_QUALITY, folder.resolve(ORIGINAL + ".jpg"));
                for (PictureTransforms.Transform t : PictureTransforms.ALL) {
                    PictureTransforms.writeJpeg(t.edit().apply(original), t.quality(), folder.resolve(t.name() + ".jpg"));
                }
                samePictures.record(i, source, folder, original);
            } catch (RuntimeException | IOException e) {
                skipped.add(source + ": " + e.getMessage());
                deleteQuietly(folder);
            }
            progress.accept(done.incrementAndGet());
        });
        IntStream.range(0, shuffledDistractors.size()).parallel().forEach(i -> {
            Path source = shuffledDistractors.get(i);
            Path file = out.resolve(SPLITS.get(i % 2)).resolve(DISTRACTORS)
                    .resolve(String.format(Locale.ROOT, "d%05d-%s.jpg", i / 2, stem(source)));
            try {
                BufferedImage picture = fitted(decode(source), maxSide);
                PictureTransforms.writeJpeg(picture, PictureTransforms.SAVE_QUALITY, file);
                samePictures.record(shuffledOriginals.size() + i, source, file, picture);
            } catch (RuntimeException | IOException e) {
                skipped.add(source + ": " + e.getMessage());
            }
            progress.accept(done.incrementAndGet());
        });
        for (SamePictureFilter.Duplicate duplicate : samePictures.duplicates()) {
            deleteQuietly(duplicate.dropped().written());
            skipped.add(duplicate.dropped().source() + ": the same picture as " + duplicate.kept().source() + " (kept)");
        }
        for (int s = 0; s < 2; s++) {
            Split split = read(out.resolve(SPLITS.get(s)));
            groups[s] = split.groups();
            distractorCounts[s] = split.distractors();
        }
        return new Summary(groups, distractorCounts, List.copyOf(skipped));
    }

    /** The pictures of one split folder. */
    public record Split(Path folder, List<Member> members, int groups, int distractors) {
    }

    /** Reads a split folder made by {@link #build}. */
    public static Split read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new DatasetException("near-duplicate folder " + folder + " does not exist; build a set with"
                    + " 'siamese near-duplicates make-set', or make a folder with one sub-folder per group of duplicates");
        }
        List<Member> members = new ArrayList<>();
        int group = 0;
        int distractors = 0;
        List<Path> entries = sorted(folder);
        for (Path entry : entries) {
            if (!Files.isDirectory(entry)) {
                continue;
            }
            boolean isDistractors = entry.getFileName().toString().equals(DISTRACTORS);
            for (Path file : sorted(entry)) {
                if (!Files.isRegularFile(file) || !PictureFiles.isPicture(file)) {
                    continue;
                }
                if (isDistractors) {
                    members.add(new Member(file, -1 - distractors++, "distractor"));
                } else {
                    members.add(new Member(file, group, stem(file)));
                }
            }
            if (!isDistractors) {
                group++;
            }
        }
        if (group < 2) {
            throw new DatasetException("near-duplicate folder " + folder + " has " + group + " group sub-folder(s);"
                    + " it needs at least 2 (one per group of duplicates, plus an optional 'distractors' folder)");
        }
        return new Split(folder, List.copyOf(members), group, distractors);
    }

    private static List<Path> sorted(Path folder) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        entries.sort(Path::compareTo);
        return entries;
    }

    private static BufferedImage decode(Path file) throws IOException {
        BufferedImage image;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            image = ImageIO.read(in); // by the Path, not File: a name the locale cannot decode still opens
        }
        if (image == null) {
            throw new IOException("not a picture this Java runtime decodes");
        }
        return image;
    }

    private static BufferedImage fitted(BufferedImage picture, int maxSide) {
        int longer = Math.max(picture.getWidth(), picture.getHeight());
        return longer > maxSide ? PictureTransforms.scale(picture, maxSide / (double) longer)
                : PictureTransforms.scale(picture, 1.0);
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return stem.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static void deleteQuietly(Path folder) {
        try (var walk = Files.walk(folder)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // nothing was written, or a partial group stays and is reported as skipped
        }
    }
}
