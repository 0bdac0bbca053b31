package dev.siamese.search.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BlockKernel}'s dot products of four query rows with a gallery tile on the Vector API, in the widest registers
 * the processor has. Loaded only when {@link VectorApi} found the {@code jdk.incubator.vector} module readable.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorKernels() {
    }

    static int bits() {
        return SPECIES.vectorBitSize();
    }

    /**
     * {@link BlockKernel#dots4}, with the same result bit for bit (each dot product is the same chain of fused
     * multiply-adds over the dimensions in order), but with the four rows' sums for two registers of columns kept in
     * registers across all dimensions, so that the loop does two gallery loads per eight multiply-adds and never
     * reloads or stores a partial sum. Needs the tile rows to be {@link BlockKernel#TILE} long (it computes up to the
     * next multiple of two registers past {@code cols}; the entries past {@code cols} are left as they fall).
     */
    static void dots4(float[] q, int dim, int b0, int b1, int b2, int b3, float[][] tile, int cols,
                      float[] a0, float[] a1, float[] a2, float[] a3) {
        int step = 2 * LANES;
        for (int j = 0; j < cols; j += step) {
            FloatVector c00 = FloatVector.zero(SPECIES);
            FloatVector c01 = FloatVector.zero(SPECIES);
            FloatVector c10 = FloatVector.zero(SPECIES);
            FloatVector c11 = FloatVector.zero(SPECIES);
            FloatVector c20 = FloatVector.zero(SPECIES);
            FloatVector c21 = FloatVector.zero(SPECIES);
            FloatVector c30 = FloatVector.zero(SPECIES);
            FloatVector c31 = FloatVector.zero(SPECIES);
            for (int d = 0; d < dim; d++) {
                float[] row = tile[d];
                FloatVector g0 = FloatVector.fromArray(SPECIES, row, j);
                FloatVector g1 = FloatVector.fromArray(SPECIES, row, j + LANES);
                FloatVector p = FloatVector.broadcast(SPECIES, q[b0 + d]);
                c00 = p.fma(g0, c00);
                c01 = p.fma(g1, c01);
                p = FloatVector.broadcast(SPECIES, q[b1 + d]);
                c10 = p.fma(g0, c10);
                c11 = p.fma(g1, c11);
                p = FloatVector.broadcast(SPECIES, q[b2 + d]);
                c20 = p.fma(g0, c20);
                c21 = p.fma(g1, c21);
                p = FloatVector.broadcast(SPECIES, q[b3 + d]);
                c30 = p.fma(g0, c30);
                c31 = p.fma(g1, c31);
            }
            c00.intoArray(a0, j);
            c01.intoArray(a0, j + LANES);
            c10.intoArray(a1, j);
            c11.intoArray(a1, j + LANES);
            c20.intoArray(a2, j);
            c21.intoArray(a2, j + LANES);
            c30.intoArray(a3, j);
            c31.intoArray(a3, j + LANES);
        }
    }

    /** Whether {@link #dots4} can run on tiles of {@code tileLength} columns. */
    static boolean fitsTiles(int tileLength) {
        return tileLength % (2 * LANES) == 0;
    }
}
