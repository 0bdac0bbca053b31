package dev.siamese.search;

import java.util.Objects;

/** One result of an index search: the picture's path and its Euclidean distance from the query embedding. */
public record SearchHit(String path, double distance) {

    public SearchHit {
        Objects.requireNonNull(path, "path");
    }
}
