package dev.siamese.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where executors find a model: the shipped near-duplicate twin (inside the job's jar) or a model or run directory
 * under any Hadoop file-system URI ({@code hdfs://}, {@code s3a://}, or a local path every executor can read).
 */
public record ModelSource(String uri) implements Serializable {

    /** The shipped near-duplicate twin. */
    public static final ModelSource SHIPPED = new ModelSource("");

    public ModelSource {
        Objects.requireNonNull(uri, "uri");
    }

    /** The shipped twin for null or blank, else the directory at {@code uri}. */
    public static ModelSource of(String uri) {
        return uri == null || uri.isBlank() ? SHIPPED : new ModelSource(uri.strip());
    }

    /** Whether it is the shipped twin. */
    public boolean shipped() {
        return uri.isEmpty();
    }

    @Override
    public String toString() {
        return shipped() ? "the shipped near-duplicate twin" : uri;
    }
}
