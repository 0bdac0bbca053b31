package dev.siamese.tf.internal;

import org.tensorflow.op.Ops;

import java.util.HashMap;
import java.util.Map;

/**
 * Hands out {@link Ops} for slash-separated op names such as {@code dense_0/kernel}. TensorFlow Java makes every new
 * sub-scope unique ({@code dense_0}, then {@code dense_0_1}), so each scope is created once and reused, which keeps
 * variable names identical between the training graph and the exported graph.
 */
final class TfScopes {
    private final Ops root;
    private final Map<String, Ops> scopes = new HashMap<>();

    TfScopes(Ops root) {
        this.root = root;
    }

    /** Ops whose next op is named exactly {@code path}. */
    Ops named(String path) {
        int slash = path.lastIndexOf('/');
        Ops scope = slash < 0 ? root : scope(path.substring(0, slash));
        return scope.withName(path.substring(slash + 1));
    }

    /** The (single) sub-scope {@code prefix}. */
    Ops scope(String prefix) {
        Ops scope = scopes.get(prefix);
        if (scope == null) {
            int slash = prefix.lastIndexOf('/');
            Ops parent = slash < 0 ? root : scope(prefix.substring(0, slash));
            scope = parent.withSubScope(prefix.substring(slash + 1));
            scopes.put(prefix, scope);
        }
        return scope;
    }
}
