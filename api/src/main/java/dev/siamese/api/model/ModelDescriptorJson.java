package dev.siamese.api.model;

import dev.siamese.api.ModelException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.internal.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes {@code siamese-model.json}, the descriptor beside every saved model whatever backend wrote it.
 * The layout is explicit (a {@code kind} field names each architecture, loss and optimizer) so that people and other
 * tools can read it, independent of Java class names; {@code backend} names the backend that loads the directory
 * ({@link Models#load}).
 */
public final class ModelDescriptorJson {

    /** The descriptor's file name inside a saved model directory. */
    public static final String FILE_NAME = "siamese-model.json";

    private ModelDescriptorJson() {
    }

    /** Writes {@code descriptor} to {@code file} (UTF-8). */
    public static void write(Path file, ModelDescriptor descriptor) throws IOException {
        Files.writeString(file, toJson(descriptor));
    }

    /** The descriptor as JSON text. */
    public static String toJson(ModelDescriptor d) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("formatVersion", d.formatVersion());
        root.put("backend", d.backend());
        root.put("backendVersion", d.backendVersion());
        Map<String, Object> spec = new LinkedHashMap<>();
        root.put("spec", spec);
        ImageShape in = d.spec().input();
        spec.put("input", object("height", in.height(), "width", in.width(), "channels", in.channels()));
        Map<String, Object> arch;
        if (d.spec().architecture() instanceof ArchitectureSpec.Mlp mlp) {
            arch = object("kind", "mlp", "hidden", List.copyOf(mlp.hidden()),
                    "embeddingDimension", mlp.embeddingDimension());
            putIfSet(arch, "normalizeEmbeddings", mlp.normalizeEmbeddings());
        } else if (d.spec().architecture() instanceof ArchitectureSpec.ConvNet conv) {
            arch = object("kind", "conv", "layers", conv.layers(), "kernels", conv.kernels(),
                    "kernelSize", conv.kernelSize(), "poolingLayers", conv.poolingLayers(),
                    "embeddingDimension", conv.embeddingDimension(), "standardizeInput", conv.standardizeInput());
            putIfSet(arch, "normalizeEmbeddings", conv.normalizeEmbeddings());
        } else if (d.spec().architecture() instanceof ArchitectureSpec.ResNet res) {
            List<Object> stages = new ArrayList<>();
            res.stages().forEach(st -> stages.add(object("width", st.width(), "blocks", st.blocks())));
            arch = object("kind", "resnet", "stemWidth", res.stemWidth(), "stages", stages,
                    "downsampling", res.downsampling().key(), "embeddingDimension", res.embeddingDimension(),
                    "normalizeEmbeddings", res.normalizeEmbeddings(), "batchNormMomentum", res.batchNormMomentum());
        } else {
            throw new ModelException("cannot describe architecture " + d.spec().architecture());
        }
        spec.put("architecture", arch);
        if (d.spec().loss() instanceof LossSpec.Contrastive c) {
            spec.put("loss", object("kind", "contrastive", "margin", c.margin()));
        } else if (d.spec().loss() instanceof LossSpec.BatchContrastive c) {
            spec.put("loss", object("kind", "batch-contrastive", "margin", c.margin()));
        } else if (d.spec().loss() instanceof LossSpec.Triplet t) {
            Map<String, Object> loss = object("kind", "triplet", "margin", t.margin());
            putIfSet(loss, "softMargin", t.softMargin());
            spec.put("loss", loss);
        } else {
            throw new ModelException("cannot describe loss " + d.spec().loss());
        }
        if (d.spec().optimizer() instanceof OptimizerSpec.Adam a) {
            Map<String, Object> optimizer = object("kind", "adam", "learningRate", a.learningRate(), "beta1", a.beta1(),
                    "beta2", a.beta2(), "epsilon", a.epsilon());
            // written only when set, so that the descriptors of plain Adam stay as they were
            if (a.decaysWeights()) {
                optimizer.put("weightDecay", a.weightDecay());
            }
            if (a.clipsGradients()) {
                optimizer.put("clipNorm", a.clipNorm());
            }
            spec.put("optimizer", optimizer);
        } else {
            throw new ModelException("cannot describe optimizer " + d.spec().optimizer());
        }
        spec.put("seed", d.spec().seed());
        spec.put("views", object("crops", List.copyOf(d.spec().views().crops())));
        root.put("threshold", d.threshold());
        if (d.whitened()) {
            root.put("whitening", object("shrinkage", d.whitening().shrinkage(), "mean", floats(d.whitening().mean()),
                    "transform", floats(d.whitening().transform())));
        }
        root.put("provenance", new TreeMap<>(d.provenance()));
        return Json.write(root);
    }

    /**
     * Puts {@code key: true} only when {@code value} is set, so that the descriptors of models without the option stay
     * as they were (and read it as false).
     */
    private static void putIfSet(Map<String, Object> node, String key, boolean value) {
        if (value) {
            node.put(key, true);
        }
    }

    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static List<Float> floats(float[] values) {
        List<Float> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(v);
        }
        return out;
    }

    /**
     * Reads and validates the descriptor in {@code file}: a format version other than
     * {@link ModelDescriptor#FORMAT_VERSION}, a missing field or a bad value fails with a message naming the file.
     */
    public static ModelDescriptor read(Path file) {
        Object parsed;
        try {
            parsed = Json.parse(Files.readString(file));
        } catch (IOException e) {
            throw new ModelException(file + " is not a readable model descriptor: " + e.getMessage(), e);
        } catch (Json.ParseException e) {
            throw new ModelException(file + " is not a readable model descriptor: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new ModelException(file + " is not a model descriptor: expected a JSON object");
        }
        Reader r = new Reader(file);
        int version = r.integer(root, "formatVersion");
        if (version != ModelDescriptor.FORMAT_VERSION) {
            throw new ModelException(file + " has descriptor format version " + version + ", but this platform reads version "
                    + ModelDescriptor.FORMAT_VERSION + "; load it with the platform version that saved it, or re-train and save it again");
        }
        try {
            Map<?, ?> spec = r.object(root, "spec");
            Map<?, ?> in = r.object(spec, "input");
            ImageShape input = new ImageShape(r.integer(in, "height"), r.integer(in, "width"), r.integer(in, "channels"));
            ModelSpec modelSpec = new ModelSpec(input, architecture(r, r.object(spec, "architecture")),
                    loss(r, r.object(spec, "loss")), optimizer(r, r.object(spec, "optimizer")), r.longInteger(spec, "seed"),
                    views(r, spec));
            Map<String, String> provenance = new TreeMap<>();
            Object prov = root.get("provenance");
            if (prov != null && prov != Json.NULL) {
                if (!(prov instanceof Map<?, ?> entries)) {
                    throw r.bad("provenance", "an object of strings");
                }
                entries.forEach((k, v) -> provenance.put((String) k, text(v)));
            }
            return new ModelDescriptor(version, r.text(root, "backend"), r.text(root, "backendVersion"), modelSpec,
                    r.number(root, "threshold"), provenance, whitening(r, root));
        } catch (IllegalArgumentException e) {
            throw new ModelException(file + " holds an invalid model description: " + e.getMessage(), e);
        }
    }

    /** A provenance value as text, whatever JSON type it was written as. */
    private static String text(Object v) {
        if (v instanceof Json.Number n) {
            return n.text();
        }
        if (v instanceof String s) {
            return s;
        }
        return v == Json.NULL ? "null" : Json.write(v);
    }

    private static ArchitectureSpec architecture(Reader r, Map<?, ?> arch) {
        String kind = r.text(arch, "kind");
        return switch (kind) {
            case "mlp" -> {
                List<Integer> hidden = new ArrayList<>();
                if (!(r.field(arch, "hidden") instanceof List<?> widths)) {
                    throw r.bad("architecture.hidden", "a list of layer widths");
                }
                for (Object width : widths) {
                    if (!(width instanceof Json.Number n) || n.longValue().isEmpty()
                            || n.longValue().getAsLong() != (int) n.longValue().getAsLong()) {
                        throw r.bad("architecture.hidden", "a list of layer widths");
                    }
                    hidden.add((int) n.longValue().getAsLong());
                }
                yield new ArchitectureSpec.Mlp(hidden, r.integer(arch, "embeddingDimension"),
                        r.flag(arch, "normalizeEmbeddings"));
            }
            case "conv" -> new ArchitectureSpec.ConvNet(r.integer(arch, "layers"), r.integer(arch, "kernels"),
                    r.integer(arch, "kernelSize"), r.integer(arch, "poolingLayers"), r.integer(arch, "embeddingDimension"),
                    // absent in models saved before the option existed: they did not standardise
                    r.flag(arch, "standardizeInput"), r.flag(arch, "normalizeEmbeddings"));
            case "resnet" -> resNet(r, arch);
            default -> throw new ModelException(r.file() + ": unknown architecture kind '" + kind
                    + "' (expected mlp, conv or resnet)");
        };
    }

    private static ArchitectureSpec.ResNet resNet(Reader r, Map<?, ?> arch) {
        if (!(r.field(arch, "stages") instanceof List<?> entries)) {
            throw r.bad("architecture.stages", "a list of {width, blocks} objects");
        }
        List<ArchitectureSpec.ResNet.Stage> stages = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> stage)) {
                throw r.bad("architecture.stages", "a list of {width, blocks} objects");
            }
            stages.add(new ArchitectureSpec.ResNet.Stage(r.integer(stage, "width"), r.integer(stage, "blocks")));
        }
        String downsampling = r.text(arch, "downsampling");
        ArchitectureSpec.ResNet.Downsampling mode = switch (downsampling) {
            case "stride" -> ArchitectureSpec.ResNet.Downsampling.STRIDE;
            case "pool" -> ArchitectureSpec.ResNet.Downsampling.POOL;
            default -> throw r.bad("downsampling", "\"stride\" or \"pool\"");
        };
        return new ArchitectureSpec.ResNet(r.integer(arch, "stemWidth"), stages, mode, r.integer(arch, "embeddingDimension"),
                r.bool(arch, "normalizeEmbeddings"), r.number(arch, "batchNormMomentum"));
    }

    private static LossSpec loss(Reader r, Map<?, ?> loss) {
        String kind = r.text(loss, "kind");
        return switch (kind) {
            case "contrastive" -> new LossSpec.Contrastive(r.number(loss, "margin"));
            case "batch-contrastive" -> new LossSpec.BatchContrastive(r.number(loss, "margin"));
            case "triplet" -> new LossSpec.Triplet(r.number(loss, "margin"), r.flag(loss, "softMargin"));
            default -> throw new ModelException(r.file() + ": unknown loss kind '" + kind
                    + "' (expected contrastive, batch-contrastive or triplet)");
        };
    }

    private static OptimizerSpec optimizer(Reader r, Map<?, ?> opt) {
        String kind = r.text(opt, "kind");
        if (!kind.equals("adam")) {
            throw new ModelException(r.file() + ": unknown optimizer kind '" + kind + "' (expected adam)");
        }
        return new OptimizerSpec.Adam(r.number(opt, "learningRate"), r.number(opt, "beta1"), r.number(opt, "beta2"),
                r.number(opt, "epsilon"), opt.containsKey("weightDecay") ? r.number(opt, "weightDecay") : 0,
                opt.containsKey("clipNorm") ? r.number(opt, "clipNorm") : 0);
    }

    /** The fitted whitening, or null for a model without one (every model saved before whitening existed). */
    private static EmbeddingWhitening whitening(Reader r, Map<?, ?> root) {
        if (!root.containsKey("whitening")) {
            return null;
        }
        Map<?, ?> w = r.object(root, "whitening");
        return new EmbeddingWhitening(r.number(w, "shrinkage"), floats(r, w, "whitening.mean", "mean"),
                floats(r, w, "whitening.transform", "transform"));
    }

    private static float[] floats(Reader r, Map<?, ?> node, String name, String field) {
        double[] values = numbers(r, node, name, field, "a list of numbers");
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** The array {@code field} of {@code node}; anything but an array of numbers fails naming {@code name}. */
    private static double[] numbers(Reader r, Map<?, ?> node, String name, String field, String expected) {
        if (!(r.field(node, field) instanceof List<?> values)) {
            throw r.bad(name, expected);
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(values.get(i) instanceof Json.Number n)) {
                throw r.bad(name, expected);
            }
            out[i] = n.doubleValue();
        }
        return out;
    }

    /** The spec's embedding views; absent in models saved before views existed: they embedded the picture alone. */
    private static EmbeddingViews views(Reader r, Map<?, ?> spec) {
        if (!spec.containsKey("views")) {
            return EmbeddingViews.single();
        }
        double[] crops = numbers(r, r.object(spec, "views"), "views.crops", "crops", "a list of crop fractions");
        return new EmbeddingViews(java.util.Arrays.stream(crops).boxed().toList());
    }

    /** Field access that fails with the file and the field in the message. */
    private record Reader(Path file) {
        Object field(Map<?, ?> node, String name) {
            Object value = node.get(name);
            if (value == null || value == Json.NULL) {
                throw new ModelException(file + " is missing the field '" + name + "'; is it a complete " + FILE_NAME + "?");
            }
            return value;
        }

        Map<?, ?> object(Map<?, ?> node, String name) {
            if (!(field(node, name) instanceof Map<?, ?> value)) {
                throw bad(name, "an object");
            }
            return value;
        }

        int integer(Map<?, ?> node, String name) {
            long value = longInteger(node, name);
            if (value != (int) value) {
                throw bad(name, "an integer");
            }
            return (int) value;
        }

        long longInteger(Map<?, ?> node, String name) {
            if (!(field(node, name) instanceof Json.Number n) || n.longValue().isEmpty()) {
                throw bad(name, "an integer");
            }
            return n.longValue().getAsLong();
        }

        double number(Map<?, ?> node, String name) {
            if (!(field(node, name) instanceof Json.Number n)) {
                throw bad(name, "a number");
            }
            return n.doubleValue();
        }

        boolean bool(Map<?, ?> node, String name) {
            if (!(field(node, name) instanceof Boolean b)) {
                throw bad(name, "true or false");
            }
            return b;
        }

        /** An optional flag: false when absent (models saved before the option existed did not use it). */
        boolean flag(Map<?, ?> node, String name) {
            return node.containsKey(name) && bool(node, name);
        }

        String text(Map<?, ?> node, String name) {
            if (!(field(node, name) instanceof String s)) {
                throw bad(name, "a string");
            }
            return s;
        }

        ModelException bad(String name, String expected) {
            return new ModelException(file + ": field '" + name + "' must be " + expected);
        }
    }
}
