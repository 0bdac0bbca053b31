package dev.siamese.spark;

import org.apache.spark.sql.Row;

import java.util.List;

/** Reads array columns of Spark rows into primitive arrays. */
final class Rows {

    private Rows() {
    }

    static float[] floats(Row row, int column) {
        List<Float> values = row.getList(column);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    static int[] ints(Row row, int column) {
        List<Integer> values = row.getList(column);
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
