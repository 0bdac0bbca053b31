package dev.siamese.spark;

import dev.siamese.api.model.Embeddings;
import dev.siamese.search.DuplicateFinder;
import dev.siamese.search.IndexPairs;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The exact join inside each cell: rows {@code cell, id, hash, embedding, cells} arrive sorted by cell, then id; one
 * cell at a time is gathered and every pair in it closer than the threshold (with the model's hash term, when given)
 * is found by the blocked kernel of {@link DuplicateFinder#pairs}. A pair is emitted only by the lowest-numbered cell
 * its two vectors share, so each pair comes out once however many cells hold both. Holds one cell at a time.
 */
final class CellJoin implements FlatMapFunction<Iterator<Row>, Row> {

    private final double threshold;
    private final double bitWeight;
    private final boolean withHashes;

    CellJoin(double threshold, double bitWeight, boolean withHashes) {
        this.threshold = threshold;
        this.bitWeight = bitWeight;
        this.withHashes = withHashes;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> sorted) {
        return new Iterator<>() {
            private Row pending;
            private final List<Row> ready = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                while (next >= ready.size()) {
                    ready.clear();
                    next = 0;
                    if (pending == null && !sorted.hasNext()) {
                        return false;
                    }
                    List<Row> cell = new ArrayList<>();
                    Row first = pending != null ? pending : sorted.next();
                    pending = null;
                    cell.add(first);
                    while (sorted.hasNext()) {
                        Row r = sorted.next();
                        if (r.getInt(0) != first.getInt(0)) {
                            pending = r;
                            break;
                        }
                        cell.add(r);
                    }
                    join(first.getInt(0), cell, ready);
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }

    private void join(int cell, List<Row> members, List<Row> out) {
        int n = members.size();
        if (n < 2) {
            return;
        }
        int dimension = members.get(0).getList(3).size();
        float[] values = new float[n * dimension];
        long[] ids = new long[n];
        long[] hashes = new long[n];
        int[][] cells = new int[n][];
        for (int i = 0; i < n; i++) {
            Row r = members.get(i);
            ids[i] = r.getLong(1);
            hashes[i] = r.getLong(2);
            System.arraycopy(Rows.floats(r, 3), 0, values, i * dimension, dimension);
            cells[i] = Rows.ints(r, 4);
        }
        IndexPairs pairs = DuplicateFinder.pairs(Embeddings.adopt(n, dimension, values), withHashes ? hashes : null,
                threshold, bitWeight, 1, DuplicateFinder.Progress.NONE);
        for (int p = 0; p < pairs.size(); p++) {
            int a = pairs.first()[p];
            int b = pairs.second()[p];
            if (firstShared(cells[a], cells[b]) == cell) {
                out.add(RowFactory.create(Math.min(ids[a], ids[b]), Math.max(ids[a], ids[b]), pairs.distances()[p]));
            }
        }
    }

    /** The lowest cell number both lists hold. */
    static int firstShared(int[] x, int[] y) {
        int best = Integer.MAX_VALUE;
        for (int a : x) {
            for (int b : y) {
                if (a == b && a < best) {
                    best = a;
                }
            }
        }
        return best;
    }
}
