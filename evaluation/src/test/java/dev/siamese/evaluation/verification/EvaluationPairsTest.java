package dev.siamese.evaluation.verification;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvaluationPairsTest {

    private static int[] labels(int pictures, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[pictures];
        for (int i = 0; i < pictures; i++) {
            labels[i] = random.nextInt(classes);
        }
        return labels;
    }

    @Test
    void halfThePairsAreSimilarRoundedDown() {
        int[] labels = labels(500, 10, 1);

        assertThat(EvaluationPairs.balanced(labels, 1001, 7).similarCount()).isEqualTo(500);
        assertThat(EvaluationPairs.balanced(labels, 1000, 7).similarCount()).isEqualTo(500);
        assertThat(EvaluationPairs.balanced(labels, 1, 7).similarCount()).isZero();
        assertThat(EvaluationPairs.balanced(labels, 1001, 7).size()).isEqualTo(1001);
    }

    @Test
    void similarPairsShareALabelAndUseTwoDifferentPictures() {
        int[] labels = labels(300, 7, 2);
        EvaluationPairs pairs = EvaluationPairs.balanced(labels, 5000, 3);

        int[] left = pairs.left();
        int[] right = pairs.right();
        boolean[] similar = pairs.similar();
        for (int i = 0; i < pairs.size(); i++) {
            assertThat(left[i]).isBetween(0, labels.length - 1);
            assertThat(right[i]).isBetween(0, labels.length - 1);
            assertThat(labels[left[i]] == labels[right[i]]).as("pair %d", i).isEqualTo(similar[i]);
            if (similar[i]) {
                assertThat(left[i]).as("pair %d", i).isNotEqualTo(right[i]);
            }
        }
    }

    @Test
    void sameSeedGivesTheSamePairsAndAnotherSeedOthers() {
        int[] labels = labels(1000, 10, 4);

        assertThat(EvaluationPairs.balanced(labels, 2000, 9)).isEqualTo(EvaluationPairs.balanced(labels, 2000, 9));
        assertThat(EvaluationPairs.balanced(labels, 2000, 9)).isNotEqualTo(EvaluationPairs.balanced(labels, 2000, 10));
    }

    @Test
    void similarPairsComeOnlyFromClassesWithTwoPictures() {
        int[] labels = {0, 0, 1, 2, 2, 2, 3};
        EvaluationPairs pairs = EvaluationPairs.balanced(labels, 400, 5);

        int[] left = pairs.left();
        boolean[] similar = pairs.similar();
        for (int i = 0; i < pairs.size(); i++) {
            if (similar[i]) {
                assertThat(labels[left[i]]).isIn(0, 2);
            }
        }
    }

    @Test
    void similarPairsPickTheClassUniformly() {
        // Class 0 has 900 pictures and class 1 has 100; a uniform class choice still gives each about half.
        int[] labels = new int[1000];
        for (int i = 900; i < 1000; i++) {
            labels[i] = 1;
        }
        EvaluationPairs pairs = EvaluationPairs.balanced(labels, 8000, 6);
        int[] left = pairs.left();
        boolean[] similar = pairs.similar();
        int classOne = 0;
        for (int i = 0; i < pairs.size(); i++) {
            if (similar[i] && labels[left[i]] == 1) {
                classOne++;
            }
        }
        assertThat(classOne).isBetween(1800, 2200);
    }

    @Test
    void pairsAreShuffled() {
        EvaluationPairs pairs = EvaluationPairs.balanced(labels(100, 3, 8), 200, 8);
        boolean[] similar = pairs.similar();
        int similarInFirstHalf = 0;
        for (int i = 0; i < 100; i++) {
            if (similar[i]) {
                similarInFirstHalf++;
            }
        }
        assertThat(similarInFirstHalf).isBetween(30, 70);
    }

    @Test
    void refusesANonPositiveCount() {
        assertThatThrownBy(() -> EvaluationPairs.balanced(new int[] {0, 1}, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count must be positive, got 0");
    }

    @Test
    void refusesFewerThanTwoClasses() {
        assertThatThrownBy(() -> EvaluationPairs.balanced(new int[] {4, 4, 4}, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 classes, got 1");
    }

    @Test
    void refusesSimilarPairsWithoutAClassOfTwoPictures() {
        assertThatThrownBy(() -> EvaluationPairs.balanced(new int[] {0, 1, 2}, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 pictures");
        assertThat(EvaluationPairs.balanced(new int[] {0, 1, 2}, 1, 1).size()).isEqualTo(1);
    }

    @Test
    void copiesItsArraysDefensively() {
        int[] left = {0, 1};
        EvaluationPairs pairs = new EvaluationPairs(left, new int[] {2, 3}, new boolean[] {true, false});
        left[0] = 9;
        pairs.left()[1] = 9;
        pairs.similar()[0] = false;

        assertThat(pairs.left()).containsExactly(0, 1);
        assertThat(pairs.similar()).containsExactly(true, false);
    }

    @Test
    void refusesArraysOfDifferentLengths() {
        assertThatThrownBy(() -> new EvaluationPairs(new int[2], new int[2], new boolean[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2, 2 and 3");
    }
}
