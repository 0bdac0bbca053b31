package dev.siamese.search.internal;

/** Runs one body on several threads (named {@code name-0}, {@code name-1}, ...) and rethrows the first failure. */
public final class Parallel {
    private Parallel() {
    }

    public static void run(int threads, String name, Runnable body) {
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
            workers[t] = new Thread(body, name + "-" + t);
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
                throw new IllegalStateException("interrupted while waiting for the " + name + " threads", e);
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
