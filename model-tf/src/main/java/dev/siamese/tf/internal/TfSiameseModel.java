package dev.siamese.tf.internal;

import dev.siamese.api.model.ModelDescriptorJson;
import dev.siamese.api.ModelException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.EmbeddingWhitening;
import dev.siamese.api.model.Embeddings;
import dev.siamese.api.model.LossSpec;
import dev.siamese.api.model.ModelDescriptor;
import dev.siamese.api.model.ModelSpec;
import dev.siamese.api.model.OptimizerSpec;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;
import dev.siamese.tf.TfBackend;
import dev.siamese.tf.TfOptions;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.op.core.Split;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Siamese model being trained, as one TensorFlow graph: the subnet's variables exist once, and both branches are
 * one pass of the subnet over the left pictures followed by the right ones (2N pictures), whose output is split in
 * halves (the contrastive loss), or compared all with all (the batch contrastive and batch-hard triplet losses, given
 * each picture's class).
 * Adam is built from {@link Graph#addGradients} and {@code ApplyAdam} ops ordered by control dependencies,
 * so the same seed and batches give bit-identical weights.
 */
public final class TfSiameseModel implements TrainableModel {

    /** Added under the square root so that the distance of identical embeddings has a finite gradient. */
    static final float DISTANCE_EPSILON = 1e-9f;

    private final ModelSpec spec;
    private final TfOptions options;
    private final String backendVersion;
    private final TfSubnet subnet;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> images;
    private final Placeholder<TFloat32> similar;
    private final Operand<TFloat32> embeddings;
    /** The loss of the training step (batch norm in training mode); {@link #evalLabelledLoss} itself without state. */
    private final Operand<TFloat32> loss;
    /**
     * The pair loss in inference mode (batch norm with its moving averages), for validation on pairs without labels:
     * the contrastive loss with the model's margin, whatever loss trains the model.
     */
    private final Operand<TFloat32> evalLoss;
    /** The training loss in inference mode, for labelled batches (batch contrastive or triplet), or {@link #evalLoss}. */
    private final Operand<TFloat32> evalLabelledLoss;
    /** The class of every picture, for the losses of labelled batches; null for the contrastive loss. */
    private final Placeholder<TFloat32> labels;
    /** The training step's updates of the subnet's state (batch norm's moving averages). */
    private final List<Op> stateUpdates = new ArrayList<>();
    private final Op train;
    /** Scales the optimizer's learning rate for one step (a schedule's value); 1 unless fed. */
    private final PlaceholderWithDefault<TFloat32> learningRateFactor;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final Map<String, Variable<TFloat32>> subnetVariables = new LinkedHashMap<>();
    /** Applied to every embedding once set (after training); saved with the model. */
    private boolean closed;

    private TfSiameseModel(ModelSpec spec, TfOptions options, String backendVersion) {
        this.spec = spec;
        this.options = options;
        this.backendVersion = backendVersion;
        boolean labelled = spec.loss().needsLabelledBatches();
        float margin = (float) spec.loss().margin();
        if (!(spec.optimizer() instanceof OptimizerSpec.Adam adam)) {
            throw new ModelException("the TensorFlow backend supports the Adam optimizer only, got " + spec.optimizer());
        }
        this.subnet = TfSubnet.of(spec.input(), spec.architecture());
        ImageShape in = spec.input();
        this.graph = new Graph();
        Session s = null;
        try {
            Ops tf = Ops.create(graph);
            TfScopes scopes = new TfScopes(tf);
            images = tf.withName("images").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, in.height(), in.width(), in.channels())));
            similar = tf.withName("similar").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
            labels = labelled ? tf.withName("labels").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)))
                    : null;

            for (TfSubnet.Param p : subnet.params()) {
                Variable<TFloat32> v = variable(scopes, p.name(), p.tfShape());
                subnetVariables.put(p.name(), v);
            }
            embeddings = tf.withName("embeddings").identity(subnet.apply(tf, images, subnetVariables));
            if (!labelled) {
                evalLoss = contrastiveLoss(tf, embeddings, similar, margin, subnet.hasState() ? "eval_loss" : "loss");
                evalLabelledLoss = evalLoss;
            } else {
                evalLoss = contrastiveLoss(tf, embeddings, similar, margin, "pair_loss");
                evalLabelledLoss = labelledLoss(tf, spec.loss(), embeddings, labels,
                        subnet.hasState() ? "eval_loss" : "loss");
            }
            if (subnet.hasState()) {
                // One pass over left and right pictures together: batch statistics cover both branches.
                Operand<TFloat32> trainingEmbeddings = subnet.applyTraining(tf.withSubScope("training"), images,
                        subnetVariables, stateUpdates);
                loss = labelled ? labelledLoss(tf, spec.loss(), trainingEmbeddings, labels, "loss")
                        : contrastiveLoss(tf, trainingEmbeddings, similar, margin, "loss");
            } else {
                loss = evalLabelledLoss;
            }
            learningRateFactor = scopes.named("adam/learning_rate_factor")
                    .placeholderWithDefault(scopes.scope("adam").constant(1f), Shape.scalar());
            train = adam(scopes, adam);
            s = TfTensors.session(graph, options);
            this.session = s;
            initialise(scopes.scope("init"));
        } catch (RuntimeException e) {
            if (s != null) {
                s.close();
            }
            graph.close();
            throw e instanceof ModelException ? e : new ModelException("could not build the TensorFlow graph for "
                    + spec.architecture().label() + ": " + e.getMessage(), e);
        }
    }

    /** A new model with He-initialised weights drawn from {@code spec.seed()}. */
    public static TfSiameseModel create(ModelSpec spec, TfOptions options, String backendVersion) {
        return new TfSiameseModel(Objects.requireNonNull(spec, "spec"), options, backendVersion);
    }

    private Variable<TFloat32> variable(TfScopes scopes, String name, Shape shape) {
        Variable<TFloat32> v = scopes.named(name).variable(shape, TFloat32.class);
        variables.put(name, v);
        return v;
    }

    /** Mean over pairs of {@code 0.5 y d^2 + 0.5 (1 - y) max(margin - d, 0)^2}, {@code d} the distance of the halves. */
    private static Operand<TFloat32> contrastiveLoss(Ops tf, Operand<TFloat32> both, Operand<TFloat32> y, float margin,
                                                     String name) {
        Ops l = tf.withSubScope("contrastive");
        Split<TFloat32> halves = l.split(l.constant(0), both, 2L);
        Operand<TFloat32> f1 = halves.output().get(0);
        Operand<TFloat32> f2 = halves.output().get(1);
        Operand<TFloat32> squared = l.sum(l.math.squaredDifference(f1, f2), l.constant(1));
        Operand<TFloat32> d = l.math.sqrt(l.math.add(squared, l.constant(DISTANCE_EPSILON)));
        Operand<TFloat32> half = l.constant(0.5f);
        Operand<TFloat32> pull = l.math.mul(y, l.math.square(d));
        Operand<TFloat32> push = l.math.mul(l.math.sub(l.constant(1f), y),
                l.math.square(l.nn.relu(l.math.sub(l.constant(margin), d))));
        Operand<TFloat32> perPair = l.math.mul(half, l.math.add(pull, push));
        return tf.withName(name).math.mean(perPair, l.constant(0));
    }

    private static String lossName(LossSpec loss) {
        return loss instanceof LossSpec.Triplet ? "triplet" : "batch contrastive";
    }

    /** The loss of a batch of labelled pictures: batch contrastive or batch-hard triplet. */
    private static Operand<TFloat32> labelledLoss(Ops tf, LossSpec loss, Operand<TFloat32> all,
                                                  Operand<TFloat32> labels, String name) {
        float margin = (float) loss.margin();
        return loss instanceof LossSpec.Triplet t ? tripletLoss(tf, all, labels, margin, t.softMargin(), name)
                : batchContrastiveLoss(tf, all, labels, margin, name);
    }

    /** Every pair's Euclidean distance from the pairwise differences (no cancellation), {@link #DISTANCE_EPSILON} under the root. */
    private static Operand<TFloat32> pairwiseDistances(Ops l, Operand<TFloat32> all) {
        Operand<TFloat32> squared = l.sum(l.math.squaredDifference(l.expandDims(all, l.constant(1)),
                l.expandDims(all, l.constant(0))), l.constant(2));
        return l.math.sqrt(l.math.add(squared, l.constant(DISTANCE_EPSILON)));
    }

    /** 1 where two pictures share their class (the diagonal included), else 0. */
    private static Operand<TFloat32> sameClass(Ops l, Operand<TFloat32> labels) {
        return l.dtypes.cast(l.math.equal(l.expandDims(labels, l.constant(1)), l.expandDims(labels, l.constant(0))),
                TFloat32.class);
    }

    /**
     * The contrastive loss over every pair of pictures of the batch ({@link LossSpec.BatchContrastive}):
     * {@code 0.5 mean(d^2)} over same-class pairs plus {@code 0.5 mean(max(margin - d, 0)^2)} over other-class pairs,
     * each mean over its own pairs (a picture with itself is no pair; an empty set of pairs adds 0).
     */
    static Operand<TFloat32> batchContrastiveLoss(Ops tf, Operand<TFloat32> all, Operand<TFloat32> labels, float margin,
                                                  String name) {
        Ops l = tf.withSubScope("batch_contrastive");
        Operand<TFloat32> d = pairwiseDistances(l, all);
        Operand<TFloat32> same = sameClass(l, labels);
        Operand<TFloat32> one = l.constant(1f);
        Operand<TInt32> everyPair = l.constant(new int[] {0, 1});
        // same class, not the picture itself (the diagonal of `same` is 1)
        Operand<TFloat32> eye = l.linalg.matrixDiag(l.onesLike(labels), l.constant(0), l.constant(-1), l.constant(-1),
                l.constant(0f));
        Operand<TFloat32> positive = l.math.sub(same, eye);
        Operand<TFloat32> negative = l.math.sub(one, same);
        Operand<TFloat32> pull = l.sum(l.math.mul(positive, l.math.square(d)), everyPair);
        Operand<TFloat32> shortfall = l.nn.relu(l.math.sub(l.constant(margin), d));
        Operand<TFloat32> push = l.sum(l.math.mul(negative, l.math.square(shortfall)), everyPair);
        Operand<TFloat32> positives = l.math.maximum(l.sum(positive, everyPair), one);
        Operand<TFloat32> negatives = l.math.maximum(l.sum(negative, everyPair), one);
        Operand<TFloat32> half = l.constant(0.5f);
        return tf.withName(name).math.mul(half, l.math.add(l.math.div(pull, positives), l.math.div(push, negatives)));
    }

    /**
     * The batch-hard triplet loss over all pictures of the batch (Hermans et al. 2017): for each anchor, its farthest
     * picture of the same class and its nearest picture of another class, and the mean over anchors of
     * {@code max(d_ap - d_an + margin, 0)}. Distances are Euclidean, from the pairwise differences (no cancellation)
     * with {@link #DISTANCE_EPSILON} under the root, so identical embeddings have a finite gradient. The anchor counts
     * among its own positives at distance ~0: that never beats a real positive and adds no gradient (the difference of
     * an embedding with itself is constant), so it only matters for a class with one picture in the batch, where the
     * loss falls back to pushing negatives beyond the margin. With {@code softMargin} the hinge is replaced by the
     * soft margin {@code log(1 + exp(d_ap - d_an))} and the margin is unused.
     */
    static Operand<TFloat32> tripletLoss(Ops tf, Operand<TFloat32> all, Operand<TFloat32> labels, float margin,
                                         boolean softMargin, String name) {
        Ops l = tf.withSubScope("triplet");
        Operand<TFloat32> d = pairwiseDistances(l, all);
        Operand<TFloat32> same = sameClass(l, labels);
        Operand<TFloat32> hardestPositive = l.max(l.math.mul(d, same), l.constant(1));
        // a same-class picture is moved out of reach of the minimum; it never wins while the batch has a negative
        Operand<TFloat32> hardestNegative = l.min(l.math.add(d, l.math.mul(same, l.constant(1e9f))), l.constant(1));
        Operand<TFloat32> gap = l.math.sub(hardestPositive, hardestNegative);
        // softplus as max(x, 0) + log(1 + exp(-|x|)): no overflow, and built from ops whose gradients graph mode has
        Operand<TFloat32> perAnchor = softMargin
                ? l.math.add(l.nn.relu(gap), l.math.log1p(l.math.exp(l.math.neg(l.math.abs(gap)))))
                : l.nn.relu(l.math.add(gap, l.constant(margin)));
        return tf.withName(name).math.mean(perAnchor, l.constant(0));
    }

    /**
     * Adam from explicit ops. Every ApplyAdam waits for every gradient (and the loss), so no weight changes while the
     * backward pass still reads it; the beta-power updates wait for every ApplyAdam, so all use this step's powers.
     * Batch norm's moving averages are not trained: their updates join the step beside the beta powers'.
     * The rate is the spec's times a fed factor (1 unless a schedule feeds another: multiplying by 1 is exact, so the
     * constant schedule is plain Adam bit for bit). Clipping and weight decay add ops only when the spec asks for them.
     */
    private Op adam(TfScopes scopes, OptimizerSpec.Adam adam) {
        List<Variable<TFloat32>> params = new ArrayList<>();
        List<Boolean> decays = new ArrayList<>();
        for (TfSubnet.Param p : subnet.params()) {
            if (p.trainable()) {
                params.add(subnetVariables.get(p.name()));
                // weights only: biases, batch-norm scales and shifts start at zero or one, and do not decay
                decays.add(p.init() == TfSubnet.Init.HE);
            }
        }
        Output<?>[] xs = new Output<?>[params.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = params.get(i).asOutput();
        }
        Output<?>[] grads = graph.addGradients(loss.asOutput(), xs);

        Ops a = scopes.scope("adam");
        Variable<TFloat32> beta1Power = variable(scopes, "adam/beta1_power", Shape.scalar());
        Variable<TFloat32> beta2Power = variable(scopes, "adam/beta2_power", Shape.scalar());
        Operand<TFloat32> lr = a.math.mul(a.constant((float) adam.learningRate()), learningRateFactor);
        Operand<TFloat32> beta1 = a.constant((float) adam.beta1());
        Operand<TFloat32> beta2 = a.constant((float) adam.beta2());
        Operand<TFloat32> epsilon = a.constant((float) adam.epsilon());

        List<Op> gradientsDone = new ArrayList<>();
        gradientsDone.add(loss);
        for (Output<?> g : grads) {
            gradientsDone.add(g);
        }
        Ops afterGradients = a.withControlDependencies(gradientsDone);
        List<Operand<TFloat32>> gradients = new ArrayList<>();
        for (Output<?> g : grads) {
            @SuppressWarnings("unchecked")
            Operand<TFloat32> typed = (Operand<TFloat32>) g;
            gradients.add(typed);
        }
        if (adam.clipsGradients()) {
            gradients = clipByGlobalNorm(afterGradients.withSubScope("clip"), gradients, (float) adam.clipNorm());
        }
        Operand<TFloat32> decayRate = adam.decaysWeights()
                ? a.math.mul(lr, a.constant((float) adam.weightDecay())) : null;
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Variable<TFloat32> w = params.get(i);
            String name = w.op().name();
            Variable<TFloat32> m = variable(scopes, "adam/" + name + "/m", w.shape());
            Variable<TFloat32> v = variable(scopes, "adam/" + name + "/v", w.shape());
            Ops update = afterGradients;
            if (decayRate != null && decays.get(i)) {
                // decoupled: w -= rate * decay * w before the Adam step, as AdamW (and PyTorch's AdamW) do
                Op decayed = afterGradients.assignSub(w, afterGradients.math.mul(decayRate, w));
                update = a.withControlDependencies(List.of(decayed));
            }
            updates.add(update.train.applyAdam(w, m, v, beta1Power, beta2Power, lr, beta1, beta2, epsilon,
                    gradients.get(i)));
        }
        Ops afterUpdates = a.withControlDependencies(updates);
        Assign<TFloat32> nextBeta1 = afterUpdates.assign(beta1Power, afterUpdates.math.mul(beta1Power, beta1));
        Assign<TFloat32> nextBeta2 = afterUpdates.assign(beta2Power, afterUpdates.math.mul(beta2Power, beta2));
        List<Op> done = new ArrayList<>(List.of(nextBeta1, nextBeta2));
        done.addAll(stateUpdates);
        return scopes.named("train").withControlDependencies(done).noOp();
    }

    /**
     * The gradients scaled by {@code clipNorm / max(norm, clipNorm)}, {@code norm} their global L2 norm (as
     * {@code tf.clip_by_global_norm}): unchanged when the norm is at most {@code clipNorm}.
     */
    private static List<Operand<TFloat32>> clipByGlobalNorm(Ops c, List<Operand<TFloat32>> gradients, float clipNorm) {
        Operand<TFloat32> sumOfSquares = c.constant(0f);
        for (Operand<TFloat32> g : gradients) {
            Operand<TFloat32> squares = c.math.square(g);
            sumOfSquares = c.math.add(sumOfSquares, c.sum(squares, c.range(c.constant(0), c.rank(squares), c.constant(1))));
        }
        Operand<TFloat32> limit = c.constant(clipNorm);
        Operand<TFloat32> scale = c.math.div(limit, c.math.maximum(c.math.sqrt(sumOfSquares), limit));
        List<Operand<TFloat32>> clipped = new ArrayList<>();
        for (Operand<TFloat32> g : gradients) {
            clipped.add(c.math.mul(g, scale));
        }
        return clipped;
    }

    /**
     * Sets the starting values: He weights drawn in Java from the seed (fed once), zero Adam moments and beta powers
     * equal to the betas (built in the graph, so no large Java arrays are needed for them).
     */
    private void initialise(Ops init) {
        OptimizerSpec.Adam adam = (OptimizerSpec.Adam) spec.optimizer();
        Session.Runner runner = session.runner();
        for (Map.Entry<String, Variable<TFloat32>> e : variables.entrySet()) {
            Variable<TFloat32> v = e.getValue();
            if (subnetVariables.containsKey(e.getKey())) {
                continue;
            }
            Operand<TFloat32> value;
            if (e.getKey().equals("adam/beta1_power")) {
                value = init.constant((float) adam.beta1());
            } else if (e.getKey().equals("adam/beta2_power")) {
                value = init.constant((float) adam.beta2());
            } else {
                value = init.zeros(init.constant(v.shape()), TFloat32.class);
            }
            runner.addTarget(init.assign(v, value));
        }
        runner.run().close();
        assign(session, init, subnetVariables, subnet.initialValues(spec.seed()));
    }

    /** Sets each variable to its value in one session run; the assign ops are added to the graph. */
    static void assign(Session session, Ops tf, Map<String, ? extends Variable<TFloat32>> variables, Map<String, float[]> values) {
        Session.Runner runner = session.runner();
        List<Tensor> fed = new ArrayList<>();
        try {
            for (Map.Entry<String, ? extends Variable<TFloat32>> e : variables.entrySet()) {
                Variable<TFloat32> v = e.getValue();
                Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
                TFloat32 tensor = TfTensors.floats(v.shape(), values.get(e.getKey()));
                fed.add(tensor);
                runner.feed(value, tensor).addTarget(tf.assign(v, value));
            }
            runner.run().close();
        } finally {
            fed.forEach(Tensor::close);
        }
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public float step(PairBatch batch) {
        return run(batch, true);
    }

    @Override
    public float step(PairBatch batch, double learningRateFactor) {
        if (!(learningRateFactor >= 0) || Double.isInfinite(learningRateFactor)) {
            throw new ModelException("a learning-rate factor must be a number >= 0, got " + learningRateFactor);
        }
        return run(batch, true, (float) learningRateFactor);
    }

    @Override
    public float loss(PairBatch batch) {
        return run(batch, false);
    }

    private float run(PairBatch batch, boolean update) {
        return run(batch, update, 1f);
    }

    private float run(PairBatch batch, boolean update, float rateFactor) {
        requireOpen();
        requireShape(batch);
        int n = batch.size();
        int length = spec.input().length();
        float[] both = new float[Math.multiplyExact(2 * n, length)];
        batch.left().get(both, 0, n * length);
        batch.right().get(both, n * length, n * length);
        float[] flags = new float[n];
        batch.similar().get(flags);
        ImageShape in = spec.input();
        float[] classes = labels == null ? null : pictureLabels(batch, update);
        try (TFloat32 imageTensor = TfTensors.floats(Shape.of(2L * n, in.height(), in.width(), in.channels()), both);
             TFloat32 similarTensor = TfTensors.floats(Shape.of(n), flags);
             TFloat32 labelTensor = classes == null ? null : TfTensors.floats(Shape.of(2L * n), classes)) {
            Session.Runner runner = session.runner().feed(images, imageTensor).feed(similar, similarTensor);
            if (labelTensor != null) {
                runner.feed(labels, labelTensor);
            }
            runner.fetch(update ? loss : labelTensor != null ? evalLabelledLoss : evalLoss);
            if (update) {
                runner.addTarget(train);
            }
            if (rateFactor != 1f) {
                try (TFloat32 factor = TFloat32.scalarOf(rateFactor); Result result = runner.feed(learningRateFactor, factor).run()) {
                    return ((TFloat32) result.get(0)).getFloat();
                }
            }
            try (Result result = runner.run()) {
                return ((TFloat32) result.get(0)).getFloat();
            }
        }
    }

    /**
     * The batch's picture labels as floats for the losses of labelled batches; null for a loss on a batch without
     * labels (the pair loss), which a training step refuses.
     */
    private float[] pictureLabels(PairBatch batch, boolean update) {
        Optional<IntBuffer> given = batch.labels();
        if (given.isEmpty()) {
            if (update) {
                throw new ModelException("the " + lossName(spec.loss()) + " loss trains on batches whose pictures"
                        + " carry their classes (P classes x K pictures, siamese.training.batch-classes and batch-per-class), got " + batch);
            }
            return null;
        }
        IntBuffer ints = given.get();
        float[] classes = new float[ints.remaining()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = ints.get(i);
        }
        return classes;
    }

    private void requireShape(PairBatch batch) {
        Objects.requireNonNull(batch, "batch");
        if (!batch.shape().equals(spec.input())) {
            throw new ModelException("this model takes " + spec.input() + " pictures, but the pair batch holds "
                    + batch.shape() + " pictures; sample pairs from a dataset of the model's input shape");
        }
    }

    @Override
    public Embeddings embed(float[] pixels, int count) {
        requireOpen();
        return spec.views().embed(pixels, count, spec.input(), (views, n) ->
                TfTensors.embedInChunks(spec.input(), subnet.embeddingDimension(), views, n, chunk -> {
                    try (Result result = session.runner().feed(images, chunk).fetch(embeddings).run()) {
                        return TfTensors.toArray(result.get(0));
                    }
                }));
    }

    @Override
    public Map<String, float[]> weights() {
        requireOpen();
        return fetch(variables);
    }

    @Override
    public void restore(Map<String, float[]> snapshot) {
        requireOpen();
        Objects.requireNonNull(snapshot, "snapshot");
        if (!snapshot.keySet().equals(variables.keySet())) {
            throw new ModelException("the snapshot's variables " + new java.util.TreeSet<>(snapshot.keySet())
                    + " do not match this model's " + new java.util.TreeSet<>(variables.keySet())
                    + " (a checkpoint of another architecture?)");
        }
        for (Map.Entry<String, Variable<TFloat32>> e : variables.entrySet()) {
            long expected = e.getValue().shape().size();
            float[] values = snapshot.get(e.getKey());
            if (values == null || values.length != expected) {
                throw new ModelException("variable " + e.getKey() + " needs " + expected + " values, the snapshot has "
                        + (values == null ? "none" : values.length));
            }
        }
        assign(session, Ops.create(graph), variables, snapshot);
    }

    private Map<String, float[]> fetch(Map<String, Variable<TFloat32>> which) {
        Session.Runner runner = session.runner();
        which.values().forEach(runner::fetch);
        Map<String, float[]> values = new LinkedHashMap<>();
        try (Result result = runner.run()) {
            int i = 0;
            for (String name : which.keySet()) {
                values.put(name, TfTensors.toArray(result.get(i++)));
            }
        }
        return values;
    }

    @Override
    public ModelDescriptor save(Path directory, double threshold, EmbeddingWhitening whitening,
                                Map<String, String> provenance) {
        requireOpen();
        Objects.requireNonNull(directory, "directory");
        if (whitening != null && whitening.dimension() != subnet.embeddingDimension()) {
            throw new ModelException("this model makes " + subnet.embeddingDimension() + "-D embeddings; the whitening"
                    + " takes " + whitening.dimension() + "-D");
        }
        ModelDescriptor descriptor;
        try {
            descriptor = new ModelDescriptor(ModelDescriptor.FORMAT_VERSION, TfBackend.NAME, backendVersion, spec,
                    threshold, Objects.requireNonNull(provenance, "provenance"), whitening);
        } catch (IllegalArgumentException e) {
            throw new ModelException("cannot save the model: " + e.getMessage(), e);
        }
        Path target = directory.toAbsolutePath().normalize();
        TfModelFiles.requireEmptyOrAbsent(target);
        Map<String, float[]> weights = fetch(subnetVariables);
        TfModelFiles.writeAtomically(target, tmp -> {
            TfExport.export(tmp.resolve(TfModelFiles.SAVED_MODEL_DIR), subnet, weights, options);
            ModelDescriptorJson.write(tmp.resolve(ModelDescriptorJson.FILE_NAME), descriptor);
        });
        return descriptor;
    }

    private void requireOpen() {
        if (closed) {
            throw new ModelException("this TensorFlow Siamese model (" + spec.architecture().label() + ") is closed; create a new one");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            session.close();
            graph.close();
        }
    }

    @Override
    public String toString() {
        return "TfSiameseModel[" + spec.architecture().label() + " on " + spec.input() + ", seed " + spec.seed()
                + (closed ? ", closed" : "") + "]";
    }
}
