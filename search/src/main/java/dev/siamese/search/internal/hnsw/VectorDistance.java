package dev.siamese.search.internal.hnsw;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SquaredDistance} on the Vector API: two 256-bit registers of running sums, folded as the plain path folds
 * them. Loaded only when {@link SquaredDistance#VECTORISED}.
 */
final class VectorDistance {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> BITS = IntVector.SPECIES_256;
    private static final VectorShuffle<Float> SWAP4 = VectorShuffle.fromValues(SPECIES, 4, 5, 6, 7, 0, 1, 2, 3);
    private static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromValues(SPECIES, 2, 3, 0, 1, 6, 7, 4, 5);
    private static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromValues(SPECIES, 1, 0, 3, 2, 5, 4, 7, 6);

    private VectorDistance() {
    }

    static float between(float[] q, int[] data, int offset, int dimension) {
        FloatVector low = FloatVector.zero(SPECIES);
        FloatVector high = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i + 16 <= dimension; i += 16) {
            FloatVector d0 = FloatVector.fromArray(SPECIES, q, i)
                    .sub(IntVector.fromArray(BITS, data, offset + i).reinterpretAsFloats());
            FloatVector d1 = FloatVector.fromArray(SPECIES, q, i + 8)
                    .sub(IntVector.fromArray(BITS, data, offset + i + 8).reinterpretAsFloats());
            // multiply then add, each rounded, as the plain loop's p += d * d
            low = low.add(d0.mul(d0));
            high = high.add(d1.mul(d1));
        }
        FloatVector sums = low.add(high);
        FloatVector r = sums.add(sums.rearrange(SWAP4));
        FloatVector s = r.add(r.rearrange(SWAP2));
        FloatVector t = s.add(s.rearrange(SWAP1));
        return t.lane(0) + SquaredDistance.tail(q, data, offset, i, dimension);
    }

    /** {@link SquaredDistance#betweenStored}. */
    static float betweenStored(int[] data, int other, int offset, int dimension) {
        FloatVector low = FloatVector.zero(SPECIES);
        FloatVector high = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i + 16 <= dimension; i += 16) {
            FloatVector d0 = IntVector.fromArray(BITS, data, other + i).reinterpretAsFloats()
                    .sub(IntVector.fromArray(BITS, data, offset + i).reinterpretAsFloats());
            FloatVector d1 = IntVector.fromArray(BITS, data, other + i + 8).reinterpretAsFloats()
                    .sub(IntVector.fromArray(BITS, data, offset + i + 8).reinterpretAsFloats());
            // multiply then add, each rounded, as the plain loop's p += d * d
            low = low.add(d0.mul(d0));
            high = high.add(d1.mul(d1));
        }
        FloatVector sums = low.add(high);
        FloatVector r = sums.add(sums.rearrange(SWAP4));
        FloatVector s = r.add(r.rearrange(SWAP2));
        FloatVector t = s.add(s.rearrange(SWAP1));
        return t.lane(0) + SquaredDistance.tailStored(data, other, offset, i, dimension);
    }
}
