package dev.siamese.search.internal.hnsw;

/**
 * Squared Euclidean distance between a query and a vector stored as float bits in an {@code int[]} (the graph keeps
 * each node's vector beside its links), on the JDK's Vector API when its incubator module is
 * readable ({@code --add-modules jdk.incubator.vector}) and {@code -Dsiamese.vector} is not {@code false}, else in plain
 * Java. Both paths give the same float bit for bit: sixteen running sums of squared differences (lane {@code j} takes
 * dimensions {@code j, j + 16, ...}), folded in the same fixed order ({@code j + 8}, then {@code + 4}, {@code + 2},
 * {@code + 1}), then the dimensions past the last multiple of 16 added one by one.
 */
final class SquaredDistance {
    /** Whether distances run on the Vector API (the same check as the search package's exact kernels). */
    static final boolean VECTORISED = vectorApiReadable();

    private SquaredDistance() {
    }

    /** {@code |q - v|^2} for {@code v} the {@code dimension} floats whose bits start at {@code data[offset]}. */
    static float between(float[] q, int[] data, int offset, int dimension) {
        return VECTORISED ? VectorDistance.between(q, data, offset, dimension) : plain(q, data, offset, dimension);
    }

    /** The distance of two stored vectors, the same float as {@link #between} of a copy of the first. */
    static float betweenStored(int[] data, int other, int offset, int dimension) {
        return VECTORISED ? VectorDistance.betweenStored(data, other, offset, dimension)
                : plainStored(data, other, offset, dimension);
    }

    /** The plain Java path, in the order the class comment gives. */
    static float plain(float[] q, int[] data, int offset, int dimension) {
        float p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0;
        float p8 = 0, p9 = 0, p10 = 0, p11 = 0, p12 = 0, p13 = 0, p14 = 0, p15 = 0;
        int i = 0;
        for (; i + 16 <= dimension; i += 16) {
            int x = i;
            int y = offset + i;
            float d;
            d = q[x] - Float.intBitsToFloat(data[y]); p0 += d * d;
            d = q[x + 1] - Float.intBitsToFloat(data[y + 1]); p1 += d * d;
            d = q[x + 2] - Float.intBitsToFloat(data[y + 2]); p2 += d * d;
            d = q[x + 3] - Float.intBitsToFloat(data[y + 3]); p3 += d * d;
            d = q[x + 4] - Float.intBitsToFloat(data[y + 4]); p4 += d * d;
            d = q[x + 5] - Float.intBitsToFloat(data[y + 5]); p5 += d * d;
            d = q[x + 6] - Float.intBitsToFloat(data[y + 6]); p6 += d * d;
            d = q[x + 7] - Float.intBitsToFloat(data[y + 7]); p7 += d * d;
            d = q[x + 8] - Float.intBitsToFloat(data[y + 8]); p8 += d * d;
            d = q[x + 9] - Float.intBitsToFloat(data[y + 9]); p9 += d * d;
            d = q[x + 10] - Float.intBitsToFloat(data[y + 10]); p10 += d * d;
            d = q[x + 11] - Float.intBitsToFloat(data[y + 11]); p11 += d * d;
            d = q[x + 12] - Float.intBitsToFloat(data[y + 12]); p12 += d * d;
            d = q[x + 13] - Float.intBitsToFloat(data[y + 13]); p13 += d * d;
            d = q[x + 14] - Float.intBitsToFloat(data[y + 14]); p14 += d * d;
            d = q[x + 15] - Float.intBitsToFloat(data[y + 15]); p15 += d * d;
        }
        float q0 = p0 + p8, q1 = p1 + p9, q2 = p2 + p10, q3 = p3 + p11;
        float q4 = p4 + p12, q5 = p5 + p13, q6 = p6 + p14, q7 = p7 + p15;
        float r0 = q0 + q4, r1 = q1 + q5, r2 = q2 + q6, r3 = q3 + q7;
        float sum = (r0 + r2) + (r1 + r3);
        return sum + tail(q, data, offset, i, dimension);
    }

    /** {@link #plain} for two stored vectors, at {@code offset} and {@code other} in {@code data}. */
    static float plainStored(int[] data, int other, int offset, int dimension) {
        float p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0;
        float p8 = 0, p9 = 0, p10 = 0, p11 = 0, p12 = 0, p13 = 0, p14 = 0, p15 = 0;
        int i = 0;
        for (; i + 16 <= dimension; i += 16) {
            int x = other + i;
            int y = offset + i;
            float d;
            d = Float.intBitsToFloat(data[x]) - Float.intBitsToFloat(data[y]); p0 += d * d;
            d = Float.intBitsToFloat(data[x + 1]) - Float.intBitsToFloat(data[y + 1]); p1 += d * d;
            d = Float.intBitsToFloat(data[x + 2]) - Float.intBitsToFloat(data[y + 2]); p2 += d * d;
            d = Float.intBitsToFloat(data[x + 3]) - Float.intBitsToFloat(data[y + 3]); p3 += d * d;
            d = Float.intBitsToFloat(data[x + 4]) - Float.intBitsToFloat(data[y + 4]); p4 += d * d;
            d = Float.intBitsToFloat(data[x + 5]) - Float.intBitsToFloat(data[y + 5]); p5 += d * d;
            d = Float.intBitsToFloat(data[x + 6]) - Float.intBitsToFloat(data[y + 6]); p6 += d * d;
            d = Float.intBitsToFloat(data[x + 7]) - Float.intBitsToFloat(data[y + 7]); p7 += d * d;
            d = Float.intBitsToFloat(data[x + 8]) - Float.intBitsToFloat(data[y + 8]); p8 += d * d;
            d = Float.intBitsToFloat(data[x + 9]) - Float.intBitsToFloat(data[y + 9]); p9 += d * d;
            d = Float.intBitsToFloat(data[x + 10]) - Float.intBitsToFloat(data[y + 10]); p10 += d * d;
            d = Float.intBitsToFloat(data[x + 11]) - Float.intBitsToFloat(data[y + 11]); p11 += d * d;
            d = Float.intBitsToFloat(data[x + 12]) - Float.intBitsToFloat(data[y + 12]); p12 += d * d;
            d = Float.intBitsToFloat(data[x + 13]) - Float.intBitsToFloat(data[y + 13]); p13 += d * d;
            d = Float.intBitsToFloat(data[x + 14]) - Float.intBitsToFloat(data[y + 14]); p14 += d * d;
            d = Float.intBitsToFloat(data[x + 15]) - Float.intBitsToFloat(data[y + 15]); p15 += d * d;
        }
        float q0 = p0 + p8, q1 = p1 + p9, q2 = p2 + p10, q3 = p3 + p11;
        float q4 = p4 + p12, q5 = p5 + p13, q6 = p6 + p14, q7 = p7 + p15;
        float r0 = q0 + q4, r1 = q1 + q5, r2 = q2 + q6, r3 = q3 + q7;
        float sum = (r0 + r2) + (r1 + r3);
        return sum + tailStored(data, other, offset, i, dimension);
    }

    /** {@link #tail} for two stored vectors. */
    static float tailStored(int[] data, int other, int offset, int from, int dimension) {
        float sum = 0;
        for (int i = from; i < dimension; i++) {
            float d = Float.intBitsToFloat(data[other + i]) - Float.intBitsToFloat(data[offset + i]);
            sum += d * d;
        }
        return sum;
    }

    /** The dimensions from {@code from} on, one by one (both paths). */
    static float tail(float[] q, int[] data, int offset, int from, int dimension) {
        float sum = 0;
        for (int i = from; i < dimension; i++) {
            float d = q[i] - Float.intBitsToFloat(data[offset + i]);
            sum += d * d;
        }
        return sum;
    }

    private static boolean vectorApiReadable() {
        if (!Boolean.parseBoolean(System.getProperty("siamese.vector", "true"))) {
            return false;
        }
        return ModuleLayer.boot().findModule("jdk.incubator.vector")
                .map(SquaredDistance.class.getModule()::canRead)
                .orElse(false);
    }
}
