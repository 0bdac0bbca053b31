/**
 * Folders to embeddings: {@link dev.siamese.search.scan.FolderScanner} decodes pictures in parallel, bounded batches
 * for any embedding function, {@link dev.siamese.search.scan.ParallelSink} takes the batches on several threads, and
 * {@link dev.siamese.search.scan.ScanReport} counts what was read and skipped.
 */
package dev.siamese.search.scan;
