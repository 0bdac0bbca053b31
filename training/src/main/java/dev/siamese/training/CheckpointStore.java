package dev.siamese.training;

import dev.siamese.api.internal.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Checkpoints of one run in a folder, one file each ({@code ckpt-00000500.bin}), written atomically (temporary file,
 * then rename) with a CRC-32 trailer, keeping the newest {@code keep}. {@link #latest()} returns the newest file that
 * reads back whole; a torn or corrupt file is never trusted.
 */
public final class CheckpointStore {
    private static final int MAGIC = 0x53434B50; // "SCKP"
    private static final int VERSION = 1;
    private static final int MAX_VARIABLES = 100_000;

    private final Path directory;
    private final int keep;

    public CheckpointStore(Path directory, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one checkpoint, got " + keep);
        }
        this.directory = directory;
        this.keep = keep;
    }

    public Path directory() {
        return directory;
    }

    /** Writes {@code checkpoint} atomically and removes all but the newest {@code keep}; returns its file. */
    public Path write(Checkpoint checkpoint) {
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve(String.format("ckpt-%08d.bin", checkpoint.iteration()));
            AtomicFiles.write(target, tmp -> {
                try (OutputStream file = Files.newOutputStream(tmp);
                     CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(file, 1 << 16), new CRC32());
                     DataOutputStream out = new DataOutputStream(checked)) {
                    out.writeInt(MAGIC);
                    out.writeInt(VERSION);
                    out.writeInt(checkpoint.iteration());
                    writeFloats(out, checkpoint.lossHistory());
                    out.writeInt(checkpoint.weights().size());
                    for (Map.Entry<String, float[]> e : checkpoint.weights().entrySet()) {
                        out.writeUTF(e.getKey());
                        writeFloats(out, e.getValue());
                    }
                    out.flush();
                    out.writeLong(checked.getChecksum().getValue());
                }
            });
            prune();
            return target;
        } catch (IOException e) {
            throw new TrainingException("cannot write a checkpoint of iteration " + checkpoint.iteration() + " into " + directory
                    + ": " + e.getMessage(), e);
        }
    }

    /** The newest checkpoint that reads back whole, if any. */
    public Optional<Checkpoint> latest() {
        for (Path file : files()) {
            try {
                return Optional.of(read(file));
            } catch (IOException | RuntimeException e) {
                // torn or corrupt: fall back to the next older one
            }
        }
        return Optional.empty();
    }

    /** Checkpoint files, newest first. */
    public List<Path> files() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(directory)) {
            return s.filter(p -> p.getFileName().toString().matches("ckpt-\\d{8}\\.bin"))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
        } catch (IOException e) {
            throw new TrainingException("cannot list checkpoints in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Reads one checkpoint file, checking its structure and checksum. */
    public static Checkpoint read(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream raw = Files.newInputStream(file);
             CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), new CRC32());
             DataInputStream in = new DataInputStream(checked)) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + " is not a checkpoint of this version");
            }
            int iteration = in.readInt();
            float[] losses = readFloats(in, size, file);
            int count = in.readInt();
            if (count < 0 || count > MAX_VARIABLES) {
                throw new IOException(file + " declares " + count + " variables");
            }
            Map<String, float[]> weights = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                weights.put(in.readUTF(), readFloats(in, size, file));
            }
            long expected = checked.getChecksum().getValue();
            long stored = in.readLong();
            if (stored != expected) {
                throw new IOException(file + " fails its checksum (torn write?)");
            }
            if (in.read() != -1) {
                throw new IOException(file + " has trailing bytes");
            }
            return new Checkpoint(iteration, losses, weights);
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }

    private void prune() throws IOException {
        List<Path> all = files();
        for (int i = keep; i < all.size(); i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    /** Deletes every checkpoint and the folder (when a run has completed and saved its model). */
    public void deleteAll() {
        try {
            for (Path p : files()) {
                Files.deleteIfExists(p);
            }
            if (Files.isDirectory(directory)) {
                try (Stream<Path> rest = Files.list(directory)) {
                    List<Path> leftovers = new ArrayList<>(rest.toList());
                    for (Path p : leftovers) {
                        if (p.getFileName().toString().startsWith(".ckpt-")) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
                try (Stream<Path> rest = Files.list(directory)) {
                    if (rest.findAny().isEmpty()) {
                        Files.delete(directory);
                    }
                }
            }
        } catch (IOException e) {
            throw new TrainingException("cannot delete checkpoints in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        byte[] buffer = new byte[Math.min(values.length, 1 << 14) * 4];
        int pos = 0;
        for (float v : values) {
            int bits = Float.floatToRawIntBits(v);
            buffer[pos++] = (byte) (bits >>> 24);
            buffer[pos++] = (byte) (bits >>> 16);
            buffer[pos++] = (byte) (bits >>> 8);
            buffer[pos++] = (byte) bits;
            if (pos == buffer.length) {
                out.write(buffer, 0, pos);
                pos = 0;
            }
        }
        out.write(buffer, 0, pos);
    }

    private static float[] readFloats(DataInputStream in, long fileSize, Path file) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * 4 > fileSize) {
            throw new IOException(file + " declares " + n + " values in a file of " + fileSize + " bytes");
        }
        float[] values = new float[n];
        byte[] buffer = new byte[Math.min(n, 1 << 14) * 4];
        int done = 0;
        while (done < n) {
            int chunk = Math.min(n - done, buffer.length / 4);
            in.readFully(buffer, 0, chunk * 4);
            for (int i = 0; i < chunk; i++) {
                int b = i * 4;
                values[done + i] = Float.intBitsToFloat(((buffer[b] & 0xFF) << 24) | ((buffer[b + 1] & 0xFF) << 16)
                        | ((buffer[b + 2] & 0xFF) << 8) | (buffer[b + 3] & 0xFF));
            }
            done += chunk;
        }
        return values;
    }
}
