package dev.siamese.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** Lazily maps an iterator batch by batch, so a partition is never held whole: one batch in, its results out. */
final class Batches {

    private Batches() {
    }

    static <T, R> Iterator<R> flatMap(Iterator<T> input, int size, Function<List<T>, List<R>> work) {
        return new Iterator<>() {
            private List<R> ready = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                while (next >= ready.size()) {
                    if (!input.hasNext()) {
                        return false;
                    }
                    List<T> batch = new ArrayList<>(size);
                    while (batch.size() < size && input.hasNext()) {
                        batch.add(input.next());
                    }
                    ready = work.apply(batch);
                    next = 0;
                }
                return true;
            }

            @Override
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }
}
