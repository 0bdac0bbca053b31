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
 * pooling, the loss and Adam are left out (together well under 1% for these networks).
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

    /** The count for {@code architecture} on pictures of shape {@code input}, following the TensorFlow backend's layers. */
    public static FlopCount of(ArchitectureSpec architecture, ImageShape input) {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(input, "input");
        List<String> lines = new ArrayList<>();
        long total = 0;
        long first = -1;
        if (architecture instanceof ArchitectureSpec.Mlp mlp) {
            long width = input.length();
            List<Integer> outs = new ArrayList<>(mlp.hidden());
            outs.add(mlp.embeddingDimension());
            for (int out : outs) {
                long f = 2 * width * out;
                lines.add(String.format("dense %d->%d: %,d", width, out, f));
                total += f;
                first = first < 0 ? f : first;
                width = out;
            }
        } else if (architecture instanceof ArchitectureSpec.ConvNet conv) {
            long height = input.height();
            long width = input.width();
            long channels = input.channels();
            long k = conv.kernelSize();
            for (int i = 0; i < conv.layers(); i++) {
                long f = 2 * k * k * channels * conv.kernels() * height * width;
                lines.add(String.format("conv %dx%dx%d->%d on %dx%d: %,d", k, k, channels, conv.kernels(), height, width, f));
                total += f;
                first = first < 0 ? f : first;
                channels = conv.kernels();
                if (i < conv.poolingLayers()) {
                    // as the backend pools: VALID halves even sizes, SAME rounds odd sizes up
                    boolean even = height % 2 == 0 && width % 2 == 0;
                    height = even ? height / 2 : (height + 1) / 2;
                    width = even ? width / 2 : (width + 1) / 2;
                }
            }
            long flat = height * width * channels;
            long f = 2 * flat * conv.embeddingDimension();
            lines.add(String.format("dense %d->%d: %,d", flat, conv.embeddingDimension(), f));
            total += f;
        } else {
            throw new IllegalArgumentException("no FLOP count for architecture " + architecture);
        }
        return new FlopCount(architecture.label(), input, total, first, lines);
    }
}
