package dev.siamese.data.pairs;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.api.pairs.PairBatch;
import dev.siamese.api.pairs.PairSampler;
import org.junit.jupiter.api.Test;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassBalancedSamplerTest {
    /** The one pixel encodes the picture index i as i / SCALE. */
    private static final float SCALE = 1024f;
    private static final ImageShape SHAPE = new ImageShape(1, 1, 1);
    private static final List<String> CLASSES = List.of("c0", "c1", "c2", "c3", "c4", "c5");

    /** {@code perClass[c]} pictures of class c, picture i holding i / SCALE. */
    private static InMemoryDataset dataset(String name, int... perClass) {
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < perClass.length; c++) {
            for (int k = 0; k < perClass[c]; k++) {
                labels.add(c);
            }
        }
        float[] pixels = new float[labels.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i / SCALE;
        }
        return new InMemoryDataset(name, SHAPE, pixels, labels.stream().mapToInt(Integer::intValue).toArray(), CLASSES);
    }

    private static int[] pictures(PairBatch batch) {
        int n = batch.size();
        int[] indices = new int[2 * n];
        for (int i = 0; i < n; i++) {
            indices[i] = Math.round(batch.left().get(i) * SCALE);
            indices[n + i] = Math.round(batch.right().get(i) * SCALE);
        }
        return indices;
    }

    private static int[] labels(PairBatch batch) {
        IntBuffer labels = batch.labels().orElseThrow();
        int[] all = new int[labels.remaining()];
        labels.get(all);
        return all;
    }

    @Test
    void eachBatchHoldsKDifferentPicturesOfPDifferentClassesWithTheirLabels() {
        InMemoryDataset data = dataset("six", 10, 10, 10, 10, 10, 10);
        ClassBalancedSampler sampler = new ClassBalancedSampler(data, 4, 6, 1L);
        assertThat(sampler.batchSize()).isEqualTo(12);
        for (int b = 0; b < 50; b++) {
            PairBatch batch = sampler.next();
            int[] pictures = pictures(batch);
            int[] labels = labels(batch);
            Map<Integer, Set<Integer>> byClass = new TreeMap<>();
            for (int i = 0; i < pictures.length; i++) {
                assertThat(labels[i]).isEqualTo(data.label(pictures[i]));
                byClass.computeIfAbsent(labels[i], c -> new HashSet<>()).add(pictures[i]);
            }
            assertThat(byClass).hasSize(4);
            byClass.values().forEach(members -> assertThat(members).as("different pictures of one class").hasSize(6));
            for (int i = 0; i < batch.size(); i++) {
                assertThat(batch.isSimilar(i)).isEqualTo(labels[i] == labels[batch.size() + i]);
            }
        }
    }

    @Test
    void trainingAugmentationAltersThePicturesAndKeepsTheLabels() {
        InMemoryDataset data = dataset("six", 10, 10, 10, 10, 10, 10);
        PairSampler plain = TrainingPairs.labels().classBalancedSampler(data, 4, 6, 1L);
        PairSampler augmented = TrainingPairs.labels(
                new dev.siamese.data.augmentation.TrainingAugmentation(0, 0, 0.3, 0, 0)).classBalancedSampler(data, 4, 6, 1L);
        for (int b = 0; b < 3; b++) {
            PairBatch p = plain.next();
            PairBatch a = augmented.next();
            assertThat(labels(a)).isEqualTo(labels(p));
            float[] flagsP = new float[p.size()];
            float[] flagsA = new float[a.size()];
            p.similar().get(flagsP);
            a.similar().get(flagsA);
            assertThat(flagsA).isEqualTo(flagsP);
            float[] leftP = new float[p.size()];
            float[] leftA = new float[a.size()];
            p.left().get(leftP);
            a.left().get(leftA);
            assertThat(leftA).isNotEqualTo(leftP);
        }
    }

    @Test
    void classesSmallerThanKRepeatPictures() {
        ClassBalancedSampler sampler = new ClassBalancedSampler(dataset("small", 2, 3), 2, 4, 1L);
        int[] labels = labels(sampler.next());
        assertThat(labels).hasSize(8);
        assertThat(java.util.Arrays.stream(labels).filter(l -> l == 0).count()).isEqualTo(4);
    }

    @Test
    void theSameSeedGivesTheSameBatchesAndSkipContinuesExactly() {
        InMemoryDataset data = dataset("six", 7, 9, 5, 8, 6, 4);
        ClassBalancedSampler straight = new ClassBalancedSampler(data, 3, 4, 42L);
        List<int[]> batches = new ArrayList<>();
        for (int b = 0; b < 10; b++) {
            batches.add(pictures(straight.next()));
        }
        assertThat(straight.batchesDrawn()).isEqualTo(10);
        ClassBalancedSampler again = new ClassBalancedSampler(data, 3, 4, 42L);
        assertThat(pictures(again.next())).isEqualTo(batches.get(0));
        ClassBalancedSampler resumed = new ClassBalancedSampler(data, 3, 4, 42L);
        resumed.skip(7);
        assertThat(resumed.batchesDrawn()).isEqualTo(7);
        assertThat(pictures(resumed.next())).isEqualTo(batches.get(7));
        assertThat(pictures(resumed.next())).isEqualTo(batches.get(8));
        ClassBalancedSampler other = new ClassBalancedSampler(data, 3, 4, 43L);
        assertThat(pictures(other.next())).isNotEqualTo(batches.get(0));
    }

    @Test
    void aClassWithASinglePictureIsAnErrorNamingTheDataSetAndTheBatch() {
        assertThatThrownBy(() -> new ClassBalancedSampler(dataset("lonely", 5, 1, 5), 2, 4, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lonely'").hasMessageContaining("'c1'").hasMessageContaining("2 classes x 4 pictures");
    }

    @Test
    void fewerClassesThanPIsAnErrorNamingTheDataSetAndTheBatch() {
        assertThatThrownBy(() -> new ClassBalancedSampler(dataset("three", 5, 5, 5), 4, 2, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'three'").hasMessageContaining("3 class(es)")
                .hasMessageContaining("4 classes x 2 pictures");
    }

    @Test
    void anOddNumberOfPicturesOrTooSmallABatchIsRefused() {
        InMemoryDataset data = dataset("six", 5, 5, 5, 5, 5, 5);
        assertThatThrownBy(() -> new ClassBalancedSampler(data, 3, 3, 1L)).hasMessageContaining("odd number");
        assertThatThrownBy(() -> new ClassBalancedSampler(data, 1, 4, 1L)).hasMessageContaining("at least 2 classes");
        assertThatThrownBy(() -> new ClassBalancedSampler(data, 4, 1, 1L)).hasMessageContaining("at least 2 pictures");
    }

    @Test
    void augmentedPairsCannotFeedClassBalancedBatches() {
        TrainingPairs augmented = TrainingPairs.augmented(dev.siamese.data.augmentation.Augmentation.none(), 4, 2);
        assertThatThrownBy(() -> augmented.classBalancedSampler(dataset("six", 5, 5), 2, 2, 1L))
                .hasMessageContaining("siamese.data.pairs");
        assertThat(TrainingPairs.labels().classBalancedSampler(dataset("six", 5, 5), 2, 2, 1L))
                .isInstanceOf(ClassBalancedSampler.class);
    }
}
