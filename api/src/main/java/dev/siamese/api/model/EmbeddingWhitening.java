package dev.siamese.api.model;

import dev.siamese.api.ModelException;

import java.util.Arrays;
import java.util.Objects;

/**
 * A whitening of embeddings fitted on a sample of training pictures: {@code y = T (x - mean)}, where {@code T} is the
 * inverse Cholesky factor of the sample's covariance with {@code shrinkage} times its mean variance added to the
 * diagonal. Euclidean distances of whitened embeddings are Mahalanobis distances under that covariance: directions in
 * which the training pictures' embeddings hardly vary weigh more, directions that vary a lot weigh less. Shrinkage keeps
 * the rarest directions from dominating. Fitted after training (it changes no weight) and saved with the model.
 *
 * @param shrinkage the multiple of the mean variance added to every variance, {@code > 0}
 * @param mean      the sample's mean embedding, {@code d} values
 * @param transform {@code T}, lower triangular, {@code d x d} values row by row
 */
public record EmbeddingWhitening(double shrinkage, float[] mean, float[] transform) {

    public EmbeddingWhitening {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(transform, "transform");
        if (!(shrinkage > 0) || Double.isInfinite(shrinkage)) {
            throw new IllegalArgumentException("whitening shrinkage must be a positive number, got " + shrinkage);
        }
        int d = mean.length;
        if (d == 0 || (long) d * d != transform.length) {
            throw new IllegalArgumentException("a whitening of " + d + "-D embeddings needs " + ((long) d * d)
                    + " transform values, got " + transform.length);
        }
        for (float v : mean) {
            requireFinite(v);
        }
        for (float v : transform) {
            requireFinite(v);
        }
        mean = mean.clone();
        transform = transform.clone();
    }

    private static void requireFinite(float v) {
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException("a whitening's values must be finite, got " + v);
        }
    }

    /** Fits the whitening of {@code sample} (at least two embeddings that are not all equal). */
    public static EmbeddingWhitening fit(Embeddings sample, double shrinkage) {
        int n = sample.count();
        int d = sample.dimension();
        if (n < 2) {
            throw new ModelException("fitting a whitening needs at least 2 embeddings, got " + n);
        }
        double[] mean = new double[d];
        float[] x = sample.toArray();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                mean[k] += x[i * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            mean[k] /= n;
        }
        double[] cov = new double[d * d];
        double[] centred = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                centred[k] = x[i * d + k] - mean[k];
            }
            for (int a = 0; a < d; a++) {
                double ca = centred[a];
                for (int b = 0; b <= a; b++) {
                    cov[a * d + b] += ca * centred[b];
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                cov[a * d + b] /= n - 1;
            }
            trace += cov[a * d + a];
        }
        if (!(trace > 0)) {
            throw new ModelException("cannot fit a whitening: the " + n + " sample embeddings are all equal");
        }
        double ridge = shrinkage * trace / d;
        for (int a = 0; a < d; a++) {
            cov[a * d + a] += ridge;
        }
        double[] l = cholesky(cov, d);
        double[] inverse = invertLower(l, d);
        float[] m = new float[d];
        float[] t = new float[d * d];
        for (int k = 0; k < d; k++) {
            m[k] = (float) mean[k];
        }
        for (int k = 0; k < d * d; k++) {
            t[k] = (float) inverse[k];
        }
        return new EmbeddingWhitening(shrinkage, m, t);
    }

    /** The lower triangular {@code L} with {@code L L^T = a} (only a's lower triangle is read). */
    private static double[] cholesky(double[] a, int d) {
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i * d + j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i * d + k] * l[j * d + k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        throw new ModelException("cannot fit a whitening: the covariance is not positive definite");
                    }
                    l[i * d + i] = Math.sqrt(sum);
                } else {
                    l[i * d + j] = sum / l[j * d + j];
                }
            }
        }
        return l;
    }

    /** The inverse of a lower triangular matrix, by forward substitution column by column. */
    private static double[] invertLower(double[] l, int d) {
        double[] inv = new double[d * d];
        for (int c = 0; c < d; c++) {
            inv[c * d + c] = 1 / l[c * d + c];
            for (int i = c + 1; i < d; i++) {
                double sum = 0;
                for (int k = c; k < i; k++) {
                    sum -= l[i * d + k] * inv[k * d + c];
                }
                inv[i * d + c] = sum / l[i * d + i];
            }
        }
        return inv;
    }

    /** Embedding length this whitening takes and gives. */
    public int dimension() {
        return mean.length;
    }

    /** The whitened embeddings. */
    public Embeddings apply(Embeddings e) {
        int d = dimension();
        if (e.dimension() != d) {
            throw new ModelException("this whitening takes " + d + "-D embeddings, got " + e.dimension() + "-D");
        }
        float[] x = e.toArray();
        float[] y = new float[x.length];
        double[] centred = new double[d];
        for (int i = 0; i < e.count(); i++) {
            for (int k = 0; k < d; k++) {
                centred[k] = x[i * d + k] - mean[k];
            }
            for (int a = 0; a < d; a++) {
                double sum = 0;
                for (int b = 0; b <= a; b++) {
                    sum += transform[a * d + b] * centred[b];
                }
                y[i * d + a] = (float) sum;
            }
        }
        return Embeddings.adopt(e.count(), d, y);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] transform() {
        return transform.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddingWhitening w && w.shrinkage == shrinkage && Arrays.equals(w.mean, mean)
                && Arrays.equals(w.transform, transform);
    }

    @Override
    public int hashCode() {
        return Objects.hash(shrinkage, Arrays.hashCode(mean), Arrays.hashCode(transform));
    }

    @Override
    public String toString() {
        return "whitening(" + dimension() + "-D, shrinkage " + shrinkage + ")";
    }
}
