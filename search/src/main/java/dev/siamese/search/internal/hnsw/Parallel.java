package dev.siamese.search.internal.hnsw;

/** Runs one body on several threads and rethrows the first failure. */
final class Parallel {
    private Parallel() {
    }

    static void run(int threads, Runnable body) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        if (threads == 1) {
            body.run();
            return;
        }
        Thread[] workers = new Thread[threads];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(body, "hnsw-build-" + t);
            workers[t].setUncaughtExceptionHandler((thread, e) -> {
                synchronized (failure) {
                    if (failure[0] == null) {
                        failure[0] = e;
                    }
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while building the graph", e);
            }
        }
        synchronized (failure) {
            if (failure[0] instanceof RuntimeException r) {
                throw r;
            }
            if (failure[0] instanceof Error e) {
                throw e;
            }
        }
    }
}
