package dev.siamese.data.readers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A builder for the pen strokes of one glyph, in a unit box (x to the right, y downwards, both in [0, 1]).
 * Each stroke is a polyline stored as interleaved x, y values; arcs and curves are flattened here once,
 * so rendering only ever sees straight segments.
 */
final class StrokePath {
    private static final int ARC_POINTS_PER_TURN = 32;
    private static final int CURVE_POINTS = 10;

    private final List<float[]> strokes = new ArrayList<>();
    private float[] current = new float[0];
    private int currentLength;

    /** Lifts the pen and starts a new stroke at (x, y). */
    StrokePath moveTo(double x, double y) {
        finishStroke();
        add(x, y);
        return this;
    }

    /** Draws a straight line from the pen to (x, y). */
    StrokePath lineTo(double x, double y) {
        add(x, y);
        return this;
    }

    /**
     * Draws an arc of the ellipse centred at (cx, cy) with radii rx, ry, from angle {@code fromDegrees} to
     * {@code toDegrees} (0 = right, 90 = down, so increasing angles run clockwise on screen). The pen moves
     * to the arc's start with a straight line if it is already down.
     */
    StrokePath arc(double cx, double cy, double rx, double ry, double fromDegrees, double toDegrees) {
        int steps = Math.max(4, (int) Math.ceil(Math.abs(toDegrees - fromDegrees) / 360.0 * ARC_POINTS_PER_TURN));
        for (int i = 0; i <= steps; i++) {
            double angle = Math.toRadians(fromDegrees + (toDegrees - fromDegrees) * i / steps);
            add(cx + rx * Math.cos(angle), cy + ry * Math.sin(angle));
        }
        return this;
    }

    /** Draws a cubic Bézier curve from the pen through control points 1 and 2 to (x, y). */
    StrokePath curveTo(double x1, double y1, double x2, double y2, double x, double y) {
        if (currentLength < 2) {
            throw new IllegalStateException("curveTo needs a pen position; call moveTo first");
        }
        double x0 = current[currentLength - 2];
        double y0 = current[currentLength - 1];
        for (int i = 1; i <= CURVE_POINTS; i++) {
            double t = (double) i / CURVE_POINTS;
            double u = 1 - t;
            double a = u * u * u;
            double b = 3 * u * u * t;
            double c = 3 * u * t * t;
            double d = t * t * t;
            add(a * x0 + b * x1 + c * x2 + d * x, a * y0 + b * y1 + c * y2 + d * y);
        }
        return this;
    }

    /** The finished glyph. */
    Glyph build() {
        finishStroke();
        return new Glyph(strokes.toArray(new float[0][]));
    }

    private void add(double x, double y) {
        if (currentLength + 2 > current.length) {
            current = Arrays.copyOf(current, Math.max(16, current.length * 2));
        }
        current[currentLength++] = (float) x;
        current[currentLength++] = (float) y;
    }

    private void finishStroke() {
        if (currentLength >= 4) {
            strokes.add(Arrays.copyOf(current, currentLength));
        } else if (currentLength > 0) {
            throw new IllegalStateException("a stroke needs at least two points");
        }
        current = new float[0];
        currentLength = 0;
    }

    /** The strokes of one way of writing a digit; each stroke is a polyline of interleaved x, y values. */
    record Glyph(float[][] strokes) {
        int pointCount() {
            int count = 0;
            for (float[] stroke : strokes) {
                count += stroke.length / 2;
            }
            return count;
        }
    }
}
