package dev.siamese.api.model;

import java.util.List;

/**
 * The architecture of the twin subnet that both branches share.
 * Every variant ends in a fully connected layer to {@link #embeddingDimension()} values.
 */
public sealed interface ArchitectureSpec permits ArchitectureSpec.Mlp, ArchitectureSpec.ConvNet {

    /** Length of the embedding (feature vector) the subnet produces. */
    int embeddingDimension();

    /** A short human name, e.g. {@code mlp-1024-1024-2} or {@code conv-3x16-2}. */
    String label();

    /**
     * A multi-layer perceptron: the flattened picture, then one fully connected ReLU layer per entry of
     * {@code hidden}, then a linear layer to the embedding. The paper's twin is {@code Mlp([1024, 1024], 2)}.
     */
    record Mlp(List<Integer> hidden, int embeddingDimension) implements ArchitectureSpec {
        public Mlp {
            hidden = List.copyOf(hidden);
            for (int width : hidden) {
                if (width <= 0) {
                    throw new IllegalArgumentException("MLP hidden layer widths must be positive, got " + hidden);
                }
            }
            requirePositive("embedding dimension", embeddingDimension);
        }

        /** The paper's 784-1024-1024-2 network. */
        public static Mlp paper() {
            return new Mlp(List.of(1024, 1024), 2);
        }

        @Override
        public String label() {
            StringBuilder sb = new StringBuilder("mlp");
            hidden.forEach(h -> sb.append('-').append(h));
            return sb.append('-').append(embeddingDimension).toString();
        }
    }

    /**
     * The paper's convolutional family (Table 1): {@code layers} convolution layers of {@code kernels} filters of
     * {@code kernelSize x kernelSize}, each followed by ReLU and, for the first {@code poolingLayers} of them, a 2x2
     * max-pool; then flatten and a fully connected layer to the embedding. With {@code standardizeInput} each picture is
     * first standardised on its own (its mean subtracted, divided by its standard deviation, at least
     * {@link #STANDARDIZE_MIN_STD}), which makes the twin blind to overall brightness and contrast: what near-duplicate
     * detectors need, where a brightened copy is the same picture and low-contrast pictures must still be told apart.
     */
    record ConvNet(int layers, int kernels, int kernelSize, int poolingLayers, int embeddingDimension,
                   boolean standardizeInput) implements ArchitectureSpec {
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

        /** Without input standardisation (the paper's networks). */
        public ConvNet(int layers, int kernels, int kernelSize, int poolingLayers, int embeddingDimension) {
            this(layers, kernels, kernelSize, poolingLayers, embeddingDimension, false);
        }

        /** The paper's pairing of one pooling layer per convolution layer, 3x3 kernels. */
        public static ConvNet paper(int layers, int kernels, int embeddingDimension) {
            return new ConvNet(layers, kernels, 3, layers, embeddingDimension);
        }

        @Override
        public String label() {
            return "conv-" + layers + "x" + kernels + "-k" + kernelSize + "-p" + poolingLayers + "-" + embeddingDimension
                    + (standardizeInput ? "-std" : "");
        }
    }

    private static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
