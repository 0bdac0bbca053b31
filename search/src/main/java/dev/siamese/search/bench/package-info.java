/**
 * Command-line benchmarks of the search module ({@link dev.siamese.search.bench.KnnBenchmark},
 * {@link dev.siamese.search.bench.IndexBenchmark}); not exported, run with
 * {@code java -p <module path> -m dev.siamese.search/dev.siamese.search.bench.KnnBenchmark}.
 */
package dev.siamese.search.bench;
