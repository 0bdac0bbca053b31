package dev.siamese.tf.internal;

import dev.siamese.api.ModelException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.core.Variable;
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

    /** How a tensor of the subnet starts: He normal (weights), zeros (biases, shifts, means) or ones (scales, variances). */
    public enum Init { HE, ZERO, ONE }

    /**
     * One tensor of the subnet: its variable name, shape, fan-in (for He initialisation), starting values, and whether
     * the optimizer trains it (batch norm's moving averages are state that the training step updates itself).
     */
    public record Param(String name, long[] shape, int fanIn, Init init, boolean trainable) {
        /** A trainable weight ({@code bias} false: He initialised) or bias (zeros). */
        public Param(String name, long[] shape, int fanIn, boolean bias) {
            this(name, shape, fanIn, bias ? Init.ZERO : Init.HE, true);
        }

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

    /**
     * Batch norm's training mode: batch statistics instead of the moving averages, whose update ops (one assign per
     * moving average, to run with the training step) are collected in {@code updates}.
     */
    private record Training(Map<String, Variable<TFloat32>> variables, List<Op> updates) {
    }

    /** One step of the subnet; {@code training} is null in inference mode. */
    private interface Layer {
        Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Map<String, ? extends Operand<TFloat32>> weights,
                                Training training);
    }

    private final ImageShape input;
    private final int embeddingDimension;
    private final List<Param> params = new ArrayList<>();
    private final List<Layer> layers = new ArrayList<>();
    private boolean hasState;

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
        } else if (architecture instanceof ArchitectureSpec.ResNet res) {
            subnet.buildResNet(res);
        } else {
            throw new ModelException("the TensorFlow backend cannot build architecture " + architecture
                    + "; it supports ArchitectureSpec.Mlp, ConvNet and ResNet");
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
        if (architecture instanceof ArchitectureSpec.ResNet res) {
            return "the residual net (" + res.label() + ", model.resnet)";
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
        normalizeIf(mlp.normalizeEmbeddings());
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
            layers.add((tf, x, w, t) -> tf.nn.relu(tf.nn.biasAdd(
                    tf.nn.conv2d(x, w.get(kernel.name()), List.of(1L, 1L, 1L, 1L), "SAME"), w.get(bias.name()))));
            channels = conv.kernels();
            if (i < conv.poolingLayers()) {
                // VALID halves an even size exactly; SAME keeps the last row / column of an odd size.
                String padding = height % 2 == 0 && width % 2 == 0 ? "VALID" : "SAME";
                height = padding.equals("VALID") ? height / 2 : (height + 1) / 2;
                width = padding.equals("VALID") ? width / 2 : (width + 1) / 2;
                layers.add((tf, x, w, t) -> tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}),
                        tf.constant(new int[] {1, 2, 2, 1}), padding));
            }
        }
        int flat = Math.multiplyExact(Math.multiplyExact(height, width), channels);
        flatten(flat);
        dense("dense_0", flat, embeddingDimension, false);
        normalizeIf(conv.normalizeEmbeddings());
    }

    /** Each picture minus its mean, divided by its standard deviation (at least {@code STANDARDIZE_MIN_STD}). */
    private void standardize() {
        float minVariance = (float) (ArchitectureSpec.ConvNet.STANDARDIZE_MIN_STD * ArchitectureSpec.ConvNet.STANDARDIZE_MIN_STD);
        layers.add((tf, x, w, t) -> {
            Operand<TInt32> axes = tf.constant(new int[] {1, 2, 3});
            Operand<TFloat32> centred = tf.math.sub(x, tf.math.mean(x, axes, Mean.keepDims(true)));
            Operand<TFloat32> variance = tf.math.mean(tf.math.square(centred), axes, Mean.keepDims(true));
            return tf.math.div(centred, tf.math.sqrt(tf.math.maximum(variance, tf.constant(minVariance))));
        });
    }

    /**
     * The residual family: stem, stages of residual blocks, global average pooling, a linear head and, optionally,
     * L2 normalisation. Convolutions followed by batch norm have no bias (batch norm's shift replaces it).
     */
    private void buildResNet(ArchitectureSpec.ResNet res) {
        int height = input.height();
        int width = input.width();
        float momentum = (float) res.batchNormMomentum();
        Layer stemConv = conv("stem/conv", input.channels(), res.stemWidth(), 3, 1);
        Layer stemBn = batchNorm("stem/bn", res.stemWidth(), momentum);
        layers.add((tf, x, w, t) -> tf.nn.relu(stemBn.apply(tf, stemConv.apply(tf, x, w, t), w, t)));
        int channels = res.stemWidth();
        for (int i = 0; i < res.stages().size(); i++) {
            ArchitectureSpec.ResNet.Stage stage = res.stages().get(i);
            for (int j = 0; j < stage.blocks(); j++) {
                int stride = 1;
                if (i > 0 && j == 0) {
                    // SAME padding: an odd size rounds up, as in the conv family's pooling
                    height = (height + 1) / 2;
                    width = (width + 1) / 2;
                    if (res.downsampling() == ArchitectureSpec.ResNet.Downsampling.STRIDE) {
                        stride = 2;
                    } else {
                        layers.add((tf, x, w, t) -> tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}),
                                tf.constant(new int[] {1, 2, 2, 1}), "SAME"));
                    }
                }
                residualBlock("stage_" + i + "/block_" + j, channels, stage.width(), stride, momentum);
                channels = stage.width();
            }
        }
        layers.add((tf, x, w, t) -> tf.math.mean(x, tf.constant(new int[] {1, 2})));
        dense("head", channels, embeddingDimension, false);
        normalizeIf(res.normalizeEmbeddings());
    }

    /**
     * With {@code normalize}, divides each embedding by its length (at least 1e-6, so a zero embedding stays finite);
     * without, adds nothing, so the graph of a model without the option is unchanged.
     */
    private void normalizeIf(boolean normalize) {
        if (normalize) {
            layers.add((tf, x, w, t) -> {
                Operand<TFloat32> squared = tf.sum(tf.math.square(x), tf.constant(1), Sum.keepDims(true));
                return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(squared, tf.constant(1e-12f))));
            });
        }
    }

    /** Two 3x3 conv + batch norm steps (ReLU between) plus the shortcut, then ReLU of the sum. */
    private void residualBlock(String scope, int in, int out, int stride, float momentum) {
        Layer conv0 = conv(scope + "/conv_0", in, out, 3, stride);
        Layer bn0 = batchNorm(scope + "/bn_0", out, momentum);
        Layer conv1 = conv(scope + "/conv_1", out, out, 3, 1);
        Layer bn1 = batchNorm(scope + "/bn_1", out, momentum);
        Layer shortcut;
        if (stride == 1 && in == out) {
            shortcut = (tf, x, w, t) -> x;
        } else {
            Layer project = conv(scope + "/shortcut/conv", in, out, 1, stride);
            Layer projectBn = batchNorm(scope + "/shortcut/bn", out, momentum);
            shortcut = (tf, x, w, t) -> projectBn.apply(tf, project.apply(tf, x, w, t), w, t);
        }
        layers.add((tf, x, w, t) -> {
            Operand<TFloat32> y = tf.nn.relu(bn0.apply(tf, conv0.apply(tf, x, w, t), w, t));
            y = bn1.apply(tf, conv1.apply(tf, y, w, t), w, t);
            return tf.nn.relu(tf.math.add(y, shortcut.apply(tf, x, w, t)));
        });
    }

    /** A bias-free {@code k x k} convolution with SAME padding (its kernel is added to the params now). */
    private Layer conv(String scope, int in, int out, int k, int stride) {
        Param kernel = param(scope + "/kernel", new long[] {k, k, in, out}, k * k * in, false);
        List<Long> strides = List.of(1L, (long) stride, (long) stride, 1L);
        return (tf, x, w, t) -> tf.nn.conv2d(x, w.get(kernel.name()), strides, "SAME");
    }

    /**
     * Batch norm over the channels (last axis): scale {@code gamma}, shift {@code beta}. While training it normalises
     * with the batch's mean and (biased) variance over batch, height and width, and adds the moving averages' updates
     * to the step; otherwise it normalises with the moving averages.
     */
    private Layer batchNorm(String scope, int channels, float momentum) {
        long[] shape = {channels};
        Param gamma = new Param(scope + "/gamma", shape, channels, Init.ONE, true);
        Param beta = new Param(scope + "/beta", shape, channels, Init.ZERO, true);
        Param movingMean = new Param(scope + "/moving_mean", shape, channels, Init.ZERO, false);
        Param movingVariance = new Param(scope + "/moving_variance", shape, channels, Init.ONE, false);
        List.of(gamma, beta, movingMean, movingVariance).forEach(params::add);
        hasState = true;
        float epsilon = (float) ArchitectureSpec.ResNet.BATCH_NORM_EPSILON;
        return (tf, x, w, t) -> {
            Operand<TFloat32> mean;
            Operand<TFloat32> variance;
            if (t == null) {
                mean = w.get(movingMean.name());
                variance = w.get(movingVariance.name());
            } else {
                Operand<TInt32> axes = tf.constant(new int[] {0, 1, 2});
                mean = tf.math.mean(x, axes);
                variance = tf.math.mean(tf.math.squaredDifference(x, mean), axes);
                t.updates().add(movingAverage(tf, t.variables().get(movingMean.name()), mean, momentum));
                t.updates().add(movingAverage(tf, t.variables().get(movingVariance.name()), variance, momentum));
            }
            Operand<TFloat32> scale = tf.math.mul(tf.math.rsqrt(tf.math.add(variance, tf.constant(epsilon))),
                    w.get(gamma.name()));
            return tf.math.add(tf.math.mul(tf.math.sub(x, mean), scale), w.get(beta.name()));
        };
    }

    private static Op movingAverage(Ops tf, Variable<TFloat32> average, Operand<TFloat32> batch, float momentum) {
        return tf.assign(average, tf.math.add(tf.math.mul(average, tf.constant(momentum)),
                tf.math.mul(batch, tf.constant(1f - momentum))));
    }

    private void flatten(int length) {
        layers.add((tf, x, w, t) -> tf.reshape(x, tf.constant(new long[] {-1, length})));
    }

    private void dense(String scope, int in, int out, boolean relu) {
        Param kernel = param(scope + "/kernel", new long[] {in, out}, in, false);
        Param bias = param(scope + "/bias", new long[] {out}, in, true);
        layers.add((tf, x, w, t) -> {
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

    /** The subnet's tensors, trainable or not, in layer order. */
    public List<Param> params() {
        return List.copyOf(params);
    }

    /** Whether the subnet has state besides its weights (batch norm's moving averages), so that training differs. */
    public boolean hasState() {
        return hasState;
    }

    /**
     * Starting values: He normal weights (standard deviation {@code sqrt(2 / fan_in)}), zero biases, batch norm scales
     * and moving variances of one, drawn in Java from {@code seed} so the same seed gives the same bits on every
     * machine and run.
     */
    public Map<String, float[]> initialValues(long seed) {
        Random random = new Random(seed);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Param p : params) {
            float[] v = new float[p.size()];
            if (p.init() == Init.ONE) {
                Arrays.fill(v, 1f);
            } else if (p.init() == Init.HE) {
                double std = Math.sqrt(2.0 / p.fanIn());
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (random.nextGaussian() * std);
                }
            }
            values.put(p.name(), v);
        }
        return values;
    }

    /**
     * The embeddings {@code [n, embeddingDimension]} of {@code images} {@code [n, H, W, C]} in inference mode (batch
     * norm with its moving averages).
     */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, Map<String, ? extends Operand<TFloat32>> weights) {
        return apply(tf, images, weights, null);
    }

    /**
     * The embeddings in training mode: batch norm normalises with the statistics of {@code images} (all of them
     * together) and adds to {@code updates} the ops that move its averages towards them, to run with the training step.
     */
    public Operand<TFloat32> applyTraining(Ops tf, Operand<TFloat32> images, Map<String, Variable<TFloat32>> variables,
                                           List<Op> updates) {
        return apply(tf, images, variables, new Training(variables, updates));
    }

    private Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, Map<String, ? extends Operand<TFloat32>> weights,
                                    Training training) {
        for (Param p : params) {
            if (!weights.containsKey(p.name())) {
                throw new IllegalArgumentException("no weight tensor for " + p.name());
            }
        }
        Operand<TFloat32> x = images;
        for (Layer layer : layers) {
            x = layer.apply(tf, x, weights, training);
        }
        return x;
    }
}
