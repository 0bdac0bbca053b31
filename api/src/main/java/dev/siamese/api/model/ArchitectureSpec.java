package dev.siamese.api.model;

import java.util.List;

/**
 * The architecture of the twin subnet that both branches share.
 * Every variant ends in a fully connected layer to {@link #embeddingDimension()} values.
 */
public sealed interface ArchitectureSpec permits ArchitectureSpec.Mlp, ArchitectureSpec.ConvNet, ArchitectureSpec.ResNet {

    /** Length of the embedding (feature vector) the subnet produces. */
    int embeddingDimension();

    /** Whether every embedding is divided by its length (L2-normalised: distances in [0, 2]). */
    boolean normalizeEmbeddings();

    /** A short human name, e.g. {@code mlp-1024-1024-2} or {@code conv-3x16-2}. */
    String label();

    /**
     * A multi-layer perceptron: the flattened picture, then one fully connected ReLU layer per entry of
     * {@code hidden}, then a linear layer to the embedding and, with {@code normalizeEmbeddings}, division by the
     * embedding's length (as {@link ResNet}). The paper's twin is {@code Mlp([1024, 1024], 2)}.
     */
    record Mlp(List<Integer> hidden, int embeddingDimension, boolean normalizeEmbeddings) implements ArchitectureSpec {
        public Mlp {
            hidden = List.copyOf(hidden);
            for (int width : hidden) {
                if (width <= 0) {
                    throw new IllegalArgumentException("MLP hidden layer widths must be positive, got " + hidden);
                }
            }
            requirePositive("embedding dimension", embeddingDimension);
        }

        /** Without L2 normalisation (the paper's networks). */
        public Mlp(List<Integer> hidden, int embeddingDimension) {
            this(hidden, embeddingDimension, false);
        }

        /** The paper's 784-1024-1024-2 network. */
        public static Mlp paper() {
            return new Mlp(List.of(1024, 1024), 2);
        }

        @Override
        public String label() {
            StringBuilder sb = new StringBuilder("mlp");
            hidden.forEach(h -> sb.append('-').append(h));
            sb.append('-').append(embeddingDimension);
            return sb.append(l2Suffix(normalizeEmbeddings)).toString();
        }
    }

    /**
     * The paper's convolutional family (Table 1): {@code layers} convolution layers of {@code kernels} filters of
     * {@code kernelSize x kernelSize}, each followed by ReLU and, for the first {@code poolingLayers} of them, a 2x2
     * max-pool; then flatten and a fully connected layer to the embedding. With {@code standardizeInput} each picture is
     * first standardised on its own (its mean subtracted, divided by its standard deviation, at least
     * {@link #STANDARDIZE_MIN_STD}), which makes the twin blind to overall brightness and contrast: what near-duplicate
     * detectors need, where a brightened copy is the same picture and low-contrast pictures must still be told apart.
     * With {@code normalizeEmbeddings} each embedding is divided by its length (as {@link ResNet}).
     */
    record ConvNet(int layers, int kernels, int kernelSize, int poolingLayers, int embeddingDimension,
                   boolean standardizeInput, boolean normalizeEmbeddings) implements ArchitectureSpec {
        /** The smallest standard deviation a picture is divided by when standardised (pixel values in [0, 1]). */
        public static final double STANDARDIZE_MIN_STD = 0.05;

        public ConvNet {
            requirePositive("convolution layers", layers);
            requirePositive("kernels per layer", kernels);
            requirePositive("kernel size", kernelSize);
            if (poolingLayers < 0 || poolingLayers > layers) {
                throw new IllegalArgumentException("pooling layers must be in [0, " + layers + "] (one per conv layer at most), got "
                        + poolingLayers);
            }
            requirePositive("embedding dimension", embeddingDimension);
        }

        /** Without L2 normalisation. */
        public ConvNet(int layers, int kernels, int kernelSize, int poolingLayers, int embeddingDimension,
                       boolean standardizeInput) {
            this(layers, kernels, kernelSize, poolingLayers, embeddingDimension, standardizeInput, false);
        }

        /** Without input standardisation or L2 normalisation (the paper's networks). */
        public ConvNet(int layers, int kernels, int kernelSize, int poolingLayers, int embeddingDimension) {
            this(layers, kernels, kernelSize, poolingLayers, embeddingDimension, false, false);
        }

        /** The paper's pairing of one pooling layer per convolution layer, 3x3 kernels. */
        public static ConvNet paper(int layers, int kernels, int embeddingDimension) {
            return new ConvNet(layers, kernels, 3, layers, embeddingDimension);
        }

        @Override
        public String label() {
            return "conv-" + layers + "x" + kernels + "-k" + kernelSize + "-p" + poolingLayers + "-" + embeddingDimension
                    + (standardizeInput ? "-std" : "") + l2Suffix(normalizeEmbeddings);
        }
    }

    /**
     * A residual conv family with batch norm: a 3x3 stem convolution of {@code stemWidth} filters, then one stage per
     * entry of {@code stages}, each {@link Stage#blocks()} residual blocks of {@link Stage#width()} filters (two 3x3
     * convolutions with batch norm, ReLU after the first and after the sum; an identity shortcut, or a 1x1 projection
     * with batch norm where the width or size changes); between stages the picture is halved by
     * {@link Downsampling}. Then global average pooling, a linear layer to the embedding and, with
     * {@code normalizeEmbeddings}, division by the embedding's length (L2-normalised embeddings, distances in [0, 2]).
     *
     * <p>Batch norm uses the statistics of the training batch while training (both branches' pictures together: the
     * twin runs its shared subnet once over the left and right pictures) and moving averages, updated by each training
     * step with {@code batchNormMomentum}, in every other use: validation, evaluation, embedding and the saved model.
     */
    record ResNet(int stemWidth, List<Stage> stages, Downsampling downsampling, int embeddingDimension,
                  boolean normalizeEmbeddings, double batchNormMomentum) implements ArchitectureSpec {
        /** Added to the variance in batch norm. */
        public static final double BATCH_NORM_EPSILON = 1e-3;

        /** One stage: {@code blocks} residual blocks of {@code width} filters. */
        public record Stage(int width, int blocks) {
            public Stage {
                requirePositive("stage width", width);
                requirePositive("residual blocks per stage", blocks);
            }
        }

        /** How a stage after the first halves the picture: a stride-2 first block, or a 2x2 max-pool before it. */
        public enum Downsampling {
            STRIDE, POOL;

            /** The name used in configuration and descriptors: {@code stride} or {@code pool}. */
            public String key() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        public ResNet {
            requirePositive("stem width", stemWidth);
            stages = List.copyOf(stages);
            if (stages.isEmpty()) {
                throw new IllegalArgumentException("a residual net needs at least one stage");
            }
            java.util.Objects.requireNonNull(downsampling, "downsampling");
            requirePositive("embedding dimension", embeddingDimension);
            if (!(batchNormMomentum >= 0 && batchNormMomentum < 1)) {
                throw new IllegalArgumentException("batch norm momentum must be in [0, 1), got " + batchNormMomentum);
            }
        }

        /** Stages from parallel lists of widths and block counts. */
        public static List<Stage> stages(List<Integer> widths, List<Integer> blocks) {
            if (widths.size() != blocks.size()) {
                throw new IllegalArgumentException("one block count per stage width: " + widths.size() + " widths "
                        + widths + " but " + blocks.size() + " block counts " + blocks);
            }
            List<Stage> out = new java.util.ArrayList<>();
            for (int i = 0; i < widths.size(); i++) {
                out.add(new Stage(widths.get(i), blocks.get(i)));
            }
            return out;
        }

        @Override
        public String label() {
            StringBuilder sb = new StringBuilder("resnet-s").append(stemWidth);
            stages.forEach(s -> sb.append('-').append(s.width()).append('x').append(s.blocks()));
            sb.append('-').append(downsampling.key()).append('-').append(embeddingDimension);
            return sb.append(l2Suffix(normalizeEmbeddings)).toString();
        }
    }

    /** The end of the label of an architecture with L2-normalised embeddings. */
    private static String l2Suffix(boolean normalizeEmbeddings) {
        return normalizeEmbeddings ? "-l2" : "";
    }

    private static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
