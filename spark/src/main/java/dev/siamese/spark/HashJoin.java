package dev.siamese.spark;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Pairs of hashes within B bits, exactly, by multi-index hashing: the 64 bits are cut into B + 1 chunks, and two
 * hashes within B bits agree on at least one whole chunk (pigeonhole), so only hashes that share a chunk value are
 * compared. Rows {@code chunk, value, id, hash} arrive sorted by chunk and value; a pair is emitted only for the
 * first chunk on which its hashes agree, so each comes out once. Efficient for small B (chunks of 6 bits or more).
 */
final class HashJoin implements FlatMapFunction<Iterator<Row>, Row> {

    private final int bits;

    HashJoin(int bits) {
        this.bits = bits;
    }

    /** The value of chunk {@code c} (of {@code bits + 1}) of {@code hash}. */
    static long chunk(long hash, int c, int bits) {
        int chunks = bits + 1;
        int from = c * 64 / chunks;
        int to = (c + 1) * 64 / chunks;
        long mask = to - from == 64 ? -1L : (1L << (to - from)) - 1;
        return (hash >>> from) & mask;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> sorted) {
        List<Row> out = new ArrayList<>();
        List<Row> bucket = new ArrayList<>();
        while (sorted.hasNext()) {
            Row r = sorted.next();
            if (!bucket.isEmpty() && (bucket.get(0).getInt(0) != r.getInt(0) || bucket.get(0).getLong(1) != r.getLong(1))) {
                pairs(bucket, out);
                bucket.clear();
            }
            bucket.add(r);
        }
        pairs(bucket, out);
        return out.iterator();
    }

    private void pairs(List<Row> bucket, List<Row> out) {
        int n = bucket.size();
        if (n < 2) {
            return;
        }
        int c = bucket.get(0).getInt(0);
        for (int i = 0; i < n; i++) {
            long hi = bucket.get(i).getLong(3);
            long idi = bucket.get(i).getLong(2);
            for (int j = i + 1; j < n; j++) {
                long hj = bucket.get(j).getLong(3);
                int d = Long.bitCount(hi ^ hj);
                if (d <= bits && firstAgreeing(hi, hj) == c) {
                    long idj = bucket.get(j).getLong(2);
                    out.add(RowFactory.create(Math.min(idi, idj), Math.max(idi, idj), (double) d));
                }
            }
        }
    }

    private int firstAgreeing(long a, long b) {
        for (int c = 0; c <= bits; c++) {
            if (chunk(a, c, bits) == chunk(b, c, bits)) {
                return c;
            }
        }
        return -1;
    }
}
