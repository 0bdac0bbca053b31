package dev.siamese.api.internal;

import dev.siamese.api.image.ImageShape;

/**
 * {@code Augmenter.warp} as it was before the resampling moved to {@link Resampling}, kept verbatim so that
 * {@link ResamplingSameAsBeforeTest} can check the new code gives the same floats.
 */
final class WarpReference {
    private WarpReference() {
    }

    /**
     * Samples the window of size {@code windowW x windowH} centred on ({@code cx, cy}) and turned by {@code angle}
     * back onto the full picture size, bilinearly; outside the picture is 0.
     */
    static float[] warp(float[] source, ImageShape shape, double cx, double cy, double windowW, double windowH, double angle) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        float[] out = new float[shape.length()];
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double scaleX = windowW / w;
        double scaleY = windowH / h;
        for (int oy = 0; oy < h; oy++) {
            double py = (oy + 0.5 - h / 2.0) * scaleY;
            for (int ox = 0; ox < w; ox++) {
                double px = (ox + 0.5 - w / 2.0) * scaleX;
                double sx = cx + cos * px - sin * py - 0.5;
                double sy = cy + sin * px + cos * py - 0.5;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                int o = (oy * w + ox) * c;
                for (int ch = 0; ch < c; ch++) {
                    double v = (1 - fy) * ((1 - fx) * at(source, shape, y0, x0, ch) + fx * at(source, shape, y0, x0 + 1, ch))
                            + fy * ((1 - fx) * at(source, shape, y0 + 1, x0, ch) + fx * at(source, shape, y0 + 1, x0 + 1, ch));
                    out[o + ch] = (float) v;
                }
            }
        }
        return out;
    }

    /** A pixel value; a pixel just outside the picture repeats the edge, one further out is black. */
    private static float at(float[] source, ImageShape shape, int y, int x, int ch) {
        int h = shape.height();
        int w = shape.width();
        if (y < -1 || x < -1 || y > h || x > w) {
            return 0f;
        }
        int yy = Math.min(h - 1, Math.max(0, y));
        int xx = Math.min(w - 1, Math.max(0, x));
        return source[(yy * w + xx) * shape.channels() + ch];
    }
}
