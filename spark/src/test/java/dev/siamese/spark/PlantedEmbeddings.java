package dev.siamese.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Clustered embeddings with planted near-duplicate groups, as embedding-table rows: background vectors around
 * Gaussian centres, and groups of 2-5 copies of one vector with small noise and hashes a few bits apart.
 */
final class PlantedEmbeddings {

    final List<String> paths = new ArrayList<>();
    final List<float[]> vectors = new ArrayList<>();
    final List<Long> hashes = new ArrayList<>();

    PlantedEmbeddings(int background, int groups, int dimension, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[20][dimension];
        for (float[] c : centres) {
            for (int d = 0; d < dimension; d++) {
                c[d] = (float) (random.nextGaussian() * 4);
            }
        }
        List<float[]> v = new ArrayList<>();
        List<Long> h = new ArrayList<>();
        for (int i = 0; i < background; i++) {
            float[] c = centres[random.nextInt(centres.length)];
            float[] x = new float[dimension];
            for (int d = 0; d < dimension; d++) {
                x[d] = c[d] + (float) random.nextGaussian();
            }
            v.add(x);
            h.add(random.nextLong());
        }
        for (int g = 0; g < groups; g++) {
            float[] c = centres[random.nextInt(centres.length)];
            float[] base = new float[dimension];
            for (int d = 0; d < dimension; d++) {
                base[d] = c[d] + (float) random.nextGaussian();
            }
            long hash = random.nextLong();
            int size = 2 + random.nextInt(4);
            for (int m = 0; m < size; m++) {
                float[] x = new float[dimension];
                for (int d = 0; d < dimension; d++) {
                    x[d] = base[d] + (float) (random.nextGaussian() * 0.08);
                }
                v.add(x);
                long flipped = hash;
                for (int b = random.nextInt(3); b > 0; b--) {
                    flipped ^= 1L << random.nextInt(64);
                }
                h.add(flipped);
            }
        }
        // shuffled, then named in that order: paths sort as the rows were made
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        for (int i = 0; i < order.size(); i++) {
            paths.add(String.format("file:/photos/%06d.jpg", i));
            vectors.add(v.get(order.get(i)));
            hashes.add(h.get(order.get(i)));
        }
    }

    List<Row> rows(String model) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            rows.add(RowFactory.create(paths.get(i), 1000L + i, 0L, hashes.get(i), vectors.get(i), model));
        }
        return rows;
    }

    dev.siamese.api.model.Embeddings embeddings() {
        int dimension = vectors.get(0).length;
        float[] all = new float[vectors.size() * dimension];
        for (int i = 0; i < vectors.size(); i++) {
            System.arraycopy(vectors.get(i), 0, all, i * dimension, dimension);
        }
        return new dev.siamese.api.model.Embeddings(vectors.size(), dimension, all);
    }

    long[] hashArray() {
        return hashes.stream().mapToLong(Long::longValue).toArray();
    }
}
