package dev.siamese.spark;

import dev.siamese.search.dedup.DuplicateGroup;
import dev.siamese.search.dedup.DuplicatePair;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The groups table the dedup job writes, one row per group: {@code group} (numbered from 1 as {@code siamese dedup}
 * numbers them), {@code size}, {@code paths} (in path order), for each path its {@code nearest} fellow member and
 * that {@code distance}, and the {@code pairs} found inside the group ({@code first, second, distance}).
 */
public final class GroupsTable {

    static final StructType PAIR = new StructType()
            .add("first", DataTypes.StringType, false)
            .add("second", DataTypes.StringType, false)
            .add("distance", DataTypes.DoubleType, false);

    /** The table written. */
    public static final StructType SCHEMA = new StructType()
            .add("group", DataTypes.IntegerType, false)
            .add("size", DataTypes.IntegerType, false)
            .add("paths", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("nearest", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("distance", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("pairs", DataTypes.createArrayType(PAIR, false), false);

    /** Before numbering: the component and the id of the group's first member, which order the groups. */
    static final StructType UNNUMBERED = new StructType()
            .add("component", DataTypes.LongType, false)
            .add("first", DataTypes.LongType, false)
            .add("paths", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("nearest", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("distance", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("pairs", DataTypes.createArrayType(PAIR, false), false);

    private GroupsTable() {
    }

    static Row row(long component, long first, DuplicateGroup g) {
        List<String> nearest = new ArrayList<>();
        List<Double> distances = new ArrayList<>();
        for (String p : g.paths()) {
            nearest.add(g.nearest(p));
            distances.add(g.nearestDistance(p));
        }
        List<Row> pairs = new ArrayList<>();
        for (DuplicatePair p : g.pairs()) {
            pairs.add(RowFactory.create(p.first(), p.second(), p.distance()));
        }
        return RowFactory.create(component, first, g.paths().toArray(new String[0]), nearest.toArray(new String[0]),
                distances.toArray(new Double[0]), pairs.toArray(new Row[0]));
    }

    /** A row of the table back as a group. */
    static DuplicateGroup group(Row r) {
        List<String> paths = r.getList(2);
        List<Row> pairs = r.getList(5);
        List<DuplicatePair> list = new ArrayList<>(pairs.size());
        for (Row p : pairs) {
            list.add(new DuplicatePair(p.getString(0), p.getString(1), p.getDouble(2)));
        }
        return new DuplicateGroup(r.getInt(0), List.copyOf(paths), list);
    }
}
