package dev.siamese.data.readers;

import dev.siamese.data.readers.StrokePath.Glyph;

import java.util.List;

/**
 * The handwriting models of the synthetic digits: for each digit 0-9, two or three ways of writing it,
 * as pen strokes in a unit box (x to the right, y downwards). Coordinates were tuned by eye on the
 * contact sheet that {@code SyntheticDigitsTest} writes.
 */
final class DigitGlyphs {

    /** Indexed by digit, then by variant. */
    static final List<List<Glyph>> VARIANTS = List.of(zero(), one(), two(), three(), four(),
            five(), six(), seven(), eight(), nine());

    private DigitGlyphs() {
    }

    private static StrokePath pen() {
        return new StrokePath();
    }

    private static List<Glyph> zero() {
        return List.of(
                pen().arc(0.50, 0.50, 0.40, 0.50, -90, 272).build(),
                pen().arc(0.50, 0.50, 0.34, 0.50, -105, 268).build(),
                pen().arc(0.52, 0.50, 0.28, 0.49, -70, 300).build());
    }

    private static List<Glyph> one() {
        return List.of(
                pen().moveTo(0.53, 0.00).lineTo(0.47, 1.00).build(),
                pen().moveTo(0.28, 0.24).lineTo(0.56, 0.00).lineTo(0.50, 1.00).build(),
                pen().moveTo(0.30, 0.20).lineTo(0.55, 0.00).lineTo(0.52, 1.00)
                        .moveTo(0.28, 1.00).lineTo(0.76, 1.00).build());
    }

    private static List<Glyph> two() {
        return List.of(
                pen().arc(0.50, 0.30, 0.38, 0.28, -165, 25).lineTo(0.07, 1.00).lineTo(0.95, 0.98).build(),
                pen().moveTo(0.10, 0.24).curveTo(0.22, -0.07, 0.96, -0.06, 0.82, 0.34)
                        .curveTo(0.68, 0.62, 0.32, 0.80, 0.06, 1.00)
                        .curveTo(0.40, 0.90, 0.70, 1.02, 0.96, 0.94).build(),
                pen().arc(0.48, 0.28, 0.36, 0.27, -170, 30).lineTo(0.14, 0.92)
                        .arc(0.24, 0.90, 0.11, 0.09, 180, 330).lineTo(0.95, 0.97).build());
    }

    private static List<Glyph> three() {
        return List.of(
                pen().arc(0.47, 0.27, 0.35, 0.25, -160, 95).arc(0.47, 0.73, 0.40, 0.27, -95, 150).build(),
                pen().moveTo(0.12, 0.02).lineTo(0.85, 0.02).lineTo(0.40, 0.42)
                        .arc(0.47, 0.71, 0.40, 0.29, -100, 150).build(),
                pen().arc(0.50, 0.26, 0.32, 0.24, -150, 80).lineTo(0.32, 0.49)
                        .arc(0.48, 0.74, 0.40, 0.26, -100, 145).build());
    }

    private static List<Glyph> four() {
        return List.of(
                pen().moveTo(0.62, 0.00).lineTo(0.04, 0.66).lineTo(0.96, 0.66)
                        .moveTo(0.68, 0.18).lineTo(0.66, 1.00).build(),
                pen().moveTo(0.18, 0.00).lineTo(0.10, 0.58).lineTo(0.92, 0.58)
                        .moveTo(0.72, 0.04).lineTo(0.70, 1.00).build(),
                pen().moveTo(0.25, 0.00).lineTo(0.08, 0.60).lineTo(0.70, 0.60)
                        .moveTo(0.68, 0.00).lineTo(0.68, 1.00).build());
    }

    private static List<Glyph> five() {
        return List.of(
                pen().moveTo(0.86, 0.02).lineTo(0.28, 0.02).lineTo(0.22, 0.46)
                        .arc(0.47, 0.70, 0.40, 0.28, -125, 145).build(),
                pen().moveTo(0.28, 0.02).lineTo(0.22, 0.47).arc(0.48, 0.71, 0.39, 0.28, -128, 150)
                        .moveTo(0.28, 0.02).lineTo(0.90, 0.00).build());
    }

    private static List<Glyph> six() {
        return List.of(
                pen().moveTo(0.75, 0.00).curveTo(0.45, 0.10, 0.14, 0.38, 0.14, 0.72)
                        .arc(0.48, 0.72, 0.34, 0.27, 180, 535).build(),
                pen().moveTo(0.70, 0.00).lineTo(0.19, 0.62).arc(0.48, 0.74, 0.31, 0.25, 205, 560).build());
    }

    private static List<Glyph> seven() {
        return List.of(
                pen().moveTo(0.05, 0.02).lineTo(0.95, 0.02).lineTo(0.38, 1.00).build(),
                pen().moveTo(0.05, 0.02).lineTo(0.95, 0.02).lineTo(0.40, 1.00)
                        .moveTo(0.34, 0.52).lineTo(0.82, 0.50).build(),
                pen().moveTo(0.08, 0.06).lineTo(0.92, 0.00).curveTo(0.70, 0.30, 0.46, 0.60, 0.42, 1.00).build());
    }

    private static List<Glyph> eight() {
        return List.of(
                pen().arc(0.50, 0.25, 0.30, 0.24, 90, 450).arc(0.50, 0.73, 0.37, 0.27, -90, 270).build(),
                pen().arc(0.53, 0.26, 0.26, 0.25, 90, 450).arc(0.48, 0.74, 0.34, 0.26, -90, 270).build(),
                pen().moveTo(0.80, 0.12).curveTo(0.60, -0.10, 0.10, 0.02, 0.28, 0.30)
                        .curveTo(0.42, 0.50, 0.95, 0.58, 0.82, 0.84)
                        .curveTo(0.70, 1.06, 0.15, 1.02, 0.18, 0.78)
                        .curveTo(0.22, 0.58, 0.72, 0.42, 0.76, 0.26)
                        .lineTo(0.80, 0.12).build());
    }

    private static List<Glyph> nine() {
        return List.of(
                pen().arc(0.48, 0.30, 0.36, 0.28, 0, 360).lineTo(0.80, 1.00).build(),
                pen().arc(0.48, 0.30, 0.36, 0.28, 0, 360).curveTo(0.86, 0.70, 0.72, 0.95, 0.45, 1.00).build(),
                pen().arc(0.50, 0.30, 0.34, 0.27, 10, 370).lineTo(0.60, 1.00).build());
    }
}
