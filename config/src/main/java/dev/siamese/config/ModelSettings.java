package dev.siamese.config;

import dev.siamese.api.SiameseException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.EmbeddingViews;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.OptimizerSpec;

import java.util.List;
import java.util.Set;

/**
 * The model part of an experiment ({@code siamese.model}): backend name, architecture, loss, optimizer and the views
 * a trained model embeds a picture as. The input shape comes from the dataset, so {@link #toSpec} completes it.
 */
public record ModelSettings(String backend, ArchitectureSpec architecture, LossSpec loss, OptimizerSpec optimizer,
                           EmbeddingViews views, Whitening whitening) {

    /**
     * Whether and how a whitening of the embeddings is fitted after training ({@code siamese.model.whitening}).
     *
     * @param shrinkage the multiple of the mean variance added to every variance; 0: no whitening
     * @param sample    training pictures it is fitted on, at most
     */
    public record Whitening(double shrinkage, int sample) {
        /** Whether a whitening is fitted. */
        public boolean enabled() {
            return shrinkage > 0;
        }
    }

    private static final String P = "siamese.model.";

    /**
     * Fails unless {@code installed} is the backend {@code siamese.model.backend} names: a host's override module may
     * install another one, and a run must never train with a backend its settings do not record.
     */
    public void requireBackend(String installed) {
        if (!backend.equals(installed)) {
            throw new SiameseException("siamese.model.backend is '" + backend + "' but the installed backend is '"
                    + installed + "'");
        }
    }

    /** Reads and validates {@code siamese.model}. */
    public static ModelSettings from(Settings s) {
        String backend = s.getNonBlankString(P + "backend");
        int embedding = s.getInt(P + "embedding-dim", 1, 65_536);
        String kind = s.getChoice(P + "architecture", Set.of("mlp", "conv", "resnet"));
        ArchitectureSpec architecture;
        if (kind.equals("mlp")) {
            architecture = new ArchitectureSpec.Mlp(s.getIntList(P + "mlp.hidden", 1, 1 << 20), embedding,
                    s.getBoolean(P + "mlp.normalize-embeddings"));
        } else if (kind.equals("resnet")) {
            architecture = resNet(s, embedding);
        } else {
            int layers = s.getInt(P + "conv.layers", 1, 16);
            int kernels = s.getInt(P + "conv.kernels", 1, 4096);
            int kernelSize = s.getInt(P + "conv.kernel-size", 1, 15);
            String pooling = s.getString(P + "conv.pooling-layers");
            int poolingLayers;
            if (pooling.equals("same")) {
                poolingLayers = layers;
            } else {
                poolingLayers = s.getInt(P + "conv.pooling-layers", 0, layers);
            }
            architecture = new ArchitectureSpec.ConvNet(layers, kernels, kernelSize, poolingLayers, embedding,
                    s.getBoolean(P + "conv.standardize-input"), s.getBoolean(P + "conv.normalize-embeddings"));
        }
        double margin = s.getPositiveDouble(P + "margin");
        LossSpec loss = switch (s.getChoice(P + "loss", Set.of("contrastive", "batch-contrastive", "triplet"))) {
            case "triplet" -> new LossSpec.Triplet(margin, s.getBoolean(P + "triplet.soft-margin"));
            case "batch-contrastive" -> new LossSpec.BatchContrastive(margin);
            default -> new LossSpec.Contrastive(margin);
        };
        OptimizerSpec optimizer = new OptimizerSpec.Adam(
                s.getDouble(P + "adam.learning-rate", 0, true, 10),
                s.getDouble(P + "adam.beta1", 0, false, 0.999999),
                s.getDouble(P + "adam.beta2", 0, false, 0.999999),
                s.getDouble(P + "adam.epsilon", 0, true, 1),
                s.getDouble(P + "adam.weight-decay", 0, false, 1000),
                s.getDouble(P + "adam.clip-norm", 0, false, Double.MAX_VALUE));
        EmbeddingViews views;
        try {
            views = new EmbeddingViews(s.getDoubleList(P + "view-crops"));
        } catch (IllegalArgumentException e) {
            throw s.invalid(P + "view-crops", e.getMessage());
        }
        Whitening whitening = new Whitening(s.getDouble(P + "whitening.shrinkage", 0, false, 1000),
                s.getInt(P + "whitening.sample", 2, 10_000_000));
        return new ModelSettings(backend, architecture, loss, optimizer, views, whitening);
    }

    private static ArchitectureSpec.ResNet resNet(Settings s, int embedding) {
        List<Integer> widths = s.getIntList(P + "resnet.widths", 1, 4096);
        List<Integer> blocks = s.getIntList(P + "resnet.blocks", 1, 64);
        if (widths.isEmpty()) {
            throw s.invalid(P + "resnet.widths", "needs at least one stage width");
        }
        if (blocks.size() != widths.size()) {
            throw s.invalid(P + "resnet.blocks", "needs one block count per stage width: " + widths.size()
                    + " widths " + widths + " but " + blocks.size() + " block counts " + blocks);
        }
        String downsampling = s.getChoice(P + "resnet.downsampling", Set.of("stride", "pool"));
        return new ArchitectureSpec.ResNet(s.getInt(P + "resnet.stem-width", 1, 4096),
                ArchitectureSpec.ResNet.stages(widths, blocks),
                downsampling.equals("pool") ? ArchitectureSpec.ResNet.Downsampling.POOL
                        : ArchitectureSpec.ResNet.Downsampling.STRIDE,
                embedding, s.getBoolean(P + "resnet.normalize-embeddings"),
                s.getDouble(P + "resnet.batch-norm-momentum", 0, false, 0.999999));
    }

    /** The full spec for pictures of {@code input} and the experiment's {@code seed}. */
    public ModelSpec toSpec(ImageShape input, long seed) {
        return new ModelSpec(input, architecture, loss, optimizer, seed, views);
    }
}
