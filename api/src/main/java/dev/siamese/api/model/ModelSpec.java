package dev.siamese.api.model;

import dev.siamese.api.image.ImageShape;

import java.util.Objects;

/**
 * Everything a backend needs to build a trainable Siamese model: input shape, architecture, loss, optimizer, seed and
 * the views a picture is embedded as once trained ({@link EmbeddingViews}; the picture alone unless set).
 */
public record ModelSpec(ImageShape input, ArchitectureSpec architecture, LossSpec loss, OptimizerSpec optimizer, long seed,
                        EmbeddingViews views) {

    public ModelSpec {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(views, "views");
    }

    /** A spec that embeds the picture alone. */
    public ModelSpec(ImageShape input, ArchitectureSpec architecture, LossSpec loss, OptimizerSpec optimizer, long seed) {
        this(input, architecture, loss, optimizer, seed, EmbeddingViews.single());
    }

    /** The paper's MLP twin on 28x28x1 digits with margin 0.3 and Adam 1e-4 / 0.9 / 0.99. */
    public static ModelSpec paperMlp(long seed) {
        return new ModelSpec(ImageShape.digits(), ArchitectureSpec.Mlp.paper(), LossSpec.Contrastive.paper(),
                OptimizerSpec.Adam.paper(), seed);
    }

    /**
     * A conv twin of the paper's Table 1 ({@link ArchitectureSpec.ConvNet#paper}) on {@code input} pictures, with the
     * paper's margin and optimizer.
     */
    public static ModelSpec paperConv(ImageShape input, int layers, int kernels, int embeddingDimension, long seed) {
        return new ModelSpec(input, ArchitectureSpec.ConvNet.paper(layers, kernels, embeddingDimension),
                LossSpec.Contrastive.paper(), OptimizerSpec.Adam.paper(), seed);
    }

    /** The architecture's label, followed by the views when a picture is embedded as more than itself. */
    public String label() {
        return views.isSingle() ? architecture.label() : architecture.label() + " " + views;
    }

    /** This spec for pictures of another shape. */
    public ModelSpec withInput(ImageShape newInput) {
        return new ModelSpec(newInput, architecture, loss, optimizer, seed, views);
    }

    /** This spec with another seed. */
    public ModelSpec withSeed(long newSeed) {
        return new ModelSpec(input, architecture, loss, optimizer, newSeed, views);
    }

    /** This spec embedding pictures as {@code newViews}. */
    public ModelSpec withViews(EmbeddingViews newViews) {
        return new ModelSpec(input, architecture, loss, optimizer, seed, newViews);
    }
}
