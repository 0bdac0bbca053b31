package dev.siamese.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@link BenchReport} as JSON: one object per record, keys named after the record components
 * ({@code roof.gflops}, {@code training[0].pairsPerSecond}, ...). Built as a tree here rather than by Jackson's
 * data binding, so the report records need not be opened to Jackson.
 */
public final class BenchJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BenchJson() {
    }

    public static JsonNode toTree(BenchReport report) {
        return node(report);
    }

    public static String toJson(BenchReport report) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toTree(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the report to {@code file}, creating its parent folders. */
    public static void write(BenchReport report, Path file) {
        write((Record) report, file);
    }

    /**
     * Writes any benchmark result record (e.g. of {@code siamese bench index} or {@code knn}) to {@code file}, keys
     * named after its components, creating the parent folders.
     */
    public static void write(Record result, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node(result))
                    + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark JSON to " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode node(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof Record record) {
            ObjectNode object = f.objectNode();
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                try {
                    object.set(c.getName(), node(c.getAccessor().invoke(record)));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass(), e);
                }
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = f.arrayNode();
            list.forEach(v -> array.add(node(v)));
            return array;
        }
        if (value instanceof double[] doubles) {
            ArrayNode array = f.arrayNode();
            for (double d : doubles) {
                array.add(d);
            }
            return array;
        }
        if (value instanceof Double d) {
            return f.numberNode(d);
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof Integer i) {
            return f.numberNode(i);
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        return f.textNode(value.toString());
    }
}
