package dev.siamese.spark;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An iterator over results made a chunk at a time (a batch of pictures, a cell of vectors), so a partition is never
 * held whole: the next chunk is made only when the last one has been handed out.
 */
abstract class ChunkIterator<R> implements Iterator<R> {
    private List<R> ready = List.of();
    private int next;

    /** The next chunk of results, possibly empty, or null when there are no more. */
    abstract List<R> nextChunk();

    @Override
    public final boolean hasNext() {
        while (next >= ready.size()) {
            List<R> chunk = nextChunk();
            if (chunk == null) {
                return false;
            }
            ready = chunk;
            next = 0;
        }
        return true;
    }

    @Override
    public final R next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.get(next++);
    }
}
