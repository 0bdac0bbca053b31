package dev.siamese.data.pictures.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/**
 * Decodes a JPEG at one eighth of its size in the DCT domain: each 8x8 block becomes one pixel, the block's mean,
 * which is its DC coefficient; the other 63 coefficients are entropy-decoded and skipped, never transformed. This is
 * what libjpeg's 1/8 scaling (Pillow's {@code draft}) does, and it costs a fraction of a full decode: no inverse DCT,
 * no colour conversion or upsampling of full-size pixels.
 *
 * <p>Reads Huffman-coded JPEGs of 8-bit samples with one (grey) or three (YCbCr, or RGB with Adobe's transform 0)
 * components, any sampling factors and restart intervals: baseline and extended sequential ones in one interleaved
 * scan, and progressive ones, of which only the DC scans (first pass and refinements) are decoded and the AC scans
 * stepped over unread. Anything else (arithmetic coding, 12-bit, CMYK, sequential files in several scans) answers
 * null, and the caller decodes the file in full. Truncated or corrupt data answers null too.
 */
final class JpegEighthDecoder {

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
    /** The frame's largest sampling factors, and its grid of MCUs (one block each when the frame is grey). */
    private int hMax;
    private int vMax;
    private int mcusX;
    private int mcusY;
    private int adobeTransform = -1;
    /** The entropy-coded bits read but not yet used: the lowest {@link #bitCount} bits of it, oldest first. */
    private long bits;
    private int bitCount;
    /** The read position of the entropy-coded data in {@link #data}; it stops at a marker. */
    private int in;
    /** Zero bytes put into {@link #bits} at a marker or the end of the data, where a scan's data ends. */
    private int padding;
    private boolean progressive;
    /** Progressive JPEGs: each component's DC coefficients, block by block, as the DC scans build them. */
    private int[][] coefficients;
    private int[] blocksPerRow;
    private boolean[] dcSeen;
    private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
    /** Before each Huffman code the bit buffer holds at least this many bits: the longest code and its value bits. */
    private static final int CODE_AND_VALUE_BITS = 27;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private JpegEighthDecoder(byte[] data) {
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
            return new JpegEighthDecoder(data).run(minWidth, minHeight);
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
        hMax = 1;
        vMax = 1;
        for (int c = 0; c < components; c++) {
            int p = at + 6 + 3 * c;
            componentId[c] = data[p] & 0xFF;
            hSampling[c] = (data[p + 1] & 0xFF) >> 4;
            vSampling[c] = data[p + 1] & 0x0F;
            quantTable[c] = data[p + 2] & 0x03;
            if (hSampling[c] < 1 || hSampling[c] > 4 || vSampling[c] < 1 || vSampling[c] > 4) {
                return false;
            }
            hMax = Math.max(hMax, hSampling[c]);
            vMax = Math.max(vMax, vSampling[c]);
        }
        // a single-component frame has one block per MCU, whatever the sampling factors say
        boolean single = components == 1;
        mcusX = single ? (width + 7) / 8 : (width + 8 * hMax - 1) / (8 * hMax);
        mcusY = single ? (height + 7) / 8 : (height + 8 * vMax - 1) / (8 * vMax);
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
            Huffman table = new Huffman(counts, symbols, kind != 0);
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
        boolean single = components == 1;
        // the grid in locals: the MCU loop below is the hot loop of the whole decoder
        final int mcusX = this.mcusX;
        final int mcusY = this.mcusY;
        int[] blocksX = new int[components];
        float[][] planes = new float[components][];
        int blocksPerMcu = 0;
        for (int c = 0; c < components; c++) {
            int h = single ? 1 : hSampling[c];
            int v = single ? 1 : vSampling[c];
            blocksX[c] = mcusX * h;
            planes[c] = new float[mcusX * h * mcusY * v];
            blocksPerMcu += h * v;
        }
        // the blocks of one MCU in coding order: their component, tables and place relative to the MCU's first block
        int[] blockComponent = new int[blocksPerMcu];
        int[] blockOffset = new int[blocksPerMcu];
        Huffman[] blockDc = new Huffman[blocksPerMcu];
        int[][] blockAc = new int[blocksPerMcu][];
        float[] step = new float[components];
        for (int c = 0, b = 0; c < components; c++) {
            int h = single ? 1 : hSampling[c];
            int v = single ? 1 : vSampling[c];
            step[c] = quantDc[quantTable[c]] / 8f;
            for (int by = 0; by < v; by++) {
                for (int bx = 0; bx < h; bx++, b++) {
                    blockComponent[b] = c;
                    blockOffset[b] = by * blocksX[c] + bx;
                    blockDc[b] = dcTables[dc[c]];
                    blockAc[b] = acTables[ac[c]].runs;
                }
            }
        }
        int[] predictor = new int[components];
        int[] mcuStart = new int[components];
        startEntropyData();
        // the bit reader's state lives in locals here, the hot loop of the whole decoder
        final byte[] data = this.data;
        final int fastEnd = data.length - 8;
        long bits = 0;
        int bitCount = 0;
        int in = this.in;
        int mcus = mcusX * mcusY;
        int sinceRestart = 0;
        for (int m = 0; m < mcus; m++) {
            if (restartInterval > 0 && sinceRestart == restartInterval) {
                this.bits = bits;
                this.bitCount = bitCount;
                this.in = in;
                if (ranShort() || !restart()) {
                    return null;
                }
                bits = 0;
                bitCount = 0;
                in = this.in;
                java.util.Arrays.fill(predictor, 0);
                sinceRestart = 0;
            }
            int mx = m % mcusX;
            int my = m / mcusX;
            for (int c = 0; c < components; c++) {
                mcuStart[c] = my * (single ? 1 : vSampling[c]) * blocksX[c] + mx * (single ? 1 : hSampling[c]);
            }
            for (int b = 0; b < blocksPerMcu; b++) {
                // topped up at every block, whatever it holds, so that the test in the loop below is rarely true
                long word;
                if (in <= fastEnd && ((~(word = (long) BIG_ENDIAN_LONG.get(data, in)) - ONES) & word & HIGHS) == 0) {
                    // no 0xFF among the next 8 bytes: as many whole bytes as fit (maybe none), in one step
                    int n = (63 - bitCount) >>> 3;
                    bits = (bits << (n << 3)) | (word >>> (63 - (n << 3)) >>> 1);
                    bitCount += n << 3;
                    in += n;
                } else if (bitCount < CODE_AND_VALUE_BITS) {
                    this.bits = bits;
                    this.bitCount = bitCount;
                    this.in = in;
                    refillByBytes();
                    bits = this.bits;
                    bitCount = this.bitCount;
                    in = this.in;
                }
                Huffman dcTable = blockDc[b];
                int entry = dcTable.dc[(int) (bits >>> (bitCount - Huffman.FAST_BITS)) & Huffman.FAST_MASK];
                if (entry == 0) {
                    entry = dcTable.longDc(bits, bitCount);
                }
                // code and value bits together, the value read from below where they end
                bitCount -= entry & 0xFF;
                int size = entry >>> 8;
                int c = blockComponent[b];
                if (size != 0) {
                    if (size > 11) {
                        throw new IllegalStateException("bad DC size " + size);
                    }
                    int value = (int) (bits >>> bitCount) & ((1 << size) - 1);
                    predictor[c] += value < (1 << (size - 1)) ? value - (1 << size) + 1 : value;
                }
                int[] acSkip = blockAc[b];
                int skip = 0;
                int k = 1;
                while (k < 64) {
                    if (bitCount < CODE_AND_VALUE_BITS) {
                        if (in <= fastEnd
                                && ((~(word = (long) BIG_ENDIAN_LONG.get(data, in)) - ONES) & word & HIGHS) == 0) {
                            int n = (63 - bitCount) >>> 3;
                            bits = (bits << (n << 3)) | (word >>> (64 - (n << 3)));
                            bitCount += n << 3;
                            in += n;
                        } else {
                            this.bits = bits;
                            this.bitCount = bitCount;
                            this.in = in;
                            refillByBytes();
                            bits = this.bits;
                            bitCount = this.bitCount;
                            in = this.in;
                        }
                    }
                    // one or more codes and their value bits skipped together (AC values are not needed)
                    skip = acSkip[(int) (bits >>> (bitCount - Huffman.FAST_BITS)) & Huffman.FAST_MASK];
                    if (skip == 0) {
                        skip = acTables[ac[c]].longSkip(bits, bitCount);
                    }
                    bitCount -= skip & 0xFF;
                    k += (skip >>> 8) & 0xFF;
                }
                if ((skip >>> 24) != 0 && k - (skip >>> 16 & 0xFF) >= 64) {
                    // the block ended before the last code of a run of codes (at its 63rd coefficient, with no
                    // end-of-block): that code is the next block's, so the run is taken back and read code by code
                    bitCount += skip & 0xFF;
                    k -= skip >>> 8 & 0xFF;
                    int[] oneCode = acTables[ac[c]].skip;
                    while (k < 64) {
                        skip = oneCode[(int) (bits >>> (bitCount - Huffman.FAST_BITS)) & Huffman.FAST_MASK];
                        bitCount -= skip & 0xFF;
                        k += skip >>> 8;
                    }
                }
                planes[c][mcuStart[c] + blockOffset[b]] = predictor[c] * step[c] + 128f;
            }
            sinceRestart++;
        }
        this.bits = bits;
        this.bitCount = bitCount;
        this.in = in;
        if (ranShort()) {
            return null;
        }
        return image(planes, blocksX, single);
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
        boolean singleFrame = components == 1;
        final int mcusX = this.mcusX;
        final int mcusY = this.mcusY;
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
        startEntropyData();
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
                        if (ranShort() || !restart()) {
                            return false;
                        }
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
                    if (ranShort() || !restart()) {
                        return false;
                    }
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
        pos = in;
        skipEntropyData();
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
        for (int c = 0; c < components; c++) {
            if (!dcSeen[c]) {
                return null;
            }
            float step = quantDc[quantTable[c]] / 8f;
            planes[c] = new float[coefficients[c].length];
            for (int i = 0; i < planes[c].length; i++) {
                planes[c][i] = coefficients[c][i] * step + 128f;
            }
        }
        return image(planes, blocksPerRow, components == 1);
    }

    private BufferedImage image(float[][] planes, int[] blocksX, boolean single) {
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
        float[] plane0 = planes[0];
        float[] plane1 = planes[1];
        float[] plane2 = planes[2];
        int[] columns0 = columns[0];
        int[] columns1 = columns[1];
        int[] columns2 = columns[2];
        for (int y = 0; y < h; y++) {
            int row0 = rows[0][y];
            int row1 = rows[1][y];
            int row2 = rows[2][y];
            for (int x = 0, o = y * w; x < w; x++, o++) {
                float a = plane0[row0 + columns0[x]];
                float b = plane1[row1 + columns1[x]];
                float c = plane2[row2 + columns2[x]];
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
                out[o] = (r << 16) | (g << 8) | bl;
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

    /** Starts reading entropy-coded data at {@link #pos}. */
    private void startEntropyData() {
        in = pos;
        bits = 0;
        bitCount = 0;
        padding = 0;
    }

    /** Tops the bit buffer up to over 56 bits; only while it holds fewer than 56. */
    private void refill() {
        long word;
        if (in <= data.length - 8 && ((~(word = (long) BIG_ENDIAN_LONG.get(data, in)) - ONES) & word & HIGHS) == 0) {
            // no 0xFF among the next 8 bytes (a SWAR test for a zero byte in the complement): no stuffing, no marker
            int n = (63 - bitCount) >>> 3;
            bits = (bits << (n << 3)) | (word >>> (64 - (n << 3)));
            bitCount += n << 3;
            in += n;
        } else {
            refillByBytes();
        }
    }

    /**
     * Tops the bit buffer up to over 56 bits where an 0xFF is near: the bytes before it in one step, then the zero
     * stuffed after a data 0xFF dropped; at a marker (or the end of the data) it stops and reads zeros, counted in
     * {@link #padding} for {@link #ranShort()}.
     */
    private void refillByBytes() {
        while (bitCount < 56) {
            if (padding != 0 || in >= data.length) {
                int n = (63 - bitCount) >>> 3;
                bits <<= n << 3;
                bitCount += n << 3;
                padding += n;
                return;
            }
            if (in <= data.length - 8) {
                long word = (long) BIG_ENDIAN_LONG.get(data, in);
                // the flag of the first 0xFF is the highest (one for a 0xFE just before an 0xFF too: harmless)
                long flags = (~word - ONES) & word & HIGHS;
                int n = Math.min(Long.numberOfLeadingZeros(flags) >>> 3, (63 - bitCount) >>> 3);
                if (n > 0) {
                    bits = (bits << (n << 3)) | (word >>> (64 - (n << 3)));
                    bitCount += n << 3;
                    in += n;
                    continue;
                }
            }
            int b = data[in] & 0xFF;
            if (b != 0xFF) {
                in++;
            } else {
                int next = in + 1 < data.length ? data[in + 1] & 0xFF : 0xD9;
                if (next == 0x00) {
                    in += 2;
                } else if (next == 0xFF) {
                    // fill byte before a marker
                    in++;
                    continue;
                } else {
                    b = 0;
                    padding++;
                }
            }
            bits = (bits << 8) | b;
            bitCount += 8;
        }
    }

    private int receive(int n) {
        if (n == 0) {
            return 0;
        }
        if (bitCount < CODE_AND_VALUE_BITS) {
            refill();
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

    private int decode(Huffman table) {
        if (bitCount < CODE_AND_VALUE_BITS) {
            refill();
        }
        int entry = table.fast[(int) (bits >>> (bitCount - Huffman.FAST_BITS)) & Huffman.FAST_MASK];
        if (entry == 0) {
            entry = table.longCode(bits, bitCount);
        }
        bitCount -= entry >>> 8;
        return entry & 0xFF;
    }

    /** Whether decoding used bits that were not in this interval's data (truncated or corrupt: the full decoder says which). */
    private boolean ranShort() {
        // the zeros read past the data are the newest bits in the buffer: some were used if they outnumber the unused
        return (long) padding * 8 > bitCount;
    }

    /**
     * Starts the bit stream again after the next restart marker, stepping over what is left of this interval.
     *
     * @return false when no restart marker comes before the next other marker or the end of the data
     */
    private boolean restart() {
        bits = 0;
        bitCount = 0;
        padding = 0;
        while (in + 1 < data.length) {
            if ((data[in] & 0xFF) == 0xFF) {
                int next = data[in + 1] & 0xFF;
                if (next >= 0xD0 && next <= 0xD7) {
                    in += 2;
                    return true;
                }
                if (next != 0x00 && next != 0xFF) {
                    return false;
                }
            }
            in++;
        }
        return false;
    }

    /** A Huffman table: canonical codes, with lookups of every code up to {@link #FAST_BITS} bits. */
    private static final class Huffman {
        static final int FAST_BITS = 11;
        static final int FAST_MASK = (1 << FAST_BITS) - 1;
        /** By the next {@link #FAST_BITS} bits: the code's length (1-16, never 0) above its symbol's byte; 0 if longer. */
        final int[] fast = new int[1 << FAST_BITS];
        /**
         * For AC tables, by the next {@link #FAST_BITS} bits: the bits to skip, code and value together, in the low
         * byte, and the coefficients to advance above it (the run and the one coded, 16 for a run of 16 zeros, 64 for
         * end-of-block); 0 when the code is longer.
         */
        final int[] skip;
        /**
         * As {@link #skip}, but as many codes as fit in the {@link #FAST_BITS} bits with their value bits, up to an
         * end-of-block: bits and coefficients of them all in the low two bytes; for more than one code, the last
         * one's coefficients in the third byte and 1 in the high byte.
         */
        final int[] runs;
        /** For DC tables, by the next {@link #FAST_BITS} bits: the bits of code and value in the low byte, the value's above. */
        final int[] dc;
        final int[] maxCode = new int[18];
        final int[] minCode = new int[17];
        final int[] valueOffset = new int[17];
        final int[] symbols;

        Huffman(int[] counts, int[] symbols, boolean ac) {
            this.symbols = symbols;
            skip = ac ? new int[1 << FAST_BITS] : null;
            runs = ac ? new int[1 << FAST_BITS] : null;
            dc = ac ? null : new int[1 << FAST_BITS];
            int code = 0;
            int k = 0;
            for (int length = 1; length <= 16; length++) {
                valueOffset[length] = k;
                minCode[length] = code;
                for (int i = 0; i < counts[length]; i++, k++, code++) {
                    if (length <= FAST_BITS) {
                        int shift = FAST_BITS - length;
                        int symbol = symbols[k];
                        for (int fill = 0; fill < (1 << shift); fill++) {
                            fast[(code << shift) | fill] = (length << 8) | symbol;
                            if (ac) {
                                skip[(code << shift) | fill] = skipEntry(length, symbol);
                            } else {
                                dc[(code << shift) | fill] = dcEntry(length, symbol);
                            }
                        }
                    }
                }
                maxCode[length] = counts[length] == 0 ? -1 : code - 1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
            for (int peek = 0; ac && peek < runs.length; peek++) {
                int entry = skip[peek];
                int used = entry & 0xFF;
                int advance = entry >>> 8;
                int codes = 1;
                int last = advance;
                while (entry != 0 && last != 64 && advance < 64 && used < FAST_BITS) {
                    int next = skip[(peek << used) & FAST_MASK];
                    if (next == 0 || (next & 0xFF) > FAST_BITS - used) {
                        break;
                    }
                    used += next & 0xFF;
                    last = next >>> 8;
                    advance += last;
                    codes++;
                }
                runs[peek] = codes == 1 ? entry : 1 << 24 | last << 16 | advance << 8 | used;
            }
        }

        private static int skipEntry(int length, int symbol) {
            int run = symbol >> 4;
            int size = symbol & 0x0F;
            int advance = size == 0 ? (run == 15 ? 16 : 64) : run + 1;
            return (advance << 8) | (length + size);
        }

        /** A code longer than {@link #FAST_BITS}, as a {@link #fast} entry; {@code bitCount} is at least 16. */
        int longCode(long bits, int bitCount) {
            for (int length = FAST_BITS + 1; length <= 16; length++) {
                int code = (int) (bits >>> (bitCount - length)) & ((1 << length) - 1);
                if (code <= maxCode[length]) {
                    return (length << 8) | symbols[valueOffset[length] + code - minCode[length]];
                }
            }
            throw new IllegalStateException("bad Huffman code");
        }

        private static int dcEntry(int length, int size) {
            // a size over 11 is refused where it is read: kept below 16 here so that the sum stays in its byte
            return Math.min(size, 15) << 8 | (length + Math.min(size, 15));
        }

        /** A code longer than {@link #FAST_BITS}, as a {@link #dc} entry. */
        int longDc(long bits, int bitCount) {
            int entry = longCode(bits, bitCount);
            return dcEntry(entry >>> 8, entry & 0xFF);
        }

        /** A code longer than {@link #FAST_BITS}, as a {@link #skip} entry. */
        int longSkip(long bits, int bitCount) {
            int entry = longCode(bits, bitCount);
            return skipEntry(entry >>> 8, entry & 0xFF);
        }
    }
}
