package dev.siamese.search;

import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

import java.io.IOException;

/**
 * Lucene's flat-vector scorer with the Euclidean similarity computed by {@link SquaredDistance} (on the Vector API
 * where it is readable): Lucene 9.12 on Java 17 scores only with its scalar loop, which took 84% of an HNSW build.
 * The scores are Lucene's own, {@code 1 / (1 + squared distance)}; other similarities and byte vectors go to Lucene's
 * default scorer.
 */
final class FastVectorsScorer implements FlatVectorsScorer {
    static final FastVectorsScorer INSTANCE = new FastVectorsScorer();

    private FastVectorsScorer() {
    }

    @Override
    public RandomVectorScorerSupplier getRandomVectorScorerSupplier(VectorSimilarityFunction similarity,
                                                                   RandomAccessVectorValues values) throws IOException {
        if (similarity == VectorSimilarityFunction.EUCLIDEAN && values instanceof RandomAccessVectorValues.Floats floats) {
            return new EuclideanSupplier(floats);
        }
        return DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(similarity, values);
    }

    @Override
    public RandomVectorScorer getRandomVectorScorer(VectorSimilarityFunction similarity, RandomAccessVectorValues values,
                                                    float[] target) throws IOException {
        if (similarity == VectorSimilarityFunction.EUCLIDEAN && values instanceof RandomAccessVectorValues.Floats floats) {
            if (target.length != floats.dimension()) {
                throw new IllegalArgumentException("vector dimensions differ: " + target.length + " != "
                        + floats.dimension());
            }
            return new EuclideanScorer(floats, target);
        }
        return DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(similarity, values, target);
    }

    @Override
    public RandomVectorScorer getRandomVectorScorer(VectorSimilarityFunction similarity, RandomAccessVectorValues values,
                                                    byte[] target) throws IOException {
        return DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(similarity, values, target);
    }

    @Override
    public String toString() {
        return "FastVectorsScorer(" + SquaredDistance.describe() + ")";
    }

    /** Scores stored vectors against one query vector. */
    private static final class EuclideanScorer extends RandomVectorScorer.AbstractRandomVectorScorer {
        private final RandomAccessVectorValues.Floats targets;
        private final float[] query;

        EuclideanScorer(RandomAccessVectorValues.Floats targets, float[] query) {
            super(targets);
            this.targets = targets;
            this.query = query;
        }

        @Override
        public float score(int node) throws IOException {
            return SquaredDistance.similarity(query, targets.vectorValue(node));
        }
    }

    /**
     * Scorers whose query is one of the stored vectors, as the graph builder asks for them. Like Lucene's, each copy
     * reads the queries and the targets through readers of its own (an off-heap reader reuses one buffer).
     */
    private static final class EuclideanSupplier implements RandomVectorScorerSupplier {
        private final RandomAccessVectorValues.Floats values;
        private final RandomAccessVectorValues.Floats queries;
        private final RandomAccessVectorValues.Floats targets;

        EuclideanSupplier(RandomAccessVectorValues.Floats values) throws IOException {
            this.values = values;
            this.queries = values.copy();
            this.targets = values.copy();
        }

        @Override
        public RandomVectorScorer scorer(int ord) throws IOException {
            return new EuclideanScorer(targets, queries.vectorValue(ord).clone());
        }

        @Override
        public RandomVectorScorerSupplier copy() throws IOException {
            return new EuclideanSupplier(values.copy());
        }
    }
}
