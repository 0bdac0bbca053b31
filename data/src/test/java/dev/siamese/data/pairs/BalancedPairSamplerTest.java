package dev.siamese.data.pairs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.api.pairs.PairBatch;

import java.nio.FloatBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;

class BalancedPairSamplerTest {
    /** Pixel 0 encodes the picture index, pixel 1 the split (0 for split A, 1 for split B). */
    private static final ImageShape SHAPE = new ImageShape(1, 2, 1);
    private static final List<String> CLASSES = List.of("c0", "c1", "c2", "c3", "c4");
    private static final int PICTURES = 500;

    private final InMemoryDataset splitA = indexed("A", PICTURES, 0f, 1L);
    private final InMemoryDataset splitB = indexed("B", PICTURES, 1f, 2L);

    @Test
    void aboutHalfThePairsAreSimilar() {
        BalancedPairSampler sampler = new BalancedPairSampler(splitA, 3L);
        int batches = 200;
        long similar = 0;
        for (int b = 0; b < batches; b++) {
            PairBatch batch = sampler.next();
            assertThat(batch.size()).isEqualTo(180);
            // 90 ± 5 standard deviations of a binomial(180, 0.5) (sd 6.7).
            assertThat(batch.similarCount()).isBetween(56, 124);
            similar += batch.similarCount();
        }
        double pairs = batches * 180.0;
        double fraction = similar / pairs;
        double sigma = Math.sqrt(0.25 / pairs);
        assertThat(fraction).isBetween(0.5 - 4 * sigma, 0.5 + 4 * sigma);
    }

    @Test
    void similarPairsShareALabelAndDissimilarPairsDoNot() {
        BalancedPairSampler sampler = new BalancedPairSampler(splitA, 180, 0.5, 4L);
        for (int b = 0; b < 50; b++) {
            PairBatch batch = sampler.next();
            for (int i = 0; i < batch.size(); i++) {
                int left = index(batch.left(), i);
                int right = index(batch.right(), i);
                if (batch.isSimilar(i)) {
                    assertThat(splitA.label(left)).isEqualTo(splitA.label(right));
                    assertThat(left).as("a similar pair uses two different pictures").isNotEqualTo(right);
                } else {
                    assertThat(splitA.label(left)).isNotEqualTo(splitA.label(right));
                }
            }
        }
    }

    @Test
    void pairsComeOnlyFromTheSamplersSplit() {
        BalancedPairSampler fromA = new BalancedPairSampler(splitA, 5L);
        BalancedPairSampler fromB = new BalancedPairSampler(splitB, 5L);
        for (int b = 0; b < 20; b++) {
            assertAllFromSplit(fromA.next(), 0f);
            assertAllFromSplit(fromB.next(), 1f);
        }
    }

    @Test
    void pairsCoverEveryClassAndManyPictures() {
        BalancedPairSampler sampler = new BalancedPairSampler(splitA, 6L);
        boolean[] seenPicture = new boolean[PICTURES];
        boolean[] seenClass = new boolean[CLASSES.size()];
        for (int b = 0; b < 30; b++) {
            PairBatch batch = sampler.next();
            for (int i = 0; i < batch.size(); i++) {
                for (int picture : new int[] {index(batch.left(), i), index(batch.right(), i)}) {
                    seenPicture[picture] = true;
                    seenClass[splitA.label(picture)] = true;
                }
            }
        }
        int distinct = 0;
        for (boolean seen : seenPicture) {
            distinct += seen ? 1 : 0;
        }
        assertThat(seenClass).containsOnly(true);
        assertThat(distinct).isGreaterThan(PICTURES * 9 / 10);
    }

    @Test
    void sameSeedGivesTheSameBatchesAndADifferentSeedDifferentOnes() {
        BalancedPairSampler first = new BalancedPairSampler(splitA, 7L);
        BalancedPairSampler second = new BalancedPairSampler(splitA, 7L);
        BalancedPairSampler other = new BalancedPairSampler(splitA, 8L);
        boolean anyDifference = false;
        for (int b = 0; b < 5; b++) {
            PairBatch a = first.next();
            PairBatch same = second.next();
            PairBatch different = other.next();
            assertThat(same.left()).isEqualTo(a.left());
            assertThat(same.right()).isEqualTo(a.right());
            assertThat(same.similar()).isEqualTo(a.similar());
            anyDifference |= !different.left().equals(a.left()) || !different.similar().equals(a.similar());
        }
        assertThat(anyDifference).isTrue();
    }

    @Test
    void skippingResumesTheSequenceExactly() {
        BalancedPairSampler original = new BalancedPairSampler(splitA, 9L);
        original.next();
        original.next();
        original.next();
        BalancedPairSampler resumed = new BalancedPairSampler(splitA, 9L);
        resumed.skip(original.batchesDrawn());

        assertThat(resumed.batchesDrawn()).isEqualTo(3);
        PairBatch expected = original.next();
        PairBatch actual = resumed.next();
        assertThat(actual.left()).isEqualTo(expected.left());
        assertThat(actual.right()).isEqualTo(expected.right());
        assertThat(actual.similar()).isEqualTo(expected.similar());
    }

    @Test
    void probabilityZeroAndOneGiveAllDissimilarAndAllSimilar() {
        assertThat(new BalancedPairSampler(splitA, 50, 0.0, 1L).next().similarCount()).isZero();
        assertThat(new BalancedPairSampler(splitA, 50, 1.0, 1L).next().similarCount()).isEqualTo(50);
    }

    @Test
    void aClassWithOnePictureGivesASimilarPairOfThatPictureWithItself() {
        InMemoryDataset tiny = new InMemoryDataset("tiny", SHAPE, new float[] {0f, 0f, 1f, 0f},
                new int[] {0, 3}, CLASSES);
        PairBatch batch = new BalancedPairSampler(tiny, 20, 1.0, 1L).next();
        for (int i = 0; i < batch.size(); i++) {
            assertThat(index(batch.left(), i)).isEqualTo(index(batch.right(), i));
        }
    }

    @Test
    void rejectsADataSetWithFewerThanTwoClassesPresent() {
        InMemoryDataset oneClass = new InMemoryDataset("one class", SHAPE, new float[4], new int[] {2, 2}, CLASSES);

        assertThatThrownBy(() -> new BalancedPairSampler(oneClass, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'one class' has pictures of 1 class(es)")
                .hasMessageContaining("at least two classes");
    }

    @Test
    void rejectsANonPositiveBatchSize() {
        assertThatThrownBy(() -> new BalancedPairSampler(splitA, 0, 0.5, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size must be positive, got 0");
    }

    @Test
    void rejectsAProbabilityOutsideZeroToOne() {
        assertThatThrownBy(() -> new BalancedPairSampler(splitA, 10, 1.5, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new BalancedPairSampler(splitA, 10, Double.NaN, 1L))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsItsSettings() {
        BalancedPairSampler sampler = new BalancedPairSampler(splitA, 3L);

        assertThat(sampler.batchSize()).isEqualTo(180);
        assertThat(sampler.similarProbability()).isEqualTo(0.5);
        assertThat(sampler.shape()).isEqualTo(SHAPE);
        assertThat(sampler.seed()).isEqualTo(3L);
        assertThat(sampler.dataset()).isSameAs(splitA);
    }

    private static InMemoryDataset indexed(String name, int count, float splitMarker, long seed) {
        float[] pixels = new float[count * 2];
        int[] labels = new int[count];
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            pixels[2 * i] = i / (float) (count - 1);
            pixels[2 * i + 1] = splitMarker;
            labels[i] = random.nextInt(CLASSES.size());
        }
        return new InMemoryDataset(name, SHAPE, pixels, labels, CLASSES);
    }

    private static int index(FloatBuffer pictures, int pair) {
        return Math.round(pictures.get(pair * 2) * (PICTURES - 1));
    }

    private static void assertAllFromSplit(PairBatch batch, float marker) {
        for (int i = 0; i < batch.size(); i++) {
            assertThat(batch.left().get(i * 2 + 1)).isEqualTo(marker);
            assertThat(batch.right().get(i * 2 + 1)).isEqualTo(marker);
        }
    }
}
