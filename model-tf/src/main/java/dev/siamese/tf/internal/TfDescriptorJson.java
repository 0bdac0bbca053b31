package dev.siamese.tf.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siamese.api.ModelException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import dev.siamese.api.model.EmbeddingViews;
import dev.siamese.api.model.EmbeddingWhitening;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.ModelDescriptor;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.OptimizerSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes {@code siamese-model.json}, the descriptor beside a saved model. The JSON layout is explicit
 * (a {@code kind} field names each architecture, loss and optimizer) so that it stays readable by people and by
 * other tools, independent of Java class names.
 */
public final class TfDescriptorJson {

    /** The descriptor's file name inside a saved model directory. */
    public static final String FILE_NAME = "siamese-model.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TfDescriptorJson() {
    }

    public static void write(Path file, ModelDescriptor descriptor) throws IOException {
        Files.writeString(file, toJson(descriptor));
    }

    public static String toJson(ModelDescriptor d) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", d.formatVersion());
        root.put("backend", d.backend());
        root.put("backendVersion", d.backendVersion());
        ObjectNode spec = root.putObject("spec");
        ImageShape in = d.spec().input();
        spec.putObject("input").put("height", in.height()).put("width", in.width()).put("channels", in.channels());
        ObjectNode arch = spec.putObject("architecture");
        if (d.spec().architecture() instanceof ArchitectureSpec.Mlp mlp) {
            arch.put("kind", "mlp");
            ArrayNode hidden = arch.putArray("hidden");
            mlp.hidden().forEach(hidden::add);
            arch.put("embeddingDimension", mlp.embeddingDimension());
        } else if (d.spec().architecture() instanceof ArchitectureSpec.ConvNet conv) {
            arch.put("kind", "conv").put("layers", conv.layers()).put("kernels", conv.kernels())
                    .put("kernelSize", conv.kernelSize()).put("poolingLayers", conv.poolingLayers())
                    .put("embeddingDimension", conv.embeddingDimension()).put("standardizeInput", conv.standardizeInput());
        } else {
            throw new ModelException("cannot describe architecture " + d.spec().architecture());
        }
        if (d.spec().loss() instanceof LossSpec.Contrastive c) {
            spec.putObject("loss").put("kind", "contrastive").put("margin", c.margin());
        } else {
            throw new ModelException("cannot describe loss " + d.spec().loss());
        }
        if (d.spec().optimizer() instanceof OptimizerSpec.Adam a) {
            spec.putObject("optimizer").put("kind", "adam").put("learningRate", a.learningRate())
                    .put("beta1", a.beta1()).put("beta2", a.beta2()).put("epsilon", a.epsilon());
        } else {
            throw new ModelException("cannot describe optimizer " + d.spec().optimizer());
        }
        spec.put("seed", d.spec().seed());
        ArrayNode crops = spec.putObject("views").putArray("crops");
        d.spec().views().crops().forEach(crops::add);
        root.put("threshold", d.threshold());
        if (d.whitened()) {
            ObjectNode w = root.putObject("whitening").put("shrinkage", d.whitening().shrinkage());
            ArrayNode mean = w.putArray("mean");
            for (float v : d.whitening().mean()) {
                mean.add(v);
            }
            ArrayNode transform = w.putArray("transform");
            for (float v : d.whitening().transform()) {
                transform.add(v);
            }
        }
        ObjectNode provenance = root.putObject("provenance");
        new TreeMap<>(d.provenance()).forEach(provenance::put);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new ModelException("cannot write model descriptor: " + e.getMessage(), e);
        }
    }

    /** The fitted whitening, or null for a model without one (every model saved before whitening existed). */
    private static EmbeddingWhitening whitening(Reader r, JsonNode root) {
        if (!root.has("whitening")) {
            return null;
        }
        JsonNode w = r.object(root, "whitening");
        return new EmbeddingWhitening(r.number(w, "shrinkage"), floats(r, w, "whitening.mean", "mean"),
                floats(r, w, "whitening.transform", "transform"));
    }

    private static float[] floats(Reader r, JsonNode node, String name, String field) {
        double[] values = numbers(r, node, name, field, "a list of numbers");
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** The array {@code field} of {@code node}; anything but an array of numbers fails naming {@code name}. */
    private static double[] numbers(Reader r, JsonNode node, String name, String field, String expected) {
        JsonNode values = r.field(node, field);
        if (!values.isArray()) {
            throw r.bad(name, expected);
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            if (!values.get(i).isNumber()) {
                throw r.bad(name, expected);
            }
            out[i] = values.get(i).doubleValue();
        }
        return out;
    }

    /** The spec's embedding views; absent in models saved before views existed: they embedded the picture alone. */
    private static EmbeddingViews views(Reader r, JsonNode spec) {
        if (!spec.has("views")) {
            return EmbeddingViews.single();
        }
        double[] crops = numbers(r, r.object(spec, "views"), "views.crops", "crops", "a list of crop fractions");
        return new EmbeddingViews(java.util.Arrays.stream(crops).boxed().toList());
    }

    /**
     * Reads and validates the descriptor in {@code file}: a format version other than
     * {@link ModelDescriptor#FORMAT_VERSION}, a missing field or a bad value fails with a message naming the file.
     */
    public static ModelDescriptor read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelException(file + " is not a readable model descriptor: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelException(file + " is not a model descriptor: expected a JSON object");
        }
        Reader r = new Reader(file);
        int version = r.integer(root, "formatVersion");
        if (version != ModelDescriptor.FORMAT_VERSION) {
            throw new ModelException(file + " has descriptor format version " + version + ", but this platform reads version "
                    + ModelDescriptor.FORMAT_VERSION + "; load it with the platform version that saved it, or re-train and save it again");
        }
        try {
            JsonNode spec = r.object(root, "spec");
            JsonNode in = r.object(spec, "input");
            ImageShape input = new ImageShape(r.integer(in, "height"), r.integer(in, "width"), r.integer(in, "channels"));
            JsonNode arch = r.object(spec, "architecture");
            String archKind = r.text(arch, "kind");
            ArchitectureSpec architecture;
            switch (archKind) {
                case "mlp" -> {
                    List<Integer> hidden = new ArrayList<>();
                    JsonNode h = r.field(arch, "hidden");
                    if (!h.isArray()) {
                        throw r.bad("architecture.hidden", "a list of layer widths");
                    }
                    for (JsonNode width : h) {
                        if (!width.canConvertToInt() || !width.isIntegralNumber()) {
                            throw r.bad("architecture.hidden", "a list of layer widths");
                        }
                        hidden.add(width.intValue());
                    }
                    architecture = new ArchitectureSpec.Mlp(hidden, r.integer(arch, "embeddingDimension"));
                }
                case "conv" -> architecture = new ArchitectureSpec.ConvNet(r.integer(arch, "layers"), r.integer(arch, "kernels"),
                        r.integer(arch, "kernelSize"), r.integer(arch, "poolingLayers"), r.integer(arch, "embeddingDimension"),
                        // absent in models saved before the option existed: they did not standardise
                        arch.has("standardizeInput") && r.bool(arch, "standardizeInput"));
                default -> throw new ModelException(file + ": unknown architecture kind '" + archKind + "' (expected mlp or conv)");
            }
            JsonNode lossNode = r.object(spec, "loss");
            String lossKind = r.text(lossNode, "kind");
            if (!lossKind.equals("contrastive")) {
                throw new ModelException(file + ": unknown loss kind '" + lossKind + "' (expected contrastive)");
            }
            LossSpec loss = new LossSpec.Contrastive(r.number(lossNode, "margin"));
            JsonNode opt = r.object(spec, "optimizer");
            String optKind = r.text(opt, "kind");
            if (!optKind.equals("adam")) {
                throw new ModelException(file + ": unknown optimizer kind '" + optKind + "' (expected adam)");
            }
            OptimizerSpec optimizer = new OptimizerSpec.Adam(r.number(opt, "learningRate"), r.number(opt, "beta1"),
                    r.number(opt, "beta2"), r.number(opt, "epsilon"));
            JsonNode seed = r.field(spec, "seed");
            if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
                throw r.bad("seed", "an integer");
            }
            ModelSpec modelSpec = new ModelSpec(input, architecture, loss, optimizer, seed.longValue(), views(r, spec));
            Map<String, String> provenance = new TreeMap<>();
            JsonNode prov = root.get("provenance");
            if (prov != null && !prov.isNull()) {
                if (!prov.isObject()) {
                    throw r.bad("provenance", "an object of strings");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = prov.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    provenance.put(e.getKey(), e.getValue().asText());
                }
            }
            return new ModelDescriptor(version, r.text(root, "backend"), r.text(root, "backendVersion"), modelSpec,
                    r.number(root, "threshold"), provenance, whitening(r, root));
        } catch (IllegalArgumentException e) {
            throw new ModelException(file + " holds an invalid model description: " + e.getMessage(), e);
        }
    }

    /** Field access that fails with the file and the field in the message. */
    private record Reader(Path file) {
        JsonNode field(JsonNode node, String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw new ModelException(file + " is missing the field '" + name + "'; is it a complete siamese-model.json?");
            }
            return value;
        }

        JsonNode object(JsonNode node, String name) {
            JsonNode value = field(node, name);
            if (!value.isObject()) {
                throw bad(name, "an object");
            }
            return value;
        }

        int integer(JsonNode node, String name) {
            JsonNode value = field(node, name);
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw bad(name, "an integer");
            }
            return value.intValue();
        }

        double number(JsonNode node, String name) {
            JsonNode value = field(node, name);
            if (!value.isNumber()) {
                throw bad(name, "a number");
            }
            return value.doubleValue();
        }

        boolean bool(JsonNode node, String name) {
            JsonNode value = field(node, name);
            if (!value.isBoolean()) {
                throw bad(name, "true or false");
            }
            return value.booleanValue();
        }

        String text(JsonNode node, String name) {
            JsonNode value = field(node, name);
            if (!value.isTextual()) {
                throw bad(name, "a string");
            }
            return value.textValue();
        }

        ModelException bad(String name, String expected) {
            return new ModelException(file + ": field '" + name + "' must be " + expected);
        }
    }
}
