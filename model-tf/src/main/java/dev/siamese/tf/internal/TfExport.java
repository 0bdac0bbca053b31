package dev.siamese.tf.internal;

import dev.siamese.api.image.ImageShape;
import dev.siamese.tf.TfOptions;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an inference-only SavedModel: a fresh graph holding just the subnet (no loss, gradients or optimizer
 * slots), its variables set to the trained weights, and the signature {@value #SIGNATURE} mapping
 * {@value #INPUT} {@code [-1, H, W, C]} to {@value #OUTPUT} {@code [-1, D]}.
 */
final class TfExport {

    static final String SIGNATURE = Signature.DEFAULT_KEY;
    static final String INPUT = "images";
    static final String OUTPUT = "embeddings";
    static final String TAG = SavedModelBundle.DEFAULT_TAG;

    private TfExport() {
    }

    static void export(Path directory, TfSubnet subnet, Map<String, float[]> weights, TfOptions options) throws IOException {
        ImageShape in = subnet.input();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            TfScopes scopes = new TfScopes(tf);
            Placeholder<TFloat32> images = tf.withName(INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, in.height(), in.width(), in.channels())));
            Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
            for (TfSubnet.Param p : subnet.params()) {
                variables.put(p.name(), scopes.named(p.name()).variable(p.tfShape(), TFloat32.class));
            }
            Operand<TFloat32> embeddings = tf.withName(OUTPUT).identity(subnet.apply(tf, images, variables));
            try (Session session = TfTensors.session(graph, options)) {
                TfSiameseModel.assign(session, scopes.scope("init"), variables, weights);
                Signature signature = Signature.builder().key(SIGNATURE)
                        .input(INPUT, images).output(OUTPUT, embeddings).build();
                SavedModelBundle.exporter(directory.toString()).withTags(TAG).withSession(session)
                        .withSignature(signature).export();
            }
        }
    }
}
