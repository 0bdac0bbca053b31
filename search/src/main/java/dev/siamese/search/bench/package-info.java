/**
 * Command-line benchmarks of the search module ({@link dev.siamese.search.bench.KnnBenchmark},
 * {@link dev.siamese.search.bench.IndexBenchmark}); exported to the application only, which runs them as
 * {@code siamese bench knn} and {@code siamese bench index}. They also run on their own with
 * {@code java -p <module path> -m dev.siamese.search/dev.siamese.search.bench.KnnBenchmark}.
 */
package dev.siamese.search.bench;
