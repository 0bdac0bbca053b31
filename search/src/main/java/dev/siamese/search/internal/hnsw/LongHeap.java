package dev.siamese.search.internal.hnsw;

import java.util.Arrays;

/**
 * A binary min-heap of longs, grown on demand. Graph searches push {@code (distance bits << 32) | node}: distances are
 * never negative, so their float bits order as the distances do, and ties order by node, which keeps searches
 * deterministic. A max-heap pushes the complement ({@code ~key}).
 */
final class LongHeap {
    private long[] keys;
    private int size;

    LongHeap(int capacity) {
        keys = new long[Math.max(capacity, 4)];
    }

    static long key(float distance, int node) {
        return ((long) Float.floatToRawIntBits(distance) << 32) | node;
    }

    static float distance(long key) {
        return Float.intBitsToFloat((int) (key >>> 32));
    }

    static int node(long key) {
        return (int) key;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    long top() {
        return keys[0];
    }

    void push(long key) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long p = keys[parent];
            if (p <= key) {
                break;
            }
            keys[i] = p;
            i = parent;
        }
        keys[i] = key;
    }

    long pop() {
        long top = keys[0];
        long last = keys[--size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            long c = keys[child];
            int right = child + 1;
            if (right < size && keys[right] < c) {
                child = right;
                c = keys[right];
            }
            if (last <= c) {
                break;
            }
            keys[i] = c;
            i = child;
        }
        keys[i] = last;
        return top;
    }
}
