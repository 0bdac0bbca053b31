package dev.siamese.app.bench;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Floating-point operations of one training pair and one embedded picture, counted exactly from the architecture.
 *
 * <p>Only the matrix products and convolutions are counted, at 2 operations (a multiply and an add) per
 * multiply-accumulate: a dense layer {@code in -> out} costs {@code 2 in out} per picture, a stride-1 SAME
 * convolution of {@code k x k x cin -> cout} on an {@code H x W} map costs {@code 2 k k cin cout H W}. Bias, ReLU,
 * pooling, the loss and Adam are left out (together well under 1% for these networks; batch norm in the residual twin
 * about 2%, see {@link #of}). A stride-2 convolution counts the outputs of its halved map.
 *
 * <p>Training a pair runs the shared subnet on two pictures, forward and backward. Backward has two products per
 * layer of the forward product's size: the weight gradient and the input gradient. Two conventions follow:
 * <ul>
 *   <li>{@link #modelPerPair()}: {@code 2 pictures x 3 x forward} (backward = 2x forward), the usual convention
 *       for "model FLOPs" and the one the roof fraction is quoted in;</li>
 *   <li>{@link #executedPerPair()}: what the graph really runs. The first layer's input gradient is not needed
 *       (the input is a placeholder, not a variable) and TensorFlow prunes it, so the executed count is
 *       {@code 2 x (3 x forward - first layer)}.</li>
 * </ul>
 * For the paper's MLP 784-1024-1024-2: forward 3,706,880 per picture; 22,241,280 model FLOPs and 19,030,016
 * executed FLOPs per pair.
 *
 * @param forwardPerImage  FLOPs of one forward pass of the subnet on one picture
 * @param firstLayerPerImage FLOPs of the first layer's forward product on one picture
 * @param layers           one line per counted layer, e.g. {@code dense 784->1024: 1,605,632}
 */
public record FlopCount(String architecture, ImageShape input, long forwardPerImage, long firstLayerPerImage,
                        List<String> layers) {

    public FlopCount {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(input, "input");
        layers = List.copyOf(layers);
        if (forwardPerImage <= 0 || firstLayerPerImage <= 0 || firstLayerPerImage > forwardPerImage) {
            throw new IllegalArgumentException("inconsistent FLOP count: forward " + forwardPerImage + ", first layer "
                    + firstLayerPerImage);
        }
    }

    /** Training FLOPs of one pair by the usual convention: 2 pictures x (forward + 2x forward backward). */
    public long modelPerPair() {
        return 2 * 3 * forwardPerImage;
    }

    /** Training FLOPs of one pair that the graph executes: as {@link #modelPerPair()} less the first layer's input gradient. */
    public long executedPerPair() {
        return 2 * (3 * forwardPerImage - firstLayerPerImage);
    }

    /** The formula in words, for reports. */
    public String formula() {
        return "model = 2 pictures x 3 x forward; executed = 2 x (3 x forward - first layer); forward = sum over"
                + " layers of 2*in*out (dense) or 2*k*k*cin*cout*H*W (conv)";
    }

    /**
     * The count for {@code architecture} on pictures of shape {@code input}, following the TensorFlow backend's layers.
     * For the residual twin the batch norm, ReLU and shortcut adds are left out (about 2% of its count).
     */
    public static FlopCount of(ArchitectureSpec architecture, ImageShape input) {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(input, "input");
        Tally tally = new Tally();
        if (architecture instanceof ArchitectureSpec.Mlp mlp) {
            long width = input.length();
            List<Integer> outs = new ArrayList<>(mlp.hidden());
            outs.add(mlp.embeddingDimension());
            for (int out : outs) {
                tally.dense(width, out);
                width = out;
            }
        } else if (architecture instanceof ArchitectureSpec.ConvNet conv) {
            long height = input.height();
            long width = input.width();
            long channels = input.channels();
            for (int i = 0; i < conv.layers(); i++) {
                tally.conv(conv.kernelSize(), channels, conv.kernels(), height, width, "");
                channels = conv.kernels();
                if (i < conv.poolingLayers()) {
                    // as the backend pools: VALID halves even sizes, SAME rounds odd sizes up
                    boolean even = height % 2 == 0 && width % 2 == 0;
                    height = even ? height / 2 : (height + 1) / 2;
                    width = even ? width / 2 : (width + 1) / 2;
                }
            }
            tally.dense(height * width * channels, conv.embeddingDimension());
        } else if (architecture instanceof ArchitectureSpec.ResNet res) {
            resNet(res, input, tally);
        } else {
            throw new IllegalArgumentException("no FLOP count for architecture " + architecture);
        }
        return new FlopCount(architecture.label(), input, tally.total, tally.first, tally.lines);
    }

    /**
     * The residual twin as {@code TfSubnet} builds it: a 3x3 stem; per block two 3x3 convolutions (the first of a
     * stage after the first at stride 2, or after a 2x2 max-pool, on the halved map) and a 1x1 projection shortcut
     * where the width or the map size changes; global average pooling; the linear head. Batch norm, ReLU, the
     * shortcut adds and the L2 normalisation are left out like the conv family's bias and ReLU: batch norm costs
     * about 7 FLOPs per activation forward (batch mean and variance, normalise, scale, shift) and twice that backward,
     * against {@code 2 k k cin} per output of a convolution; for the bundled 32x32x3 resnet (143,360 normalised
     * activations per picture) that is about 2% of the count.
     */
    private static void resNet(ArchitectureSpec.ResNet res, ImageShape input, Tally tally) {
        long height = input.height();
        long width = input.width();
        tally.conv(3, input.channels(), res.stemWidth(), height, width, " (stem)");
        long channels = res.stemWidth();
        for (int i = 0; i < res.stages().size(); i++) {
            ArchitectureSpec.ResNet.Stage stage = res.stages().get(i);
            for (int j = 0; j < stage.blocks(); j++) {
                boolean halves = i > 0 && j == 0;
                if (halves) {
                    height = (height + 1) / 2;
                    width = (width + 1) / 2;
                }
                boolean strided = halves && res.downsampling() == ArchitectureSpec.ResNet.Downsampling.STRIDE;
                String block = String.format(" (stage %d block %d%s)", i, j, strided ? ", stride 2" : "");
                // a stride-2 convolution computes only the outputs of the halved map: the same count as stride 1 there
                tally.conv(3, channels, stage.width(), height, width, block);
                tally.conv(3, stage.width(), stage.width(), height, width, block);
                if (strided || channels != stage.width()) {
                    tally.conv(1, channels, stage.width(), height, width, block + " shortcut");
                }
                channels = stage.width();
            }
        }
        tally.dense(channels, res.embeddingDimension());
    }

    /** The running sum of the counted layers, the first layer's count and one line per layer. */
    private static final class Tally {
        private final List<String> lines = new ArrayList<>();
        private long total;
        private long first = -1;

        void dense(long in, long out) {
            add(2 * in * out, String.format("dense %d->%d", in, out));
        }

        /** A {@code k x k} convolution {@code cin -> cout} producing an {@code height x width} map. */
        void conv(long k, long cin, long cout, long height, long width, String note) {
            add(2 * k * k * cin * cout * height * width,
                    String.format("conv %dx%dx%d->%d on %dx%d%s", k, k, cin, cout, height, width, note));
        }

        private void add(long flops, String what) {
            lines.add(String.format("%s: %,d", what, flops));
            total += flops;
            first = first < 0 ? flops : first;
        }
    }
}
