package dev.siamese.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/** Lazily maps an iterator batch by batch, so a partition is never held whole: one batch in, its results out. */
final class Batches {

    private Batches() {
    }

    static <T, R> Iterator<R> flatMap(Iterator<T> input, int size, Function<List<T>, List<R>> work) {
        return new ChunkIterator<>() {
            @Override
            List<R> nextChunk() {
                if (!input.hasNext()) {
                    return null;
                }
                List<T> batch = new ArrayList<>(size);
                while (batch.size() < size && input.hasNext()) {
                    batch.add(input.next());
                }
                return work.apply(batch);
            }
        };
    }
}
