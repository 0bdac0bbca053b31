/**
 * A near-duplicate benchmark from real pictures: fixed edits (resize, crop, JPEG, rotation, brightness), a set of
 * groups and distractors on disk split into calibration and test halves, and pair-level precision, recall and F1 of
 * a trained twin against the perceptual hashes at thresholds chosen on the calibration half.
 */
package dev.siamese.search.neardup;
