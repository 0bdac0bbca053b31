package dev.siamese.data.pictures.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/**
 * {@link JpegEighthDecoder} as it was before its entropy decoding was made faster (commit 50337d2: a separate pass
 * that copies the entropy-coded data without its stuffed bytes, a 10-bit lookup), kept unchanged so that a test can
 * pin the faster decoder's pixels to it bit for bit.
 */
final class JpegEighthReference {

    private final byte[] data;
    private int pos;
    private final int[] quantDc = new int[4];
    private final Huffman[] dcTables = new Huffman[4];
    private final Huffman[] acTables = new Huffman[4];
    private int restartInterval;
    private int width;
    private int height;
    private int[] componentId;
    private int[] hSampling;
    private int[] vSampling;
    private int[] quantTable;
    private int adobeTransform = -1;
    private long bits;
    private int bitCount;
    /** The entropy-coded data with its stuffed zero bytes and restart markers taken out, then 8 zero bytes. */
    private byte[] clean;
    /** Where each restart interval begins in {@link #clean}, and after the last one, where the data ends. */
    private int[] intervals;
    private int interval;
    /** The read position in {@link #clean}. */
    private int at;
    /** Where in {@link #data} the entropy-coded data last copied by {@link #unstuff()} ended (at a marker). */
    private int scanEnd;
    private boolean progressive;
    /** Progressive JPEGs: each component's DC coefficients, block by block, as the DC scans build them. */
    private int[][] coefficients;
    private int[] blocksPerRow;
    private boolean[] dcSeen;
    private static final java.lang.invoke.VarHandle BIG_ENDIAN_INT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);

    private JpegEighthReference(byte[] data) {
        this.data = data;
    }

    /** Whether {@code data} starts like a JPEG file (SOI marker). */
    static boolean isJpeg(byte[] data) {
        return data.length > 3 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xD8 && (data[2] & 0xFF) == 0xFF;
    }

    /**
     * The picture at 1/8 scale (ceil(width / 8) x ceil(height / 8), RGB or grey), or null when it is smaller than
     * {@code minWidth x minHeight} at that scale, or not a JPEG this class reads.
     */
    static BufferedImage decode(byte[] data, int minWidth, int minHeight) {
        if (!isJpeg(data)) {
            return null;
        }
        try {
            return new JpegEighthReference(data).run(minWidth, minHeight);
        } catch (RuntimeException corrupt) {
            // out-of-range reads, bad Huffman codes: the full decoder says what is wrong
            return null;
        }
    }

    private BufferedImage run(int minWidth, int minHeight) {
        pos = 2;
        while (pos < data.length) {
            if ((data[pos] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = data[pos + 1] & 0xFF;
            pos += 2;
            if (marker == 0xFF) {
                pos--;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            if (marker == 0xD9) {
                return progressive ? progressiveImage() : null;
            }
            int length = u16(pos);
            int segment = pos + 2;
            int end = pos + length;
            switch (marker) {
                case 0xC0, 0xC1 -> {
                    if (!frame(segment) || (width + 7) / 8 < minWidth || (height + 7) / 8 < minHeight) {
                        return null;
                    }
                }
                case 0xC2 -> {
                    // progressive: only the DC scans are decoded; AC scans are stepped over unread
                    if (!frame(segment) || (width + 7) / 8 < minWidth || (height + 7) / 8 < minHeight) {
                        return null;
                    }
                    progressive = true;
                }
                case 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> {
                    return null;
                }
                case 0xC4 -> huffmanTables(segment, end);
                case 0xDB -> quantizationTables(segment, end);
                case 0xDD -> restartInterval = u16(segment);
                case 0xEE -> adobe(segment, end);
                case 0xDA -> {
                    if (componentId == null) {
                        return null;
                    }
                    if (!progressive) {
                        return scan(segment, end);
                    }
                    if (!progressiveScan(segment, end)) {
                        return null;
                    }
                    continue;
                }
                default -> {
                    // APPn, COM and others: skipped
                }
            }
            pos = end;
        }
        return null;
    }

    private boolean frame(int at) {
        if ((data[at] & 0xFF) != 8) {
            return false;
        }
        height = u16(at + 1);
        width = u16(at + 3);
        int components = data[at + 5] & 0xFF;
        if (width == 0 || height == 0 || (components != 1 && components != 3) || width > PictureDecoder.MAX_SIDE
                || height > PictureDecoder.MAX_SIDE || (long) width * height > PictureDecoder.MAX_PIXELS) {
            // over the size limits: the full decoder refuses it with the reason
            return false;
        }
        componentId = new int[components];
        hSampling = new int[components];
        vSampling = new int[components];
        quantTable = new int[components];
        for (int c = 0; c < components; c++) {
            int p = at + 6 + 3 * c;
            componentId[c] = data[p] & 0xFF;
            hSampling[c] = (data[p + 1] & 0xFF) >> 4;
            vSampling[c] = data[p + 1] & 0x0F;
            quantTable[c] = data[p + 2] & 0x03;
            if (hSampling[c] < 1 || hSampling[c] > 4 || vSampling[c] < 1 || vSampling[c] > 4) {
                return false;
            }
        }
        return true;
    }

    private void huffmanTables(int at, int end) {
        while (at < end) {
            int kind = (data[at] & 0xFF) >> 4;
            int id = data[at] & 0x03;
            int[] counts = new int[17];
            int total = 0;
            for (int l = 1; l <= 16; l++) {
                counts[l] = data[at + l] & 0xFF;
                total += counts[l];
            }
            int[] symbols = new int[total];
            for (int i = 0; i < total; i++) {
                symbols[i] = data[at + 17 + i] & 0xFF;
            }
            Huffman table = new Huffman(counts, symbols);
            if (kind == 0) {
                dcTables[id] = table;
            } else {
                acTables[id] = table;
            }
            at += 17 + total;
        }
    }

    private void quantizationTables(int at, int end) {
        while (at < end) {
            int precision = (data[at] & 0xFF) >> 4;
            int id = data[at] & 0x03;
            // the first entry (zig-zag order) is the DC step, the only one a block mean needs
            quantDc[id] = precision == 0 ? data[at + 1] & 0xFF : u16(at + 1);
            at += 1 + (precision == 0 ? 64 : 128);
        }
    }

    private void adobe(int at, int end) {
        if (end - at >= 12 && data[at] == 'A' && data[at + 1] == 'd' && data[at + 2] == 'o' && data[at + 3] == 'b'
                && data[at + 4] == 'e') {
            adobeTransform = data[at + 11] & 0xFF;
        }
    }

    private BufferedImage scan(int at, int end) {
        int components = componentId.length;
        if ((data[at] & 0xFF) != components) {
            // one component per scan (non-interleaved colour): not read here
            return null;
        }
        int[] dc = new int[components];
        int[] ac = new int[components];
        for (int s = 0; s < components; s++) {
            int id = data[at + 1 + 2 * s] & 0xFF;
            if (id != componentId[s]) {
                return null;
            }
            dc[s] = (data[at + 2 + 2 * s] & 0xFF) >> 4;
            ac[s] = data[at + 2 + 2 * s] & 0x0F;
            if (dc[s] > 3 || ac[s] > 3 || dcTables[dc[s]] == null || acTables[ac[s]] == null) {
                return null;
            }
        }
        pos = end;
        unstuff();
        int hMax = 1;
        int vMax = 1;
        for (int c = 0; c < components; c++) {
            hMax = Math.max(hMax, hSampling[c]);
            vMax = Math.max(vMax, vSampling[c]);
        }
        // a single-component scan has one block per MCU, whatever the sampling factors say
        boolean single = components == 1;
        int mcusX = single ? (width + 7) / 8 : (width + 8 * hMax - 1) / (8 * hMax);
        int mcusY = single ? (height + 7) / 8 : (height + 8 * vMax - 1) / (8 * vMax);
        int[] blocksX = new int[components];
        float[][] planes = new float[components][];
        for (int c = 0; c < components; c++) {
            int h = single ? 1 : hSampling[c];
            int v = single ? 1 : vSampling[c];
            blocksX[c] = mcusX * h;
            planes[c] = new float[mcusX * h * mcusY * v];
        }
        int[] predictor = new int[components];
        int mcus = mcusX * mcusY;
        int sinceRestart = 0;
        for (int m = 0; m < mcus; m++) {
            if (restartInterval > 0 && sinceRestart == restartInterval) {
                if (ranShort()) {
                    return null;
                }
                restart();
                java.util.Arrays.fill(predictor, 0);
                sinceRestart = 0;
            }
            int mx = m % mcusX;
            int my = m / mcusX;
            for (int c = 0; c < components; c++) {
                int h = single ? 1 : hSampling[c];
                int v = single ? 1 : vSampling[c];
                float step = quantDc[quantTable[c]] / 8f;
                for (int by = 0; by < v; by++) {
                    for (int bx = 0; bx < h; bx++) {
                        predictor[c] += dcDifference(dcTables[dc[c]]);
                        skipAc(acTables[ac[c]]);
                        planes[c][(my * v + by) * blocksX[c] + mx * h + bx] = predictor[c] * step + 128f;
                    }
                }
            }
            sinceRestart++;
        }
        if (ranShort()) {
            return null;
        }
        return image(planes, blocksX, hMax, vMax, single);
    }

    /**
     * One scan of a progressive JPEG: a DC scan (first pass, or a refinement adding one bit) is decoded into
     * {@link #coefficients}; an AC scan is stepped over to the next marker. Leaves {@link #pos} at that marker.
     *
     * @return false when the scan cannot be read here
     */
    private boolean progressiveScan(int at, int end) {
        int count = data[at] & 0xFF;
        int[] scanned = new int[count];
        int[] table = new int[count];
        for (int s = 0; s < count; s++) {
            int id = data[at + 1 + 2 * s] & 0xFF;
            scanned[s] = -1;
            for (int c = 0; c < componentId.length; c++) {
                if (componentId[c] == id) {
                    scanned[s] = c;
                }
            }
            table[s] = (data[at + 2 + 2 * s] & 0xFF) >> 4;
            if (scanned[s] < 0 || table[s] > 3) {
                return false;
            }
        }
        int p = at + 1 + 2 * count;
        int spectralStart = data[p] & 0xFF;
        int high = (data[p + 2] & 0xFF) >> 4;
        int low = data[p + 2] & 0x0F;
        pos = end;
        if (spectralStart != 0) {
            skipEntropyData();
            return true;
        }
        int components = componentId.length;
        int hMax = 1;
        int vMax = 1;
        for (int c = 0; c < components; c++) {
            hMax = Math.max(hMax, hSampling[c]);
            vMax = Math.max(vMax, vSampling[c]);
        }
        boolean singleFrame = components == 1;
        int mcusX = singleFrame ? (width + 7) / 8 : (width + 8 * hMax - 1) / (8 * hMax);
        int mcusY = singleFrame ? (height + 7) / 8 : (height + 8 * vMax - 1) / (8 * vMax);
        if (coefficients == null) {
            coefficients = new int[components][];
            blocksPerRow = new int[components];
            dcSeen = new boolean[components];
            for (int c = 0; c < components; c++) {
                int h = singleFrame ? 1 : hSampling[c];
                int v = singleFrame ? 1 : vSampling[c];
                blocksPerRow[c] = mcusX * h;
                coefficients[c] = new int[mcusX * h * mcusY * v];
            }
        }
        if (high == 0) {
            for (int s = 0; s < count; s++) {
                if (dcTables[table[s]] == null) {
                    return false;
                }
            }
        }
        unstuff();
        int[] predictor = new int[count];
        int sinceRestart = 0;
        if (count == 1) {
            // one component: its own blocks in raster order, not the MCU grid
            int c = scanned[0];
            int bw = singleFrame ? (width + 7) / 8 : ((width * hSampling[c] + hMax - 1) / hMax + 7) / 8;
            int bh = singleFrame ? (height + 7) / 8 : ((height * vSampling[c] + vMax - 1) / vMax + 7) / 8;
            for (int by = 0; by < bh; by++) {
                for (int bx = 0; bx < bw; bx++) {
                    if (restartInterval > 0 && sinceRestart == restartInterval) {
                        if (ranShort()) {
                            return false;
                        }
                        restart();
                        predictor[0] = 0;
                        sinceRestart = 0;
                    }
                    dcBlock(c, by * blocksPerRow[c] + bx, table[0], predictor, 0, high, low);
                    sinceRestart++;
                }
            }
        } else {
            for (int m = 0; m < mcusX * mcusY; m++) {
                if (restartInterval > 0 && sinceRestart == restartInterval) {
                    if (ranShort()) {
                        return false;
                    }
                    restart();
                    java.util.Arrays.fill(predictor, 0);
                    sinceRestart = 0;
                }
                int mx = m % mcusX;
                int my = m / mcusX;
                for (int s = 0; s < count; s++) {
                    int c = scanned[s];
                    for (int by = 0; by < vSampling[c]; by++) {
                        for (int bx = 0; bx < hSampling[c]; bx++) {
                            dcBlock(c, (my * vSampling[c] + by) * blocksPerRow[c] + mx * hSampling[c] + bx, table[s],
                                    predictor, s, high, low);
                        }
                    }
                }
                sinceRestart++;
            }
        }
        if (ranShort()) {
            return false;
        }
        for (int s = 0; s < count; s++) {
            dcSeen[scanned[s]] |= high == 0;
        }
        pos = scanEnd;
        return true;
    }

    /** One block of a DC scan: the first pass decodes the (shifted) value, a refinement adds one bit. */
    private void dcBlock(int c, int block, int table, int[] predictor, int s, int high, int low) {
        if (high == 0) {
            predictor[s] += dcDifference(dcTables[table]);
            coefficients[c][block] = predictor[s] << low;
        } else if (receive(1) != 0) {
            coefficients[c][block] |= 1 << low;
        }
    }

    /** Steps over entropy-coded data to the next marker that is not a restart marker. */
    private void skipEntropyData() {
        while (pos + 1 < data.length) {
            if ((data[pos] & 0xFF) == 0xFF) {
                int next = data[pos + 1] & 0xFF;
                if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
                    return;
                }
            }
            pos++;
        }
    }

    /** The picture from the DC coefficients of a progressive JPEG, when every component had its first DC scan. */
    private BufferedImage progressiveImage() {
        if (coefficients == null) {
            return null;
        }
        int components = componentId.length;
        float[][] planes = new float[components][];
        int hMax = 1;
        int vMax = 1;
        for (int c = 0; c < components; c++) {
            if (!dcSeen[c]) {
                return null;
            }
            float step = quantDc[quantTable[c]] / 8f;
            planes[c] = new float[coefficients[c].length];
            for (int i = 0; i < planes[c].length; i++) {
                planes[c][i] = coefficients[c][i] * step + 128f;
            }
            hMax = Math.max(hMax, hSampling[c]);
            vMax = Math.max(vMax, vSampling[c]);
        }
        return image(planes, blocksPerRow, hMax, vMax, components == 1);
    }

    private BufferedImage image(float[][] planes, int[] blocksX, int hMax, int vMax, boolean single) {
        int w = (width + 7) / 8;
        int h = (height + 7) / 8;
        if (single) {
            BufferedImage grey = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            byte[] out = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (byte) clamp(planes[0][y * blocksX[0] + x]);
                }
            }
            return grey;
        }
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        boolean ycc = !(adobeTransform == 0 || (componentId[0] == 'R' && componentId[1] == 'G' && componentId[2] == 'B'));
        // where each output column and row finds its block in each component (a subsampled one covers several)
        int[][] columns = new int[3][w];
        int[][] rows = new int[3][h];
        for (int c = 0; c < 3; c++) {
            for (int x = 0; x < w; x++) {
                columns[c][x] = x * hSampling[c] / hMax;
            }
            for (int y = 0; y < h; y++) {
                rows[c][y] = (y * vSampling[c] / vMax) * blocksX[c];
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float a = planes[0][rows[0][y] + columns[0][x]];
                float b = planes[1][rows[1][y] + columns[1][x]];
                float c = planes[2][rows[2][y] + columns[2][x]];
                int r;
                int g;
                int bl;
                if (ycc) {
                    // JFIF: R = Y + 1.402 Cr', G = Y - 0.344136 Cb' - 0.714136 Cr', B = Y + 1.772 Cb'
                    float cb = b - 128f;
                    float cr = c - 128f;
                    r = clamp(a + 1.402f * cr);
                    g = clamp(a - 0.344136f * cb - 0.714136f * cr);
                    bl = clamp(a + 1.772f * cb);
                } else {
                    r = clamp(a);
                    g = clamp(b);
                    bl = clamp(c);
                }
                out[y * w + x] = (r << 16) | (g << 8) | bl;
            }
        }
        return rgb;
    }

    private static int clamp(float v) {
        int r = Math.round(v);
        return r < 0 ? 0 : Math.min(255, r);
    }

    private int u16(int at) {
        return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    // entropy-coded data

    /**
     * Copies the entropy-coded data from {@link #pos} to the first marker that is not a restart marker, dropping the
     * zero byte stuffed after each 0xFF and noting where each restart interval begins.
     */
    private void unstuff() {
        byte[] out = new byte[data.length - pos + 8];
        int[] starts = new int[16];
        int count = 1;
        int n = 0;
        int i = pos;
        while (i < data.length) {
            byte b = data[i];
            if (b != (byte) 0xFF) {
                out[n++] = b;
                i++;
                continue;
            }
            int next = i + 1 < data.length ? data[i + 1] & 0xFF : 0xD9;
            if (next == 0x00) {
                out[n++] = b;
                i += 2;
            } else if (next == 0xFF) {
                i++;
            } else if (next >= 0xD0 && next <= 0xD7) {
                if (count == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = n;
                i += 2;
            } else {
                break;
            }
        }
        if (count == starts.length) {
            starts = java.util.Arrays.copyOf(starts, count + 1);
        }
        starts[count] = n;
        scanEnd = i;
        clean = out;
        intervals = java.util.Arrays.copyOf(starts, count + 1);
        interval = 0;
        at = 0;
        bits = 0;
        bitCount = 0;
    }

    private void fill() {
        // 32 bits at a time; past the end of the data (the copy ends in 8 zero bytes) zeros, which ranShort() notices
        if (at + 4 <= clean.length) {
            bits = (bits << 32) | ((int) BIG_ENDIAN_INT.get(clean, at) & 0xFFFFFFFFL);
            at += 4;
        } else {
            bits <<= 32;
        }
        bitCount += 32;
    }

    private int receive(int n) {
        if (n == 0) {
            return 0;
        }
        if (bitCount < 32) {
            fill();
        }
        bitCount -= n;
        return (int) (bits >>> bitCount) & ((1 << n) - 1);
    }

    private int dcDifference(Huffman table) {
        int s = decode(table);
        if (s == 0) {
            return 0;
        }
        if (s > 11) {
            throw new IllegalStateException("bad DC size " + s);
        }
        int v = receive(s);
        return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
    }

    private void skipAc(Huffman table) {
        for (int k = 1; k < 64; ) {
            if (bitCount < 32) {
                fill();
            }
            // most coefficients: code and value bits together within the lookup, skipped in one step
            int entry = table.skip[(int) (bits >>> (bitCount - Huffman.FAST_BITS)) & ((1 << Huffman.FAST_BITS) - 1)];
            if (entry != 0) {
                bitCount -= entry & 0xFF;
                k += entry >>> 8;
                continue;
            }
            int rs = decode(table);
            int run = rs >> 4;
            int size = rs & 0x0F;
            if (size == 0) {
                if (run != 15) {
                    return;
                }
                k += 16;
            } else {
                k += run;
                receive(size);
                k++;
            }
        }
    }

    private int decode(Huffman table) {
        if (bitCount < 32) {
            fill();
        }
        int peek = (int) (bits >>> (bitCount - Huffman.FAST_BITS)) & ((1 << Huffman.FAST_BITS) - 1);
        int entry = table.fast[peek];
        if (entry != 0) {
            bitCount -= entry >>> 8;
            return entry & 0xFF;
        }
        int code = 0;
        for (int length = 1; length <= 16; length++) {
            code = (code << 1) | receive(1);
            if (code <= table.maxCode[length]) {
                return table.symbols[table.valueOffset[length] + code - table.minCode[length]];
            }
        }
        throw new IllegalStateException("bad Huffman code");
    }

    /** Whether decoding used bits that were not in this interval's data (truncated or corrupt: the full decoder says which). */
    private boolean ranShort() {
        if (at >= clean.length) {
            return true;
        }
        long used = (long) (at - intervals[interval]) * 8 - bitCount;
        return used > (long) (intervals[interval + 1] - intervals[interval]) * 8;
    }

    /** Starts the bit stream again at the next restart interval. */
    private void restart() {
        if (interval + 2 < intervals.length) {
            interval++;
            at = intervals[interval];
        } else {
            // no restart marker where one was due: what follows reads as zeros, and ranShort() says so
            at = clean.length;
        }
        bits = 0;
        bitCount = 0;
    }

    /** A Huffman table: canonical codes, with a lookup of every code up to {@link #FAST_BITS} bits. */
    private static final class Huffman {
        static final int FAST_BITS = 10;
        final int[] fast = new int[1 << FAST_BITS];
        /**
         * For AC tables: bits to skip (code and value, when both fit in {@link #FAST_BITS}) in the low byte and
         * coefficients to advance above it (64 for end-of-block); 0 when they do not fit.
         */
        final int[] skip = new int[1 << FAST_BITS];
        final int[] maxCode = new int[18];
        final int[] minCode = new int[17];
        final int[] valueOffset = new int[17];
        final int[] symbols;

        Huffman(int[] counts, int[] symbols) {
            this.symbols = symbols;
            int code = 0;
            int k = 0;
            for (int length = 1; length <= 16; length++) {
                valueOffset[length] = k;
                minCode[length] = code;
                for (int i = 0; i < counts[length]; i++, k++, code++) {
                    if (length <= FAST_BITS) {
                        int shift = FAST_BITS - length;
                        int symbol = symbols[k];
                        int run = symbol >> 4;
                        int size = symbol & 0x0F;
                        int advance = size == 0 ? (run == 15 ? 16 : 64) : run + 1;
                        for (int fill = 0; fill < (1 << shift); fill++) {
                            // length (1-16) in the high byte: never 0 for a real entry
                            fast[(code << shift) | fill] = (length << 8) | symbol;
                            if (length + size <= FAST_BITS) {
                                skip[(code << shift) | fill] = (advance << 8) | (length + size);
                            }
                        }
                    }
                }
                maxCode[length] = counts[length] == 0 ? -1 : code - 1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }
    }
}
