package dev.siamese.data.readers;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.internal.AtomicFiles;
import dev.siamese.data.LoadProgress;
import dev.siamese.data.pictures.FileNames;
import dev.siamese.data.pictures.Preprocessing;
import dev.siamese.data.pictures.SkippedFile;
import dev.siamese.data.pictures.internal.PictureDecoder;
import dev.siamese.data.readers.ImageFolderReader.Decoded;
import dev.siamese.data.readers.ImageFolderReader.ListedFile;
import dev.siamese.data.readers.ImageFolderReader.Listing;
import dev.siamese.data.readers.ImageFolderReader.SplitListing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Keeps the decoded pixels of image folders on disk, so that 60,000 JPEGs are decoded once and not on every run.
 *
 * <p>Each split is one file in the cache folder holding its 8-bit pixels, labels, class names and the list of
 * skipped files, behind a header and followed by a CRC-32C checksum. The file is found by a SHA-256 key of
 * the format version, the decoding method, the absolute source folder, the split, the target shape, the class
 * names and every listed picture's relative path, size and modification time; so adding, removing, replacing
 * or touching a picture, or asking for another shape, misses the cache and decodes again. A file is written to
 * a temporary name and renamed into place, so a crash never leaves half a file under the real name; a file that
 * is nevertheless corrupt or truncated fails its size or checksum test and is rebuilt, never trusted. When a
 * split's file is rewritten, older files for the same folder, split and shape are deleted.
 *
 * <p>The {@link Preprocessing} switches are not part of the key: they are applied after loading, so one cache
 * file serves every combination of them.
 */
public final class DecodedDatasetCache {
    /** Bumped whenever the file layout or the decoding changes, so that old files are never read. */
    public static final int FORMAT_VERSION = 1;
    /** The file name suffix of cache files. */
    public static final String SUFFIX = ".decoded";

    private static final byte[] MAGIC = "SIAMDEC\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_REASON_CHARS = 2_000;

    private final Path directory;

    /** A cache in {@code directory}, created when first written. */
    public DecodedDatasetCache(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    }

    /** {@code ~/.cache/siamese}, the default cache folder. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".cache", "siamese");
    }

    /** The folder the cache files are in. */
    public Path directory() {
        return directory;
    }

    /** Loads the image folder at {@code root}, taking each split from this cache when it is valid. */
    public ImageFolderResult load(Path root, ImageFolderReader.Options options) {
        return load(root, options, LoadProgress.none());
    }

    /** Loads the image folder at {@code root}, taking each split from this cache when it is valid. */
    public ImageFolderResult load(Path root, ImageFolderReader.Options options, LoadProgress progress) {
        return ImageFolderReader.load(root, options, progress, this);
    }

    /** Like {@link #load}, for an unlabelled picture folder: see {@link ImageFolderReader#readUnlabelled}. */
    public ImageFolderResult loadUnlabelled(Path root, ImageFolderReader.Options options, int testPercent,
                                            LoadProgress progress) {
        return ImageFolderReader.load(ImageFolderReader.listUnlabelled(root, options, testPercent), options, progress, this);
    }

    /** What looking a split up found: its cache file and key, and the pixels if the file was valid. */
    record Lookup(Path file, byte[] key, String prefix, Decoded decoded, String note, boolean wasInvalid) {
    }

    Lookup lookup(Listing listing, SplitListing split, ImageFolderReader.Options options) {
        ImageShape shape = options.shape();
        int limit = split == listing.train() ? options.trainLimit() : 0;
        String identity = hex(sha256(listing.root() + "\n" + split.split() + "\n" + shape + "\n" + limit)).substring(0, 12);
        String prefix = safe(listing.root().getFileName() == null ? "root" : listing.root().getFileName().toString())
                + "-" + safe(split.split()) + "-" + shape + "-" + identity + "-";
        byte[] key = key(listing, split, shape);
        Path file = directory.resolve(prefix + hex(key).substring(0, 16) + SUFFIX);
        if (!Files.exists(file)) {
            return new Lookup(file, key, prefix, null, null, false);
        }
        try {
            return new Lookup(file, key, prefix, read(file, key, shape, listing.classNames(), split.files().size()),
                    null, false);
        } catch (InvalidCacheFile | IOException e) {
            return new Lookup(file, key, prefix, null, "cache file " + file + " was unusable (" + e.getMessage()
                    + "); decoded the pictures again and replaced it", true);
        }
    }

    /** Writes {@code decoded} under the lookup's name; returns null, or why it could not. */
    String store(Lookup lookup, Listing listing, Decoded decoded) {
        try {
            Files.createDirectories(directory);
            AtomicFiles.write(lookup.file(), temporary -> write(temporary, lookup.key(), decoded, listing.classNames()));
            deleteOlder(lookup);
            return null;
        } catch (IOException | RuntimeException e) {
            return "could not write cache file " + lookup.file() + " (" + e + "); the pictures will be decoded again"
                    + " next time; set siamese.data.cache.dir to a writable folder or siamese.data.cache.enabled = false";
        }
    }

    private void deleteOlder(Lookup lookup) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, lookup.prefix() + "*" + SUFFIX)) {
            for (Path entry : entries) {
                if (!entry.equals(lookup.file())) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    private static void write(Path file, byte[] key, Decoded decoded, List<String> classNames) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            CRC32C checksum = new CRC32C();
            OutputStream raw = Channels.newOutputStream(channel);
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16),
                    checksum));
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.write(key);
            ImageShape shape = decoded.shape();
            out.writeInt(shape.height());
            out.writeInt(shape.width());
            out.writeInt(shape.channels());
            out.writeInt(classNames.size());
            for (String name : classNames) {
                out.writeUTF(name);
            }
            out.writeInt(decoded.skipped().size());
            for (SkippedFile skipped : decoded.skipped()) {
                out.writeUTF(FileNames.text(skipped.path()));
                String reason = skipped.reason();
                out.writeUTF(reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason);
            }
            int[] labels = decoded.labels();
            out.writeInt(labels.length);
            ByteBuffer labelBytes = ByteBuffer.allocate(labels.length * 4);
            labelBytes.asIntBuffer().put(labels);
            out.write(labelBytes.array());
            out.write(decoded.pixels());
            out.flush();
            out.writeLong(checksum.getValue());
            out.flush();
            channel.force(true);
        }
    }

    private static Decoded read(Path file, byte[] key, ImageShape shape, List<String> classNames, int listedFiles)
            throws IOException, InvalidCacheFile {
        long fileSize = Files.size(file);
        CRC32C checksum = new CRC32C();
        try (CountingInputStream counter = new CountingInputStream(new CheckedInputStream(
                new BufferedInputStream(Files.newInputStream(file), 1 << 16), checksum))) {
            DataInputStream in = new DataInputStream(counter);
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new InvalidCacheFile("not a decoded-data cache file");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new InvalidCacheFile("format version " + version + ", expected " + FORMAT_VERSION);
            }
            byte[] storedKey = new byte[key.length];
            in.readFully(storedKey);
            if (!Arrays.equals(storedKey, key)) {
                throw new InvalidCacheFile("it belongs to other source files or settings");
            }
            ImageShape stored = new ImageShape(in.readInt(), in.readInt(), in.readInt());
            if (!stored.equals(shape)) {
                throw new InvalidCacheFile("it holds " + stored + " pictures, expected " + shape);
            }
            int classCount = in.readInt();
            if (classCount != classNames.size()) {
                throw new InvalidCacheFile(classCount + " classes, expected " + classNames.size());
            }
            for (String name : classNames) {
                if (!in.readUTF().equals(name)) {
                    throw new InvalidCacheFile("other class names");
                }
            }
            int skippedCount = in.readInt();
            if (skippedCount < 0 || skippedCount > listedFiles) {
                throw new InvalidCacheFile(skippedCount + " skipped files of " + listedFiles);
            }
            List<SkippedFile> skipped = new ArrayList<>(skippedCount);
            for (int i = 0; i < skippedCount; i++) {
                String name = in.readUTF();
                try {
                    skipped.add(new SkippedFile(FileNames.path(name), in.readUTF()));
                } catch (java.nio.file.InvalidPathException e) {
                    throw new InvalidCacheFile("skipped file " + FileNames.display(name) + " is not a path here");
                }
            }
            int count = in.readInt();
            if (count != listedFiles - skippedCount) {
                throw new InvalidCacheFile(count + " pictures and " + skippedCount + " skipped files, expected "
                        + listedFiles + " in all");
            }
            long expectedSize = counter.count() + 4L * count + (long) count * shape.length() + Long.BYTES;
            if (fileSize != expectedSize) {
                throw new InvalidCacheFile(String.format(Locale.ROOT, "%,d bytes, expected %,d; truncated?", fileSize,
                        expectedSize));
            }
            byte[] labelBytes = new byte[count * 4];
            in.readFully(labelBytes);
            int[] labels = new int[count];
            ByteBuffer.wrap(labelBytes).asIntBuffer().get(labels);
            for (int label : labels) {
                if (label < 0 || label >= classCount) {
                    throw new InvalidCacheFile("label " + label + " outside the " + classCount + " classes");
                }
            }
            byte[] pixels = new byte[count * shape.length()];
            in.readFully(pixels);
            long computed = checksum.getValue();
            long storedChecksum = in.readLong();
            if (computed != storedChecksum) {
                throw new InvalidCacheFile("checksum mismatch");
            }
            return new Decoded(shape, pixels, labels, List.copyOf(skipped));
        } catch (EOFException e) {
            throw new InvalidCacheFile("truncated");
        }
    }

    private static byte[] key(Listing listing, SplitListing split, ImageShape shape) {
        MessageDigest digest = sha256();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("siamese decoded-dataset cache");
            out.writeInt(FORMAT_VERSION);
            out.writeUTF(PictureDecoder.METHOD);
            out.writeInt(PictureDecoder.MAX_SIDE);
            out.writeLong(PictureDecoder.MAX_PIXELS);
            out.writeUTF(listing.root().toString());
            out.writeUTF(split.split());
            out.writeInt(shape.height());
            out.writeInt(shape.width());
            out.writeInt(shape.channels());
            out.writeInt(listing.classNames().size());
            for (String name : listing.classNames()) {
                out.writeUTF(name);
            }
            out.writeInt(split.files().size());
            for (ListedFile file : split.files()) {
                out.writeUTF(listing.root().relativize(file.path()).toString());
                out.writeInt(file.label());
                out.writeLong(file.size());
                out.writeLong(file.modifiedNanos());
                if (bytes.size() > 1 << 15) {
                    out.flush();
                    digest.update(bytes.toByteArray());
                    bytes.reset();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: writing to memory", e);
        }
        digest.update(bytes.toByteArray());
        return digest.digest();
    }

    private static byte[] sha256(String text) {
        return sha256().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String safe(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) : cleaned;
    }

    /** A cache file that must not be trusted; the message says why. */
    private static final class InvalidCacheFile extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidCacheFile(String message) {
            super(message);
        }
    }

    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
