package dev.siamese.spark;

import dev.siamese.search.dedup.DuplicateFinder;
import dev.siamese.search.dedup.DuplicateGroup;
import dev.siamese.search.dedup.DuplicateGroups;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups the pairs of one connected component exactly as {@code siamese dedup} groups them on one machine
 * ({@link DuplicateFinder#components} then {@link DuplicateGroups#groupedAs}): members in id (path) order, pairs in
 * order of their members. Emits one row per group: component, the id of its first member, and the group as the
 * reports write it ({@link GroupsTable}). Holds one component at a time.
 */
final class GroupComponent implements FlatMapFunction<Tuple2<Long, Iterable<Row>>, Row> {

    private final String metric;
    private final double threshold;
    private final DuplicateGroups.Grouping grouping;

    GroupComponent(String metric, double threshold, DuplicateGroups.Grouping grouping) {
        this.metric = metric;
        this.threshold = threshold;
        this.grouping = grouping;
    }

    /** Rows in: {@code a, b, distance, pathA, pathB}. */
    @Override
    public java.util.Iterator<Row> call(Tuple2<Long, Iterable<Row>> component) {
        TreeMap<Long, String> members = new TreeMap<>();
        List<Row> pairs = new ArrayList<>();
        for (Row r : component._2()) {
            members.put(r.getLong(0), r.getString(3));
            members.put(r.getLong(1), r.getString(4));
            pairs.add(r);
        }
        Map<Long, Integer> local = new HashMap<>();
        List<String> paths = new ArrayList<>(members.size());
        Map<String, Long> ids = new HashMap<>();
        members.forEach((id, path) -> {
            local.put(id, paths.size());
            paths.add(path);
            ids.put(path, id);
        });
        List<long[]> edges = new ArrayList<>(pairs.size());
        List<Double> distances = new ArrayList<>(pairs.size());
        for (Row r : pairs) {
            edges.add(new long[] {local.get(r.getLong(0)), local.get(r.getLong(1))});
            distances.add(r.getDouble(2));
        }
        DuplicateGroups groups = DuplicateFinder.components(paths, edges, distances, metric, threshold, false)
                .groupedAs(grouping);
        List<Row> out = new ArrayList<>();
        for (DuplicateGroup g : groups.groups()) {
            out.add(GroupsTable.row(component._1(), ids.get(g.paths().get(0)), g));
        }
        return out.iterator();
    }
}
