package dev.siamese.spark;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.graphx.Edge;
import org.apache.spark.graphx.Graph;
import org.apache.spark.graphx.lib.ConnectedComponents;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Connected components of the pair graph with GraphX: each picture that has a pair gets the smallest id in its
 * component, which, ids being given in path order, is the component's first member in the order groups are numbered.
 */
final class Components {

    private Components() {
    }

    /** {@code (id, component)} for every id that appears in {@code edges} ({@code (a, b)} pairs of ids). */
    static JavaPairRDD<Long, Long> of(JavaRDD<Tuple2<Long, Long>> edges) {
        ClassTag<Object> any = ClassTag$.MODULE$.Any();
        JavaRDD<Edge<Object>> graphEdges = edges.map(e -> new Edge<>(e._1(), e._2(), (Object) Boolean.TRUE));
        Graph<Object, Object> graph = Graph.fromEdges(graphEdges.rdd(), (Object) Boolean.TRUE,
                StorageLevel.MEMORY_AND_DISK(), StorageLevel.MEMORY_AND_DISK(), any, any);
        Graph<Object, Object> components = ConnectedComponents.run(graph, any, any);
        return components.vertices().toJavaRDD()
                .mapToPair(v -> new Tuple2<>((Long) v._1(), (Long) v._2()));
    }
}
