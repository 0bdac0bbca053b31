package dev.siamese.data.readers;

/**
 * Draws anti-aliased pen strokes onto a square grey canvas: a pixel's intensity falls off linearly with the
 * distance of its centre from the nearest segment, so strokes of any width and angle have soft edges, like
 * scanned handwriting. Overlapping strokes take the brighter value rather than adding up.
 */
final class StrokeRenderer {
    /** Width, in pixels, of the ramp from full intensity to black at a stroke's edge. */
    private static final float EDGE_SOFTNESS = 1.1f;

    private StrokeRenderer() {
    }

    /**
     * Draws the polyline of {@code pointCount} points (pixel coordinates, interleaved x, y from {@code xy[start]})
     * with the given half width onto {@code canvas[offset .. offset + size * size)}.
     */
    static void polyline(float[] xy, int start, int pointCount, float halfWidth,
                         float[] canvas, int offset, int size) {
        for (int p = 0; p + 1 < pointCount; p++) {
            int i = start + 2 * p;
            segment(xy[i], xy[i + 1], xy[i + 2], xy[i + 3], halfWidth, canvas, offset, size);
        }
    }

    static void segment(float x0, float y0, float x1, float y1, float halfWidth,
                        float[] canvas, int offset, int size) {
        float reach = halfWidth + EDGE_SOFTNESS;
        int minX = Math.max(0, (int) Math.floor(Math.min(x0, x1) - reach));
        int maxX = Math.min(size - 1, (int) Math.ceil(Math.max(x0, x1) + reach));
        int minY = Math.max(0, (int) Math.floor(Math.min(y0, y1) - reach));
        int maxY = Math.min(size - 1, (int) Math.ceil(Math.max(y0, y1) + reach));
        float dx = x1 - x0;
        float dy = y1 - y0;
        float lengthSquared = dx * dx + dy * dy;
        float inverseLength = lengthSquared > 1e-12f ? 1f / lengthSquared : 0f;
        for (int y = minY; y <= maxY; y++) {
            float cy = y + 0.5f;
            int row = offset + y * size;
            for (int x = minX; x <= maxX; x++) {
                float cx = x + 0.5f;
                float t = ((cx - x0) * dx + (cy - y0) * dy) * inverseLength;
                t = t < 0f ? 0f : (t > 1f ? 1f : t);
                float ex = cx - (x0 + t * dx);
                float ey = cy - (y0 + t * dy);
                float distance = (float) Math.sqrt(ex * ex + ey * ey);
                float value = (halfWidth - distance) / EDGE_SOFTNESS + 0.5f;
                if (value > canvas[row + x]) {
                    canvas[row + x] = value > 1f ? 1f : value;
                }
            }
        }
    }
}
