package dev.siamese.evaluation.internal;

import dev.siamese.api.model.Embeddings;

import java.util.Arrays;

/**
 * The top two principal components of a set of embeddings, to draw embeddings of more than two dimensions on a
 * plane.
 *
 * <p>Computed from the d x d covariance matrix (O(n d^2)) by orthogonal (two-vector power) iteration with
 * Gram–Schmidt, from a fixed start, until the subspace stops moving (at most 10,000 iterations of O(d^2)); each
 * component's sign is fixed so that its largest-magnitude coordinate is positive, so the result is deterministic.
 * Meant for embeddings of up to a few hundred dimensions.
 *
 * @param mean          the mean embedding, subtracted before projecting
 * @param first         unit vector of the first component
 * @param second        unit vector of the second component, orthogonal to the first
 * @param variances     variance along the first and along the second component
 * @param totalVariance total variance (trace of the covariance)
 */
public record PrincipalComponents(double[] mean, double[] first, double[] second, double[] variances, double totalVariance) {
    private static final int MAX_ITERATIONS = 10_000;

    /** Validates and copies. */
    public PrincipalComponents {
        if (mean == null || first == null || second == null || variances == null
                || first.length != mean.length || second.length != mean.length || variances.length != 2) {
            throw new IllegalArgumentException("mean and both components need the same dimension, and variances two values");
        }
        mean = mean.clone();
        first = first.clone();
        second = second.clone();
        variances = variances.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] first() {
        return first.clone();
    }

    @Override
    public double[] second() {
        return second.clone();
    }

    @Override
    public double[] variances() {
        return variances.clone();
    }

    /** The share of the total variance the two components explain, in [0, 1] (1 when there is no variance). */
    public double explainedVariance() {
        return totalVariance > 0 ? Math.min(1, (variances[0] + variances[1]) / totalVariance) : 1;
    }

    /**
     * The top two components of {@code embeddings}.
     *
     * @throws IllegalArgumentException if there are no embeddings or their dimension is below 2
     */
    public static PrincipalComponents of(Embeddings embeddings) {
        if (embeddings == null || embeddings.count() == 0) {
            throw new IllegalArgumentException("principal components need at least one embedding");
        }
        int d = embeddings.dimension();
        if (d < 2) {
            throw new IllegalArgumentException("principal components need dimension >= 2, got " + d);
        }
        int n = embeddings.count();
        float[] values = embeddings.toArray();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                mean[k] += values[i * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            mean[k] /= n;
        }
        double[][] cov = new double[d][d];
        double[] centred = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                centred[k] = values[i * d + k] - mean[k];
            }
            for (int a = 0; a < d; a++) {
                double ca = centred[a];
                double[] row = cov[a];
                for (int b = a; b < d; b++) {
                    row[b] += ca * centred[b];
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= n;
                cov[b][a] = cov[a][b];
            }
            trace += cov[a][a];
        }

        // Fixed, generic start vectors: not orthogonal to any component in practice.
        double[] u = new double[d];
        double[] v = new double[d];
        for (int k = 0; k < d; k++) {
            u[k] = 1 + 0.1 * k;
            v[k] = (k % 2 == 0 ? 1 : -1) * (1 + 0.05 * k);
        }
        orthonormalise(u, v);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] nu = multiply(cov, u);
            double[] nv = multiply(cov, v);
            if (norm(nu) == 0) {
                break; // no variance at all
            }
            orthonormalise(nu, nv);
            double change = Math.max(1 - Math.abs(dot(nu, u)), 1 - Math.abs(dot(nv, v)));
            u = nu;
            v = nv;
            if (change < 1e-14) {
                break;
            }
        }
        double varianceU = dot(u, multiply(cov, u));
        double varianceV = dot(v, multiply(cov, v));
        if (varianceV > varianceU) {
            double[] swap = u;
            u = v;
            v = swap;
            double s = varianceU;
            varianceU = varianceV;
            varianceV = s;
        }
        fixSign(u);
        fixSign(v);
        return new PrincipalComponents(mean, u, v, new double[] {Math.max(0, varianceU), Math.max(0, varianceV)}, trace);
    }

    /** The coordinates of each embedding on the two components: {@code [0]} first, {@code [1]} second. */
    public double[][] project(Embeddings embeddings) {
        int d = mean.length;
        if (embeddings.dimension() != d) {
            throw new IllegalArgumentException("components of dimension " + d + " cannot project embeddings of dimension " + embeddings.dimension());
        }
        int n = embeddings.count();
        float[] values = embeddings.toArray();
        double[][] out = new double[2][n];
        for (int i = 0; i < n; i++) {
            double x = 0;
            double y = 0;
            for (int k = 0; k < d; k++) {
                double c = values[i * d + k] - mean[k];
                x += c * first[k];
                y += c * second[k];
            }
            out[0][i] = x;
            out[1][i] = y;
        }
        return out;
    }

    private static double[] multiply(double[][] m, double[] x) {
        double[] out = new double[x.length];
        for (int a = 0; a < x.length; a++) {
            out[a] = dot(m[a], x);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** Gram–Schmidt: u to unit length, v orthogonal to u and unit length (any unit vector orthogonal to u if v collapses). */
    private static void orthonormalise(double[] u, double[] v) {
        scale(u, 1 / norm(u));
        double p = dot(u, v);
        for (int i = 0; i < v.length; i++) {
            v[i] -= p * u[i];
        }
        double nv = norm(v);
        if (nv < 1e-300) {
            Arrays.fill(v, 0);
            int k = Math.abs(u[0]) < 0.9 ? 0 : 1;
            v[k] = 1;
            p = dot(u, v);
            for (int i = 0; i < v.length; i++) {
                v[i] -= p * u[i];
            }
            nv = norm(v);
        }
        scale(v, 1 / nv);
    }

    private static void scale(double[] a, double factor) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= factor;
        }
    }

    private static void fixSign(double[] a) {
        int largest = 0;
        for (int i = 1; i < a.length; i++) {
            if (Math.abs(a[i]) > Math.abs(a[largest])) {
                largest = i;
            }
        }
        if (a[largest] < 0) {
            scale(a, -1);
        }
    }
}
