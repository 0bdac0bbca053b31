package dev.siamese.data.readers;

import dev.siamese.api.DatasetException;
import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.data.LoadProgress;
import dev.siamese.data.pictures.DecodePool;
import dev.siamese.data.pictures.PictureFiles;
import dev.siamese.data.pictures.SkippedFile;
import dev.siamese.data.pictures.internal.PictureDecoder;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads pictures laid out the way people keep their own: {@code <root>/<split>/<class>/<picture>}, e.g.
 * {@code photos/train/cat/0001.jpg} and {@code photos/test/cat/0042.png}. Pictures are PNG, JPEG, BMP, GIF, WebP or TIFF
 * files ({@code .png .jpg .jpeg .bmp .gif .webp .tif .tiff}, any case); other files, hidden files and deeper folders are ignored.
 *
 * <p>Class names are the sorted names of the class folders of the training split (label {@code i} is the
 * {@code i}-th name); the test split must have the same class folders. Within a class, files are taken in order
 * of their names, classes in order of theirs, so the result does not depend on the file system or on the order
 * in which the parallel decoders finish. Pictures are decoded on a pool of one thread per processor and fitted
 * to the target shape: area averaging where a side shrinks, bilinear interpolation where it grows, RGB to grey by
 * luminance (0.299 R + 0.587 G + 0.114 B), grey to RGB by replication; values are rounded to 8 bits and scaled to
 * [0, 1].
 *
 * <p>A file that cannot be used (empty, corrupt, truncated, an unknown format, or declaring more than
 * {@value #MAX_SIDE} px per side, checked from its header before decoding) is left out and listed with its
 * reason in {@link ImageFolderResult#skipped()}, unless {@link Options#failOnUnreadable()} asks for an error.
 * Nothing is printed or logged. To decode a folder only once, load it through a {@link DecodedDatasetCache}.
 */
public final class ImageFolderReader {
    /**
     * The picture file extensions read, compared without regard to case.
     *
     * @deprecated use {@link PictureFiles#EXTENSIONS}, their one home
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public static final Set<String> EXTENSIONS = PictureFiles.EXTENSIONS;
    /**
     * {@link #EXTENSIONS} as a list for messages: {@code .png, .jpg, ...}.
     *
     * @deprecated use {@link PictureFiles#EXTENSION_LIST}, their one home
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public static final String EXTENSION_LIST = PictureFiles.EXTENSION_LIST;
    /** Pictures declaring more pixels than this per side are skipped without being decoded. */
    public static final int MAX_SIDE = PictureDecoder.MAX_SIDE;

    private static final String LAYOUT = "<root>/<split>/<class>/<picture>.png|jpg|jpeg|bmp|gif|webp|tif|tiff,"
            + " e.g. photos/train/cat/0001.jpg";
    private static final int MAX_CHUNK = 256;
    private static final float[] BYTE_TO_UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            BYTE_TO_UNIT[i] = i / 255f;
        }
    }

    /**
     * How to read an image folder.
     *
     * @param trainSplit       the training split's folder name under the root
     * @param testSplit        the test split's folder name under the root
     * @param shape            the shape every picture is fitted to; channels 1 (grey) or 3 (RGB)
     * @param failOnUnreadable whether one unusable file stops the load with an error (else it is skipped and listed)
     * @param trainLimit       0 to read every training picture, else only this many, taken class by class in
     *                         turn (each class's first file, then each class's second, ...), so every class stays in
     */
    public record Options(String trainSplit, String testSplit, ImageShape shape, boolean failOnUnreadable,
                          int trainLimit) {

        public Options {
            Objects.requireNonNull(shape, "shape");
            checkSplitName("train", trainSplit);
            checkSplitName("test", testSplit);
            if (trainSplit.equals(testSplit)) {
                throw new IllegalArgumentException("train and test split must be different folders, both are '"
                        + trainSplit + "'");
            }
            if (trainLimit < 0) {
                throw new IllegalArgumentException("train limit must be 0 (all) or positive, got " + trainLimit);
            }
        }

        /** Splits "train" and "test", pictures fitted to {@code shape}, unusable files skipped, no limit. */
        public static Options of(ImageShape shape) {
            return new Options("train", "test", shape, false, 0);
        }

        public Options withSplits(String train, String test) {
            return new Options(train, test, shape, failOnUnreadable, trainLimit);
        }

        public Options withFailOnUnreadable(boolean fail) {
            return new Options(trainSplit, testSplit, shape, fail, trainLimit);
        }

        public Options withTrainLimit(int limit) {
            return new Options(trainSplit, testSplit, shape, failOnUnreadable, limit);
        }

        private static void checkSplitName(String which, String name) {
            Objects.requireNonNull(name, which + " split");
            if (name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException(which + " split must be a plain folder name, got '" + name + "'");
            }
        }
    }

    /** One picture file found by the listing. */
    record ListedFile(Path path, int label, long size, long modifiedNanos) {
    }

    /** The picture files of one split, in load order. */
    record SplitListing(String split, Path folder, List<ListedFile> files) {
    }

    /** What an image folder holds, before anything is decoded. */
    record Listing(Path root, List<String> classNames, SplitListing train, SplitListing test) {
    }

    /** One split's decoded pictures as 8-bit values, the form the cache stores. */
    record Decoded(ImageShape shape, byte[] pixels, int[] labels, List<SkippedFile> skipped) {
    }

    private ImageFolderReader() {
    }

    /** Reads both splits of the image folder at {@code root}, decoding every picture (no cache). */
    public static ImageFolderResult read(Path root, Options options) {
        return read(root, options, LoadProgress.none());
    }

    /** Reads both splits of the image folder at {@code root}, decoding every picture (no cache). */
    public static ImageFolderResult read(Path root, Options options, LoadProgress progress) {
        return load(root, options, progress, null);
    }

    /** Lists, then takes each split from {@code cache} (may be null) or decodes it. */
    static ImageFolderResult load(Path root, Options options, LoadProgress progress, DecodedDatasetCache cache) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        return load(list(root, options), options, progress, cache);
    }

    /**
     * Reads every picture under {@code root} (searched recursively; hidden files and folders skipped) without labels:
     * all pictures are of one class, and about {@code testPercent} percent of them, chosen by a checksum of their path
     * relative to {@code root} (so adding pictures never moves others between splits), form the test split.
     */
    public static ImageFolderResult readUnlabelled(Path root, Options options, int testPercent, LoadProgress progress) {
        return load(listUnlabelled(root, options, testPercent), options, progress, null);
    }

    static ImageFolderResult load(Listing listing, Options options, LoadProgress progress, DecodedDatasetCache cache) {
        Counter counter = new Counter(progress, listing.train().files().size() + listing.test().files().size());
        List<String> notes = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        ImageFolderResult.CacheOutcome[] outcomes = new ImageFolderResult.CacheOutcome[2];
        InMemoryDataset[] datasets = new InMemoryDataset[2];
        DecodePool pool = null;
        try {
            List<SplitListing> splits = List.of(listing.train(), listing.test());
            for (int s = 0; s < 2; s++) {
                SplitListing split = splits.get(s);
                Decoded decoded = null;
                ImageFolderResult.CacheOutcome outcome = ImageFolderResult.CacheOutcome.DISABLED;
                DecodedDatasetCache.Lookup lookup = null;
                if (cache != null) {
                    lookup = cache.lookup(listing, split, options);
                    decoded = lookup.decoded();
                    if (lookup.note() != null) {
                        notes.add(lookup.note());
                    }
                }
                if (decoded != null) {
                    outcome = ImageFolderResult.CacheOutcome.HIT;
                    counter.advance(split.files().size());
                } else {
                    if (pool == null) {
                        pool = new DecodePool(Runtime.getRuntime().availableProcessors());
                    }
                    decoded = decode(split, options.shape(), options.failOnUnreadable(), pool, counter);
                    if (cache != null) {
                        String problem = cache.store(lookup, listing, decoded);
                        if (problem != null) {
                            notes.add(problem);
                            outcome = ImageFolderResult.CacheOutcome.NOT_WRITTEN;
                        } else {
                            outcome = lookup.wasInvalid() ? ImageFolderResult.CacheOutcome.REBUILT
                                    : ImageFolderResult.CacheOutcome.WRITTEN;
                        }
                    }
                }
                if (options.failOnUnreadable() && !decoded.skipped().isEmpty()) {
                    throw unreadable(decoded.skipped());
                }
                skipped.addAll(decoded.skipped());
                datasets[s] = toDataset(split, decoded, listing.classNames());
                outcomes[s] = outcome;
            }
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
        String kind = listing.classNames().equals(UNLABELLED) ? "picture-folder " : "image-folder ";
        DatasetSplits result = new DatasetSplits(kind + listing.root(), datasets[0], datasets[1]);
        return new ImageFolderResult(result, skipped, outcomes[0], outcomes[1], notes);
    }

    /** Finds the classes and picture files of both splits and checks the layout. */
    static Listing list(Path root, Options options) {
        Objects.requireNonNull(root, "root");
        Path absolute = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new DatasetException("image folder " + absolute + " does not exist or is not a folder; expected "
                    + LAYOUT);
        }
        Path trainFolder = splitFolder(absolute, options.trainSplit(), "train");
        Path testFolder = splitFolder(absolute, options.testSplit(), "test");
        List<String> classNames = classFolders(trainFolder);
        if (classNames.isEmpty()) {
            throw new DatasetException("split folder " + trainFolder + " has no class folders; put each class's"
                    + " pictures into a sub-folder named after the class, e.g. " + trainFolder.resolve("cat")
                    .resolve("0001.jpg"));
        }
        if (classNames.size() == 1) {
            throw new DatasetException("split folder " + trainFolder + " has only one class folder ('" + classNames.get(0)
                    + "'); a Siamese data set needs at least 2 classes, so that dissimilar pairs can be drawn");
        }
        List<String> testClasses = classFolders(testFolder);
        if (!testClasses.equals(classNames)) {
            Set<String> missing = new TreeSet<>(classNames);
            missing.removeAll(testClasses);
            Set<String> extra = new TreeSet<>(testClasses);
            extra.removeAll(classNames);
            throw new DatasetException("the test split " + testFolder + " must have the same class folders as the"
                    + " train split " + trainFolder + "; missing in test: " + missing + ", only in test: " + extra);
        }
        List<ListedFile> trainFiles = files(trainFolder, classNames);
        if (options.trainLimit() > 0 && options.trainLimit() < trainFiles.size()) {
            int[] labels = trainFiles.stream().mapToInt(ListedFile::label).toArray();
            int[] keep = DatasetSubsets.classByClassIndices(labels, classNames.size(), options.trainLimit());
            List<ListedFile> limited = new ArrayList<>(keep.length);
            for (int i : keep) {
                limited.add(trainFiles.get(i));
            }
            trainFiles = limited;
        }
        return new Listing(absolute, classNames,
                new SplitListing(options.trainSplit(), trainFolder, List.copyOf(trainFiles)),
                new SplitListing(options.testSplit(), testFolder, files(testFolder, classNames)));
    }

    /** The one class of an unlabelled folder. */
    static final List<String> UNLABELLED = List.of("unlabelled");

    /** Lists an unlabelled picture folder; see {@link #readUnlabelled}. */
    static Listing listUnlabelled(Path root, Options options, int testPercent) {
        Objects.requireNonNull(root, "root");
        if (testPercent < 1 || testPercent > 50) {
            throw new IllegalArgumentException("test percent must be in [1, 50], got " + testPercent);
        }
        Path absolute = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new DatasetException("picture folder " + absolute + " does not exist or is not a folder");
        }
        List<ListedFile> train = new ArrayList<>();
        List<ListedFile> test = new ArrayList<>();
        List<Path> files;
        try {
            files = PictureFiles.list(absolute);
        } catch (IOException e) {
            throw new DatasetException("cannot list picture folder " + absolute + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (IOException e) {
                throw new DatasetException("cannot read the attributes of " + file + ": " + e, e);
            }
            ListedFile listed = new ListedFile(file, 0, attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(absolute.relativize(file).toString().replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8));
            (crc.getValue() % 100 < testPercent ? test : train).add(listed);
        }
        if (train.size() < 2 || test.size() < 2) {
            throw new DatasetException(String.format(Locale.ROOT, "picture folder %s has %,d picture files (" + PictureFiles.EXTENSION_LIST
                    + "; %,d for training, %,d for testing); it needs at least 2 in each split",
                    absolute, files.size(), train.size(), test.size()));
        }
        if (options.trainLimit() > 0 && options.trainLimit() < train.size()) {
            List<ListedFile> limited = new ArrayList<>(options.trainLimit());
            for (int i = 0; i < options.trainLimit(); i++) {
                limited.add(train.get((int) ((long) i * train.size() / options.trainLimit())));
            }
            train = limited;
        }
        return new Listing(absolute, UNLABELLED, new SplitListing("unlabelled-train", absolute, List.copyOf(train)),
                new SplitListing("unlabelled-test", absolute, List.copyOf(test)));
    }

    private static Path splitFolder(Path root, String split, String which) {
        Path folder = root.resolve(split);
        if (!Files.isDirectory(folder)) {
            throw new DatasetException("image folder " + root + " has no " + which + " split folder '" + split
                    + "' (it has " + classFolders(root) + "); expected " + LAYOUT
                    + "; set siamese.data.image-folder." + which + "-split to the folder's name");
        }
        return folder;
    }

    private static List<String> classFolders(Path folder) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (!PictureFiles.isHidden(entry) && Files.isDirectory(entry)) {
                    names.add(entry.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new DatasetException("cannot list folder " + folder + ": " + e, e);
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    private static List<ListedFile> files(Path splitFolder, List<String> classNames) {
        List<ListedFile> all = new ArrayList<>();
        for (int label = 0; label < classNames.size(); label++) {
            Path classFolder = splitFolder.resolve(classNames.get(label));
            List<ListedFile> pictures = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(classFolder, PictureFiles::isPicture)) {
                for (Path entry : entries) {
                    BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        pictures.add(new ListedFile(entry, label, attributes.size(),
                                attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
                    }
                }
            } catch (IOException e) {
                throw new DatasetException("cannot list class folder " + classFolder + ": " + e, e);
            }
            if (pictures.isEmpty()) {
                throw new DatasetException("class folder " + classFolder + " has no pictures (files ending in "
                        + PictureFiles.EXTENSION_LIST + "); add some or remove the folder");
            }
            pictures.sort(Comparator.comparing(p -> p.path().getFileName().toString()));
            all.addAll(pictures);
        }
        return List.copyOf(all);
    }

    /** Decodes one split on {@code pool}; the result is in listing order whatever order the decoders finish in. */
    static Decoded decode(SplitListing split, ImageShape shape, boolean failOnUnreadable, DecodePool pool,
                          Counter counter) {
        List<ListedFile> files = split.files();
        int count = files.size();
        int length = shape.length();
        if ((long) count * length > Integer.MAX_VALUE - 8) {
            throw new DatasetException(String.format(Locale.ROOT, "split folder %s has %,d pictures of %s, more than"
                    + " one array holds; choose a smaller shape or set siamese.data.train-limit", split.folder(), count,
                    shape));
        }
        byte[] pixels = new byte[count * length];
        String[] reasons = new String[count];
        int chunk = Math.max(1, Math.min(MAX_CHUNK, count / (pool.threads() * 8)));
        DecodePool.Chunks chunks = pool.submit(count, chunk, i -> {
            ListedFile file = files.get(i);
            reasons[i] = PictureDecoder.decodeInto(file.path(), file.size(), shape, pixels, i * length);
        });
        try {
            for (int f = 0; f < chunks.size(); f++) {
                chunks.await(f);
                if (failOnUnreadable) {
                    for (int i = chunks.from(f); i < chunks.to(f); i++) {
                        if (reasons[i] != null) {
                            chunks.cancel();
                            throw unreadable(List.of(new SkippedFile(files.get(i).path(), reasons[i])));
                        }
                    }
                }
                counter.advance(chunks.to(f) - chunks.from(f));
            }
        } catch (InterruptedException e) {
            chunks.cancel();
            Thread.currentThread().interrupt();
            throw new DatasetException("interrupted while decoding the pictures of " + split.folder(), e);
        } catch (ExecutionException | CancellationException e) {
            chunks.cancel();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof Error error) {
                throw error;
            }
            throw new DatasetException("decoding the pictures of " + split.folder() + " failed: " + cause, cause);
        }
        List<SkippedFile> skipped = new ArrayList<>();
        int kept = 0;
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            if (reasons[i] != null) {
                skipped.add(new SkippedFile(files.get(i).path(), reasons[i]));
                continue;
            }
            if (kept != i) {
                System.arraycopy(pixels, i * length, pixels, kept * length, length);
            }
            labels[kept++] = files.get(i).label();
        }
        byte[] compact = kept == count ? pixels : java.util.Arrays.copyOf(pixels, kept * length);
        return new Decoded(shape, compact, java.util.Arrays.copyOf(labels, kept), List.copyOf(skipped));
    }

    private static InMemoryDataset toDataset(SplitListing split, Decoded decoded, List<String> classNames) {
        if (decoded.labels().length == 0) {
            throw new DatasetException("no picture of split folder " + split.folder() + " could be read; the first"
                    + " problem: " + decoded.skipped().get(0));
        }
        byte[] bytes = decoded.pixels();
        float[] pixels = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            pixels[i] = BYTE_TO_UNIT[bytes[i] & 0xff];
        }
        return InMemoryDataset.adopt((classNames.equals(UNLABELLED) ? "picture-folder " : "image-folder ") + split.split() + " (" + split.folder() + ", " + decoded.shape()
                + ")", decoded.shape(), pixels, decoded.labels(), classNames);
    }

    private static DatasetException unreadable(List<SkippedFile> skipped) {
        return new DatasetException("cannot use picture " + skipped.get(0).path() + ": " + skipped.get(0).reason()
                + (skipped.size() > 1 ? " (and " + (skipped.size() - 1) + " more unusable files)" : "")
                + "; remove or replace it, or set siamese.data.image-folder.fail-on-unreadable = false to skip"
                + " unusable files");
    }

    /** Adds up progress over both splits and reports it on the loading thread. */
    static final class Counter {
        private final LoadProgress progress;
        private final int total;
        private int done;

        Counter(LoadProgress progress, int total) {
            this.progress = progress;
            this.total = total;
        }

        void advance(int count) {
            done += count;
            progress.update(done, total);
        }
    }
}
