package dev.siamese.data.pictures.internal;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.internal.Resampling;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one picture file with {@code javax.imageio} into 8-bit values of a target shape.
 *
 * <p>The picture is resampled separably: along an axis that shrinks, by area averaging (every source pixel
 * contributes in proportion to how much of the output pixel it covers); along an axis that grows, bilinearly
 * with pixel centres aligned; an axis of equal size is copied. Then RGB becomes grey by luminance
 * (0.299 R + 0.587 G + 0.114 B), or grey becomes RGB by replication, and the result is rounded once to 8 bits.
 * Alpha is ignored. The source is streamed row by row, so only the decoded picture and one row are held.
 *
 * <p>A JPEG whose 1/8 scale still covers the target (a photograph for a 64x64 input) is decoded at that scale in the
 * DCT domain instead ({@link JpegEighthDecoder}: each 8x8 block's mean, the file read whole, up to 64 MB), then
 * resampled the same way: the area average of block means is the area average of the pixels wherever the output
 * pixels' edges fall on block edges, and differs little elsewhere. Small pictures, and JPEGs that decoder does not
 * read (arithmetic-coded, CMYK...), are decoded in full. {@code -Dsiamese.decode.exact=true} decodes everything in full.
 *
 * <p>A picture larger than {@value #SUBSAMPLE_MARGIN} times the target on a side is read subsampled by the image
 * reader ({@link ImageReadParam#setSourceSubsampling}: every k-th pixel of every k-th row, with k the largest whole
 * step that leaves at least {@value #SUBSAMPLE_MARGIN} times the target's side), so the decoded raster stays under
 * {@code 2 x }{@value #SUBSAMPLE_MARGIN} times the target per side: an 8000x4000 picture fitted to 64x64 is
 * decoded as 258x134, not 32 million pixels. Each output pixel is then the area average of at least
 * {@value #SUBSAMPLE_MARGIN} x {@value #SUBSAMPLE_MARGIN} of the kept pixels instead of all the pixels it covers:
 * the same on smooth content, a small error of point sampling on fine detail (texture finer than the step can
 * alias). Pictures at most {@code 2 x }{@value #SUBSAMPLE_MARGIN} times the target per side (step 1) are decoded
 * exactly as before.
 *
 * <p>Before a raster is decoded, its bytes (decoded width x height x bytes per pixel) are reserved from
 * {@link DecodeMemory#SHARED}, a budget all decoding threads share, and returned after: big pictures take turns
 * instead of exhausting the heap together. A picture whose raster alone exceeds the budget is refused with the
 * reason (and so skipped, named, by the folder readers), as is one whose decoding still runs out of memory.
 *
 * <p>Every path applies the EXIF orientation the file declares ({@link ExifOrientation}: JPEG, TIFF, WebP), so a phone
 * picture taken upright is read upright: the stored picture is fitted to the target with width and height swapped
 * where the orientation turns it a quarter, then the small result is turned, which equals turning first (the
 * resampling treats both directions of an axis alike). Besides the runtime's PNG, JPEG, BMP and GIF readers, the
 * TwelveMonkeys plugins on the module path read CMYK and YCCK JPEG, WebP and TIFF.
 */
public final class PictureDecoder {
    /** Pictures declaring more pixels than this per side are refused before they are decoded. */
    public static final int MAX_SIDE = 20_000;
    /** Pictures declaring more pixels than this in all are refused before they are decoded (about 400 MB as ARGB). */
    public static final long MAX_PIXELS = 100_000_000L;
    /** How the picture is fitted to the target; part of the decoded-data cache key. */
    public static final String METHOD = "area-average-down/bilinear-up/luma-601/round-8bit/exif-orientation"
            + (Boolean.getBoolean("siamese.decode.exact") ? ""
                    : "/jpeg-dct-eighth-when-it-covers/subsampled-to-4x-target");
    /** A picture is read subsampled only where at least this many times the target's side remain. */
    static final int SUBSAMPLE_MARGIN = 4;
    /**
     * Whether a JPEG whose 1/8 scale still covers the target is decoded at that scale in the DCT domain
     * ({@link JpegEighthDecoder}); {@code -Dsiamese.decode.exact=true} turns it off (every picture decoded in full).
     */
    static final boolean EIGHTH_SCALE_JPEG = !Boolean.getBoolean("siamese.decode.exact");
    /** JPEG files up to this size are read whole for the 1/8-scale decoder; larger ones are streamed in full. */
    static final long EIGHTH_SCALE_MAX_BYTES = 64L << 20;

    /** The formats read, for messages. */
    static final String FORMATS = "PNG, JPEG, BMP, GIF, WebP, TIFF";
    private static final List<ImageReaderSpi> SPIS = readerProviders();
    /** At most this many readers that claim a picture's format try to decode it. */
    private static final int MAX_READERS_TRIED = 3;
    private static final ThreadLocal<Map<ImageReaderSpi, ImageReader>> READERS = ThreadLocal.withInitial(HashMap::new);

    private PictureDecoder() {
    }

    /**
     * Decodes {@code file} into {@code out[offset .. offset + target.length())}.
     *
     * @return null when decoded, else why the file cannot be used
     */
    public static String decodeInto(Path file, long size, ImageShape target, byte[] out, int offset) {
        return decodeInto(file, size, target, out, offset, DecodeMemory.SHARED);
    }

    /** As {@link #decodeInto(Path, long, ImageShape, byte[], int)}, reserving raster bytes from {@code memory}. */
    static String decodeInto(Path file, long size, ImageShape target, byte[] out, int offset, DecodeMemory memory) {
        if (size == 0) {
            return "empty file (0 bytes)";
        }
        if (EIGHTH_SCALE_JPEG && size <= EIGHTH_SCALE_MAX_BYTES && isJpegName(file)) {
            byte[] content;
            try {
                content = java.nio.file.Files.readAllBytes(file);
            } catch (IOException | RuntimeException e) {
                return "cannot be read: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            return decodeInto(content, target, out, offset, memory);
        }
        return decodeInto(() -> PathImageInputStream.open(file), target, out, offset, memory);
    }

    /**
     * Decodes a picture file's {@code content} (read from anywhere: another file system, an archive) into
     * {@code out[offset .. offset + target.length())}, exactly as {@link #decodeInto(Path, long, ImageShape, byte[], int)}
     * decodes the same bytes from a file.
     *
     * @return null when decoded, else why the content cannot be used
     */
    public static String decodeInto(byte[] content, ImageShape target, byte[] out, int offset) {
        return decodeInto(content, target, out, offset, DecodeMemory.SHARED);
    }

    private static String decodeInto(byte[] content, ImageShape target, byte[] out, int offset, DecodeMemory memory) {
        if (content.length == 0) {
            return "empty file (0 bytes)";
        }
        if (EIGHTH_SCALE_JPEG) {
            int orientation = ExifOrientation.of(content);
            ImageShape stored = stored(target, orientation);
            BufferedImage eighth = JpegEighthDecoder.decode(content, stored.width(), stored.height());
            if (eighth != null) {
                fit(eighth, orientation, target, out, offset);
                return null;
            }
        }
        return decodeInto(() -> ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(content)), target, out,
                offset, memory);
    }

    /** Opens the picture's bytes anew for each reader tried; null when they cannot be opened. */
    @FunctionalInterface
    private interface Source {
        ImageInputStream open() throws IOException;
    }

    /**
     * Decodes with the first reader that claims the format (the runtime's own readers come first); when that reader
     * fails, the next one that claims it (a plugin's) tries, on the bytes opened anew. When all fail, the first
     * failure is the reason given.
     */
    private static String decodeInto(Source source, ImageShape target, byte[] out, int offset, DecodeMemory memory) {
        Exception first = null;
        for (int attempt = 0; attempt < MAX_READERS_TRIED; attempt++) {
            try (ImageInputStream in = source.open()) {
                if (in == null) {
                    return "cannot be opened for reading";
                }
                List<ImageReaderSpi> claiming = readersFor(in);
                if (claiming.isEmpty()) {
                    return "not a picture in a format this Java runtime decodes (" + FORMATS + "); corrupt or misnamed?";
                }
                if (attempt >= claiming.size()) {
                    break;
                }
                return decodeInto(in, reader(claiming.get(attempt)), target, out, offset, memory);
            } catch (IOException | RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        return cannotDecode(first);
    }

    private static String cannotDecode(Exception e) {
        if (e instanceof java.io.EOFException) {
            return "truncated: the file ends before the picture does";
        }
        String message = e.getMessage();
        return "cannot be decoded: " + e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String decodeInto(ImageInputStream in, ImageReader reader, ImageShape target, byte[] out, int offset,
                                     DecodeMemory memory) throws IOException {
        int orientation = ExifOrientation.of(in);
        ImageShape stored = stored(target, orientation);
        try {
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE
                    || (long) width * height > MAX_PIXELS) {
                return String.format(Locale.ROOT, "declares %,d x %,d px; pictures over %,d px per side or %,d px"
                        + " in all are refused (corrupt header, or scale it down first)", width, height, MAX_SIDE,
                        MAX_PIXELS);
            }
            int stepX = subsampling(width, stored.width());
            int stepY = subsampling(height, stored.height());
            int readWidth = (width + stepX - 1) / stepX;
            int readHeight = (height + stepY - 1) / stepY;
            long need = (long) readWidth * readHeight * bytesPerPixel(reader);
            String scale = stepX == 1 && stepY == 1 ? "" : String.format(Locale.ROOT, " read as %,d x %,d", readWidth,
                    readHeight);
            if (!memory.fits(need)) {
                return String.format(Locale.ROOT, "needs %s to decode (%,d x %,d px%s), more than the %s all decoding"
                        + " threads may hold (a quarter of the heap): give Java more memory (-Xmx) or scale the picture"
                        + " down", DecodeMemory.megabytes(need), width, height, scale, DecodeMemory.megabytes(memory.bytes()));
            }
            try {
                memory.acquire(need);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "not decoded: interrupted while waiting for decoding memory";
            }
            try {
                BufferedImage image;
                try {
                    image = stepX == 1 && stepY == 1 ? reader.read(0) : reader.read(0, subsampled(reader, stepX, stepY));
                } catch (OutOfMemoryError e) {
                    // only this picture's raster is dropped; the run goes on with the others
                    return String.format(Locale.ROOT, "ran out of memory decoding %,d x %,d px%s (%s): give Java more"
                            + " memory (-Xmx) or scale the picture down", width, height, scale,
                            DecodeMemory.megabytes(need));
                }
                for (String warning : warnings) {
                    if (warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                        return "truncated (" + warning.trim() + ")";
                    }
                }
                fit(image, orientation, target, out, offset);
                return null;
            } finally {
                memory.release(need);
            }
        } finally {
            // reset, not dispose: the reader is kept for this thread's next picture of the same format
            reader.reset();
        }
    }

    /** The subsampling step along a side of {@code source} pixels fitted to {@code target}: 1 unless it is large. */
    static int subsampling(int source, int target) {
        return EIGHTH_SCALE_JPEG ? Math.max(1, source / (SUBSAMPLE_MARGIN * target)) : 1;
    }

    private static ImageReadParam subsampled(ImageReader reader, int stepX, int stepY) {
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(stepX, stepY, 0, 0);
        return param;
    }

    /** Bytes per pixel of the raster {@code reader} decodes into (8, the widest, when it does not say). */
    private static int bytesPerPixel(ImageReader reader) {
        try {
            java.util.Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            ImageTypeSpecifier type = types.hasNext() ? types.next() : reader.getRawImageType(0);
            if (type == null) {
                return 8;
            }
            SampleModel model = type.getSampleModel(1, 1);
            int bytes = model.getNumDataElements() * DataBuffer.getDataTypeSize(model.getDataType()) / 8;
            return Math.max(1, Math.min(bytes, 8 * 4));
        } catch (IOException | RuntimeException e) {
            return 8;
        }
    }

    private static boolean isJpegName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg");
    }

    /**
     * Width and height from {@code file}'s header as it is seen upright (swapped where its EXIF orientation turns it a
     * quarter), or null when it is not a readable picture.
     */
    public static int[] dimensions(Path file) {
        try (ImageInputStream in = PathImageInputStream.open(file)) {
            if (in == null) {
                return null;
            }
            List<ImageReaderSpi> claiming = readersFor(in);
            if (claiming.isEmpty()) {
                return null;
            }
            ImageReader reader = reader(claiming.get(0));
            int orientation = ExifOrientation.of(in);
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                return ExifOrientation.swapsSides(orientation) ? new int[] {height, width} : new int[] {width, height};
            } finally {
                reader.reset();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The reader {@code spi} makes, reused within this thread: creating an ImageIO reader costs about as
     * much as decoding a 32x32 JPEG, and CIFAR-sized folders hold tens of thousands of them.
     */
    private static ImageReader reader(ImageReaderSpi spi) throws IOException {
        Map<ImageReaderSpi, ImageReader> readers = READERS.get();
        ImageReader reader = readers.get(spi);
        if (reader == null) {
            reader = spi.createReaderInstance();
            readers.put(spi, reader);
        }
        return reader;
    }

    /** The readers that claim the format of {@code in}, in the order they are tried. */
    private static List<ImageReaderSpi> readersFor(ImageInputStream in) throws IOException {
        List<ImageReaderSpi> claiming = new ArrayList<>(2);
        for (ImageReaderSpi spi : SPIS) {
            if (spi.canDecodeInput(in)) {
                claiming.add(spi);
            }
        }
        return claiming;
    }

    /** The shape to fit a stored picture of {@code orientation} to, so that turned upright it has {@code target}'s. */
    private static ImageShape stored(ImageShape target, int orientation) {
        return ExifOrientation.swapsSides(orientation)
                ? new ImageShape(target.width(), target.height(), target.channels()) : target;
    }

    /** Resamples {@code image}, stored in {@code orientation}, to {@code target} upright, as rounded 8-bit values. */
    static void fit(BufferedImage image, int orientation, ImageShape target, byte[] out, int offset) {
        if (orientation == ExifOrientation.NORMAL) {
            fit(image, target, out, offset);
            return;
        }
        ImageShape stored = stored(target, orientation);
        byte[] fitted = new byte[stored.length()];
        fit(image, stored, fitted, 0);
        ExifOrientation.turn(orientation, fitted, stored.width(), stored.height(), stored.channels(), out, offset);
    }

    /**
     * Resamples {@code image} to {@code target} ({@link Resampling#fitAxis} along each side) and stores it as rounded
     * 8-bit values.
     */
    public static void fit(BufferedImage image, ImageShape target, byte[] out, int offset) {
        int width = image.getWidth();
        boolean grey = isGrey(image.getColorModel());
        int channels = grey ? 1 : 3;
        float[] acc = new float[target.height() * target.width() * channels];
        Resampling.RowReader reader;
        float greyScale = 1f;
        if (grey) {
            Raster raster = image.getRaster();
            int[] samples = new int[width];
            greyScale = 255f / ((1 << image.getColorModel().getComponentSize(0)) - 1);
            reader = (y, row) -> {
                raster.getSamples(0, y, width, 1, 0, samples);
                for (int x = 0; x < width; x++) {
                    row[x] = samples[x];
                }
            };
        } else {
            int[] argb = new int[width];
            reader = (y, row) -> {
                image.getRGB(0, y, width, 1, argb, 0, width);
                for (int x = 0; x < width; x++) {
                    int p = argb[x];
                    row[x * 3] = (p >> 16) & 0xff;
                    row[x * 3 + 1] = (p >> 8) & 0xff;
                    row[x * 3 + 2] = p & 0xff;
                }
            };
        }
        Resampling.separable(reader, channels, greyScale, Resampling.fitAxis(width, target.width()),
                Resampling.fitAxis(image.getHeight(), target.height()), acc, 0);
        int pixels = target.height() * target.width();
        if (channels == target.channels()) {
            for (int i = 0; i < acc.length; i++) {
                out[offset + i] = toByte(acc[i]);
            }
        } else if (channels == 3) {
            for (int p = 0; p < pixels; p++) {
                out[offset + p] = toByte(luminance(acc[p * 3], acc[p * 3 + 1], acc[p * 3 + 2]));
            }
        } else {
            for (int p = 0; p < pixels; p++) {
                byte v = toByte(acc[p]);
                out[offset + p * 3] = v;
                out[offset + p * 3 + 1] = v;
                out[offset + p * 3 + 2] = v;
            }
        }
    }

    private static List<ImageReaderSpi> readerProviders() {
        List<ImageReaderSpi> providers = new ArrayList<>();
        IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true).forEachRemaining(providers::add);
        // the runtime's own readers first (plugins such as TwelveMonkeys' JPEG reader put themselves first, and wrap
        // the runtime's reader at several times its cost for small pictures); a plugin reads what they fail on
        providers.sort(java.util.Comparator.comparing(spi -> spi.getClass().getModule() != ImageIO.class.getModule()));
        return List.copyOf(providers);
    }

    /** ITU-R BT.601 luma, the weights MATLAB's {@code rgb2gray} uses. */
    public static float luminance(float r, float g, float b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }

    private static boolean isGrey(ColorModel model) {
        // getRGB would convert linear grey to sRGB and brighten it; read such samples as they are stored
        return model.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(model instanceof IndexColorModel)
                && model.getComponentSize(0) <= 16;
    }

    private static byte toByte(float value) {
        int v = Math.round(value);
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
