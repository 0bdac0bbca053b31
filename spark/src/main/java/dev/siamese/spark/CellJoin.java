package dev.siamese.spark;

import dev.siamese.api.model.Embeddings;
import dev.siamese.search.dedup.DuplicateFinder;
import dev.siamese.search.dedup.IndexPairs;
import dev.siamese.search.knn.KMeansCells;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The exact join inside each cell: rows {@code cell, rank, id, hash, embedding} arrive sorted by cell, rank and id,
 * where rank is -1 for the vectors at home in the cell and the bisector margin for its guests
 * ({@link KMeansCells#assign}). One cell at a time is gathered: all its home vectors and at most {@code guestLimit}
 * guests, nearest the bisectors first, so that no cell grows beyond its share however many vectors have it among
 * their nearest cells; every pair among them closer than the threshold (with the model's hash term, when given) is
 * found by the blocked kernel of {@link DuplicateFinder#pairs}. A pair found in several cells comes out of each;
 * the job keeps it once. Holds one cell at a time.
 */
final class CellJoin implements FlatMapFunction<Iterator<Row>, Row> {

    private final double threshold;
    private final double bitWeight;
    private final boolean withHashes;
    private final long guestLimit;

    CellJoin(double threshold, double bitWeight, boolean withHashes, long guestLimit) {
        this.threshold = threshold;
        this.bitWeight = bitWeight;
        this.withHashes = withHashes;
        this.guestLimit = guestLimit;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> sorted) {
        return new ChunkIterator<>() {
            private Row pending;

            @Override
            List<Row> nextChunk() {
                if (pending == null && !sorted.hasNext()) {
                    return null;
                }
                List<Row> cell = new ArrayList<>();
                Row first = pending != null ? pending : sorted.next();
                pending = null;
                cell.add(first);
                long guests = first.getDouble(1) < 0 ? 0 : 1;
                while (sorted.hasNext()) {
                    Row r = sorted.next();
                    if (r.getInt(0) != first.getInt(0)) {
                        pending = r;
                        break;
                    }
                    if (r.getDouble(1) >= 0 && ++guests > guestLimit) {
                        continue;
                    }
                    cell.add(r);
                }
                List<Row> pairs = new ArrayList<>();
                join(cell, pairs);
                return pairs;
            }
        };
    }

    private void join(List<Row> members, List<Row> out) {
        int n = members.size();
        if (n < 2) {
            return;
        }
        int dimension = members.get(0).getList(4).size();
        float[] values = new float[n * dimension];
        long[] ids = new long[n];
        long[] hashes = new long[n];
        for (int i = 0; i < n; i++) {
            Row r = members.get(i);
            ids[i] = r.getLong(2);
            hashes[i] = r.getLong(3);
            System.arraycopy(Rows.floats(r, 4), 0, values, i * dimension, dimension);
        }
        IndexPairs pairs = DuplicateFinder.pairs(Embeddings.adopt(n, dimension, values), withHashes ? hashes : null,
                threshold, bitWeight, 1, DuplicateFinder.Progress.NONE);
        for (int p = 0; p < pairs.size(); p++) {
            long a = ids[pairs.first()[p]];
            long b = ids[pairs.second()[p]];
            out.add(RowFactory.create(Math.min(a, b), Math.max(a, b), pairs.distances()[p]));
        }
    }
}
