package dev.siamese.tf.internal;

import dev.siamese.api.ModelException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The twin subnet as a list of layers: which variables it needs, their He-initialised starting values, and how to
 * apply it to a batch of NHWC pictures in a graph. The training graph and the exported inference graph both build
 * the subnet from this one description, so the two compute the same function from the same weights.
 */
public final class TfSubnet {

    /** One trainable tensor of the subnet: its variable name, shape and fan-in (for He initialisation). */
    public record Param(String name, long[] shape, int fanIn, boolean bias) {
        public int size() {
            long size = 1;
            for (long d : shape) {
                size *= d;
            }
            return Math.toIntExact(size);
        }

        public Shape tfShape() {
            return Shape.of(shape);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    private interface Layer {
        Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Map<String, ? extends Operand<TFloat32>> weights);
    }

    private final ImageShape input;
    private final int embeddingDimension;
    private final List<Param> params = new ArrayList<>();
    private final List<Layer> layers = new ArrayList<>();

    private TfSubnet(ImageShape input, int embeddingDimension) {
        this.input = input;
        this.embeddingDimension = embeddingDimension;
    }

    /** The subnet for {@code architecture} on pictures of shape {@code input}. */
    public static TfSubnet of(ImageShape input, ArchitectureSpec architecture) {
        TfSubnet subnet = new TfSubnet(input, architecture.embeddingDimension());
        if (architecture instanceof ArchitectureSpec.Mlp mlp) {
            subnet.buildMlp(mlp);
        } else if (architecture instanceof ArchitectureSpec.ConvNet conv) {
            subnet.buildConv(conv);
        } else {
            throw new ModelException("the TensorFlow backend cannot build architecture " + architecture
                    + "; it supports ArchitectureSpec.Mlp and ArchitectureSpec.ConvNet");
        }
        subnet.requireFits(architecture, Runtime.getRuntime().maxMemory());
        return subnet;
    }

    /**
     * Refuses, before any graph is built or any weight allocated, a subnet whose weights cannot exist: a tensor larger
     * than one array holds, or starting values (4 bytes a weight, all held in the Java heap at once) larger than the
     * largest heap {@code maxHeapBytes}. Training then needs about four times the weights again outside the heap
     * (weights, gradients and two optimizer slots in TensorFlow), which this does not check.
     */
    void requireFits(ArchitectureSpec architecture, long maxHeapBytes) {
        long total = 0;
        long largest = 0;
        for (Param p : params) {
            long size = 1;
            for (long d : p.shape()) {
                size = Math.multiplyHigh(size, d) == 0 && size * d >= 0 ? size * d : Long.MAX_VALUE;
            }
            largest = Math.max(largest, size);
            total = total + size < 0 ? Long.MAX_VALUE : total + size;
        }
        String what = describe(architecture) + " on " + input.height() + " x " + input.width() + " x " + input.channels()
                + " pictures";
        if (largest > Integer.MAX_VALUE - 8) {
            throw new ModelException(String.format(java.util.Locale.ROOT, "%s needs a weight tensor of %,d values, more"
                    + " than one array holds (%,d); use narrower layers", what, largest, Integer.MAX_VALUE - 8));
        }
        long bytes = total > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : total * 4;
        if (bytes > maxHeapBytes) {
            throw new ModelException(String.format(java.util.Locale.ROOT, "%s has %,d weights: %,d MB as 32-bit floats"
                            + " (and about four times that while training), more than the %,d MB this Java may use; use"
                            + " narrower or fewer layers, or give Java more memory (-Xmx)", what, total, bytes >> 20,
                    maxHeapBytes >> 20));
        }
    }

    private static String describe(ArchitectureSpec architecture) {
        if (architecture instanceof ArchitectureSpec.Mlp mlp) {
            return "the MLP (model.mlp.hidden = " + mlp.hidden() + ", embedding " + mlp.embeddingDimension() + ")";
        }
        if (architecture instanceof ArchitectureSpec.ConvNet conv) {
            return "the conv net (" + conv.layers() + " layers of " + conv.kernels() + " kernels of "
                    + conv.kernelSize() + " x " + conv.kernelSize() + ", " + conv.poolingLayers() + " pooled, embedding "
                    + conv.embeddingDimension() + ")";
        }
        return architecture.toString();
    }

    private void buildMlp(ArchitectureSpec.Mlp mlp) {
        flatten(input.length());
        int width = input.length();
        int index = 0;
        for (int hidden : mlp.hidden()) {
            dense("dense_" + index++, width, hidden, true);
            width = hidden;
        }
        dense("dense_" + index, width, embeddingDimension, false);
    }

    private void buildConv(ArchitectureSpec.ConvNet conv) {
        int height = input.height();
        int width = input.width();
        int channels = input.channels();
        if (conv.standardizeInput()) {
            standardize();
        }
        for (int i = 0; i < conv.layers(); i++) {
            String scope = "conv_" + i;
            int k = conv.kernelSize();
            int fanIn = k * k * channels;
            Param kernel = param(scope + "/kernel", new long[] {k, k, channels, conv.kernels()}, fanIn, false);
            Param bias = param(scope + "/bias", new long[] {conv.kernels()}, fanIn, true);
            layers.add((tf, x, w) -> tf.nn.relu(tf.nn.biasAdd(
                    tf.nn.conv2d(x, w.get(kernel.name()), List.of(1L, 1L, 1L, 1L), "SAME"), w.get(bias.name()))));
            channels = conv.kernels();
            if (i < conv.poolingLayers()) {
                // VALID halves an even size exactly; SAME keeps the last row / column of an odd size.
                String padding = height % 2 == 0 && width % 2 == 0 ? "VALID" : "SAME";
                height = padding.equals("VALID") ? height / 2 : (height + 1) / 2;
                width = padding.equals("VALID") ? width / 2 : (width + 1) / 2;
                layers.add((tf, x, w) -> tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}),
                        tf.constant(new int[] {1, 2, 2, 1}), padding));
            }
        }
        int flat = Math.multiplyExact(Math.multiplyExact(height, width), channels);
        flatten(flat);
        dense("dense_0", flat, embeddingDimension, false);
    }

    /** Each picture minus its mean, divided by its standard deviation (at least {@code STANDARDIZE_MIN_STD}). */
    private void standardize() {
        float minVariance = (float) (ArchitectureSpec.ConvNet.STANDARDIZE_MIN_STD * ArchitectureSpec.ConvNet.STANDARDIZE_MIN_STD);
        layers.add((tf, x, w) -> {
            Operand<TInt32> axes = tf.constant(new int[] {1, 2, 3});
            Operand<TFloat32> centred = tf.math.sub(x, tf.math.mean(x, axes, Mean.keepDims(true)));
            Operand<TFloat32> variance = tf.math.mean(tf.math.square(centred), axes, Mean.keepDims(true));
            return tf.math.div(centred, tf.math.sqrt(tf.math.maximum(variance, tf.constant(minVariance))));
        });
    }

    private void flatten(int length) {
        layers.add((tf, x, w) -> tf.reshape(x, tf.constant(new long[] {-1, length})));
    }

    private void dense(String scope, int in, int out, boolean relu) {
        Param kernel = param(scope + "/kernel", new long[] {in, out}, in, false);
        Param bias = param(scope + "/bias", new long[] {out}, in, true);
        layers.add((tf, x, w) -> {
            Operand<TFloat32> y = tf.nn.biasAdd(tf.linalg.matMul(x, w.get(kernel.name())), w.get(bias.name()));
            return relu ? tf.nn.relu(y) : y;
        });
    }

    private Param param(String name, long[] shape, int fanIn, boolean bias) {
        Param p = new Param(name, shape, fanIn, bias);
        params.add(p);
        return p;
    }

    public ImageShape input() {
        return input;
    }

    public int embeddingDimension() {
        return embeddingDimension;
    }

    /** The subnet's trainable tensors, in layer order. */
    public List<Param> params() {
        return List.copyOf(params);
    }

    /**
     * Starting values: He normal weights (standard deviation {@code sqrt(2 / fan_in)}) and zero biases, drawn in
     * Java from {@code seed} so the same seed gives the same bits on every machine and run.
     */
    public Map<String, float[]> initialValues(long seed) {
        Random random = new Random(seed);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Param p : params) {
            float[] v = new float[p.size()];
            if (!p.bias()) {
                double std = Math.sqrt(2.0 / p.fanIn());
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (random.nextGaussian() * std);
                }
            }
            values.put(p.name(), v);
        }
        return values;
    }

    /** The embeddings {@code [n, embeddingDimension]} of {@code images} {@code [n, H, W, C]}. */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, Map<String, ? extends Operand<TFloat32>> weights) {
        for (Param p : params) {
            if (!weights.containsKey(p.name())) {
                throw new IllegalArgumentException("no weight tensor for " + p.name());
            }
        }
        Operand<TFloat32> x = images;
        for (Layer layer : layers) {
            x = layer.apply(tf, x, weights);
        }
        return x;
    }
}
