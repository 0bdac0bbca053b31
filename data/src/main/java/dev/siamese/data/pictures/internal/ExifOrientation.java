package dev.siamese.data.pictures.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;

import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The EXIF orientation a picture file declares (TIFF tag 274, values 1 to 8): how its stored pixels must be turned to
 * be seen upright, which cameras and phones record instead of turning the pixels. Read from a JPEG's APP1 Exif
 * segment, a TIFF file's first directory or a WebP file's EXIF chunk.
 *
 * <p>The reader trusts nothing it reads: it looks at no more than {@value #MAX_SEGMENTS} JPEG segments or WebP chunks
 * and {@value #MAX_ENTRIES} directory entries, checks every offset against the bounds of the segment that holds it,
 * and reads any file without the tag, or with a malformed one, as {@link #NORMAL}.
 */
final class ExifOrientation {
    /** Stored upright: nothing to turn. */
    static final int NORMAL = 1;
    static final int MAX_SEGMENTS = 64;
    static final int MAX_ENTRIES = 512;
    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;

    private ExifOrientation() {
    }

    /** Whether pictures of {@code orientation} (5 to 8) are stored with width and height swapped. */
    static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /** The orientation {@code content} declares. */
    static int of(byte[] content) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(content))) {
            return of(in);
        } catch (IOException e) {
            return NORMAL;
        }
    }

    /** The orientation the file in {@code in} declares; {@code in} is left where it was, in the byte order it had. */
    static int of(ImageInputStream in) {
        ByteOrder order = in.getByteOrder();
        in.mark();
        try {
            in.setByteOrder(ByteOrder.BIG_ENDIAN);
            int b0 = in.read();
            int b1 = in.read();
            if (b0 == 0xFF && b1 == 0xD8) {
                return fromJpeg(in);
            }
            if ((b0 == 'I' && b1 == 'I') || (b0 == 'M' && b1 == 'M')) {
                long length = in.length();
                return fromTiff(in, 0, length < 0 ? Long.MAX_VALUE : length);
            }
            if (b0 == 'R' && b1 == 'I') {
                return fromWebp(in);
            }
            return NORMAL;
        } catch (IOException | RuntimeException e) {
            return NORMAL;
        } finally {
            try {
                in.reset();
            } catch (IOException ignored) {
                // a stream that cannot go back fails at the reader's first read, with its own message
            }
            in.setByteOrder(order);
        }
    }

    private static int fromJpeg(ImageInputStream in) throws IOException {
        for (int segment = 0; segment < MAX_SEGMENTS; segment++) {
            if (in.read() != 0xFF) {
                return NORMAL;
            }
            int marker = in.read();
            while (marker == 0xFF) { // fill bytes
                marker = in.read();
            }
            if (marker < 0 || marker == 0xDA || marker == 0xD9) { // start of scan or end of image: no Exif before
                return NORMAL;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { // markers without a length
                continue;
            }
            int length = in.readUnsignedShort();
            if (length < 2) {
                return NORMAL;
            }
            long start = in.getStreamPosition();
            long end = start + length - 2;
            if (marker == 0xE1 && length >= 2 + 6 + 8 && readsExifHeader(in)) {
                return fromTiff(in, start + 6, end);
            }
            in.seek(end);
        }
        return NORMAL;
    }

    private static boolean readsExifHeader(ImageInputStream in) throws IOException {
        byte[] header = new byte[6];
        in.readFully(header);
        return header[0] == 'E' && header[1] == 'x' && header[2] == 'i' && header[3] == 'f' && header[4] == 0
                && header[5] == 0;
    }

    private static int fromWebp(ImageInputStream in) throws IOException {
        byte[] riff = new byte[10];
        in.readFully(riff); // "FF" of RIFF, the file size, "WEBP"
        if (riff[0] != 'F' || riff[1] != 'F' || riff[6] != 'W' || riff[7] != 'E' || riff[8] != 'B' || riff[9] != 'P') {
            return NORMAL;
        }
        in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
        byte[] fourcc = new byte[4];
        for (int chunk = 0; chunk < MAX_SEGMENTS; chunk++) {
            in.readFully(fourcc);
            long size = in.readUnsignedInt();
            long start = in.getStreamPosition();
            long end = start + size;
            if (fourcc[0] == 'E' && fourcc[1] == 'X' && fourcc[2] == 'I' && fourcc[3] == 'F') {
                // the chunk holds TIFF data, by some writers behind the JPEG segment's "Exif\0\0"
                boolean prefixed = size >= 6 + 8 && readsExifHeader(in);
                return fromTiff(in, prefixed ? start + 6 : start, end);
            }
            in.seek(end + (size & 1));
        }
        return NORMAL;
    }

    /** The orientation tag of the first directory of the TIFF data at {@code base}, which ends at {@code limit}. */
    private static int fromTiff(ImageInputStream in, long base, long limit) throws IOException {
        in.seek(base);
        int b0 = in.read();
        int b1 = in.read();
        if (b0 == 'I' && b1 == 'I') {
            in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
        } else if (b0 == 'M' && b1 == 'M') {
            in.setByteOrder(ByteOrder.BIG_ENDIAN);
        } else {
            return NORMAL;
        }
        if (in.readUnsignedShort() != 42) {
            return NORMAL;
        }
        long directory = base + in.readUnsignedInt();
        if (directory < base + 8 || directory + 2 > limit) {
            return NORMAL;
        }
        in.seek(directory);
        long entries = Math.min(in.readUnsignedShort(), Math.min(MAX_ENTRIES, (limit - directory - 2) / 12));
        for (int e = 0; e < entries; e++) {
            int tag = in.readUnsignedShort();
            int type = in.readUnsignedShort();
            long count = in.readUnsignedInt();
            long value = type == TYPE_SHORT ? in.readUnsignedShort() : in.readUnsignedInt();
            if (type == TYPE_SHORT) {
                in.skipBytes(2);
            }
            if (tag == ORIENTATION_TAG) {
                boolean valid = (type == TYPE_SHORT || type == TYPE_LONG) && count == 1 && value >= 1 && value <= 8;
                return valid ? (int) value : NORMAL;
            }
        }
        return NORMAL;
    }

    /**
     * Turns {@code stored}, pixels of {@code width x height} with {@code channels} interleaved values each, upright
     * into {@code out[offset ..]} (height x width when {@link #swapsSides} holds, else width x height).
     */
    static void turn(int orientation, byte[] stored, int width, int height, int channels, byte[] out, int offset) {
        boolean swaps = swapsSides(orientation);
        int uprightWidth = swaps ? height : width;
        int uprightHeight = swaps ? width : height;
        for (int y = 0; y < uprightHeight; y++) {
            for (int x = 0; x < uprightWidth; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = width - 1 - x; sy = y; }
                    case 3 -> { sx = width - 1 - x; sy = height - 1 - y; }
                    case 4 -> { sx = x; sy = height - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = height - 1 - x; }
                    case 7 -> { sx = width - 1 - y; sy = height - 1 - x; }
                    case 8 -> { sx = width - 1 - y; sy = x; }
                    default -> { sx = x; sy = y; }
                }
                System.arraycopy(stored, (sy * width + sx) * channels, out, offset + (y * uprightWidth + x) * channels,
                        channels);
            }
        }
    }
}
