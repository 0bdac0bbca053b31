package dev.siamese.api.model;

import dev.siamese.api.image.ImageShape;

/**
 * {@code EmbeddingViews.centreCrop} as it was before the resampling moved to {@code dev.siamese.api.internal.Resampling},
 * kept verbatim so that {@link CentreCropSameAsBeforeTest} can check the new code gives the same floats.
 */
final class CentreCropReference {
    private CentreCropReference() {
    }

    static void centreCrop(float[] src, int from, ImageShape shape, double crop, float[] dst, int to) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        if (crop == 1.0) {
            System.arraycopy(src, from, dst, to, shape.length());
            return;
        }
        Axis rows = Axis.of(h, crop);
        Axis cols = Axis.of(w, crop);
        for (int y = 0; y < h; y++) {
            int r0 = from + rows.low[y] * w * c;
            int r1 = from + rows.high[y] * w * c;
            float fy = rows.fraction[y];
            for (int x = 0; x < w; x++) {
                int c0 = cols.low[x] * c;
                int c1 = cols.high[x] * c;
                float fx = cols.fraction[x];
                int out = to + (y * w + x) * c;
                for (int ch = 0; ch < c; ch++) {
                    float top = src[r0 + c0 + ch] * (1 - fx) + src[r0 + c1 + ch] * fx;
                    float bottom = src[r1 + c0 + ch] * (1 - fx) + src[r1 + c1 + ch] * fx;
                    dst[out + ch] = top * (1 - fy) + bottom * fy;
                }
            }
        }
    }

    /** Where each output pixel of one axis samples the centre crop: two neighbours and the weight of the second. */
    private record Axis(int[] low, int[] high, float[] fraction) {
        static Axis of(int size, double crop) {
            int[] low = new int[size];
            int[] high = new int[size];
            float[] fraction = new float[size];
            double kept = size * crop;
            double offset = (size - kept) / 2;
            for (int i = 0; i < size; i++) {
                double s = offset + (i + 0.5) * kept / size - 0.5;
                s = Math.max(0, Math.min(size - 1, s));
                int l = (int) Math.floor(s);
                low[i] = l;
                high[i] = Math.min(size - 1, l + 1);
                fraction[i] = (float) (s - l);
            }
            return new Axis(low, high, fraction);
        }
    }
}
