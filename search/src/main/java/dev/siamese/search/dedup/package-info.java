/**
 * Near-duplicates: {@link dev.siamese.search.dedup.DuplicateFinder} finds the pairs under a threshold (bounded by a
 * pair limit, {@link dev.siamese.search.dedup.TooManyPairsException} when it is passed) and joins them into
 * {@link dev.siamese.search.dedup.DuplicateGroups}; {@link dev.siamese.search.dedup.DuplicateReports} (CSV and JSON),
 * {@link dev.siamese.search.dedup.KeepList} and {@link dev.siamese.search.dedup.ContactSheet} (HTML) report them.
 */
package dev.siamese.search.dedup;
