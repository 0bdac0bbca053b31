package dev.siamese.evaluation.verification;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RocAnalysisTest {

    /** Builds the arrays from similar and dissimilar distances. */
    static double[] distances(double[] similar, double[] dissimilar) {
        double[] d = new double[similar.length + dissimilar.length];
        System.arraycopy(similar, 0, d, 0, similar.length);
        System.arraycopy(dissimilar, 0, d, similar.length, dissimilar.length);
        return d;
    }

    static boolean[] flags(int similar, int dissimilar) {
        boolean[] s = new boolean[similar + dissimilar];
        for (int i = 0; i < similar; i++) {
            s[i] = true;
        }
        return s;
    }

    @Test
    void perfectSeparationHasAucOneAndEerZero() {
        RocAnalysis roc = RocAnalysis.of(distances(new double[] {0.3, 0.1, 0.2}, new double[] {0.9, 0.7, 0.8}), flags(3, 3));

        assertThat(roc.auc()).isEqualTo(1.0);
        assertThat(roc.eer()).isEqualTo(0.0);
        assertThat(roc.tarAtFar(0)).isEqualTo(1.0);
        assertThat(roc.positives()).isEqualTo(3);
        assertThat(roc.negatives()).isEqualTo(3);
    }

    @Test
    void fullyInvertedScoresHaveAucZeroAndEerOne() {
        RocAnalysis roc = RocAnalysis.of(distances(new double[] {0.7, 0.8, 0.9}, new double[] {0.1, 0.2}), flags(3, 2));

        assertThat(roc.auc()).isEqualTo(0.0);
        assertThat(roc.eer()).isEqualTo(1.0);
        assertThat(roc.tarAtFar(0.5)).isEqualTo(0.0);
    }

    @Test
    void tiedDistancesCountOneHalfInTheAuc() {
        // Similar {0.1, 0.2, 0.2, 0.4}, dissimilar {0.2, 0.3, 0.4, 0.5, 0.6}. For each similar pair, dissimilar pairs
        // strictly farther count 1 and equally far count 1/2:
        //   0.1 -> 5; 0.2 -> 4 + 1/2; 0.2 -> 4 + 1/2; 0.4 -> 2 + 1/2. Sum 16.5 of 4 x 5 = 20 -> AUC 0.825.
        RocAnalysis roc = RocAnalysis.of(
                distances(new double[] {0.2, 0.1, 0.4, 0.2}, new double[] {0.5, 0.2, 0.6, 0.3, 0.4}), flags(4, 5));

        assertThat(roc.auc()).isCloseTo(0.825, within(1e-15));
    }

    @Test
    void equalErrorRateIsInterpolatedAlongATiedSegment() {
        // Similar {1, 2}, dissimilar {2, 3}. ROC points (FAR, TAR): (0, 0) t=1; (0, 1/2) t=1.5; (1/2, 1) t=2.5; (1, 1).
        // FAR = 1 - TAR on the segment (0, 1/2)-(1/2, 1) halfway: (1/4, 3/4), so EER = 1/4 at threshold 2.
        // AUC: 1 beats 2 and 3 (2); 2 ties 2 (1/2) and beats 3 (1) -> 3.5 / 4 = 0.875.
        RocAnalysis roc = RocAnalysis.of(distances(new double[] {1, 2}, new double[] {2, 3}), flags(2, 2));

        assertThat(roc.eer()).isCloseTo(0.25, within(1e-15));
        assertThat(roc.eerThreshold()).isCloseTo(2.0, within(1e-15));
        assertThat(roc.auc()).isEqualTo(0.875);
        assertThat(roc.points()).extracting(RocPoint::falseAcceptRate).containsExactly(0.0, 0.0, 0.5, 1.0);
        assertThat(roc.points()).extracting(RocPoint::trueAcceptRate).containsExactly(0.0, 0.5, 1.0, 1.0);
        assertThat(roc.points()).extracting(RocPoint::threshold).containsExactly(1.0, 1.5, 2.5, Math.nextUp(3.0));
    }

    @Test
    void equalErrorRateOnAnOperatingPointIsReadExactly() {
        // Similar {1, 2, 3, 6}, dissimilar {4, 5, 7, 8}. Accepting d < 3.5: FAR 0, FRR 1/4; d < 4.5: FAR 1/4, FRR 1/4.
        RocAnalysis roc = RocAnalysis.of(distances(new double[] {1, 2, 3, 6}, new double[] {4, 5, 7, 8}), flags(4, 4));

        assertThat(roc.eer()).isEqualTo(0.25);
        assertThat(roc.eerThreshold()).isEqualTo(4.5);
        // 1, 2 and 3 beat all four dissimilar pairs, 6 beats 7 and 8: 14 / 16.
        assertThat(roc.auc()).isEqualTo(0.875);
    }

    @Test
    void trueAcceptRateAtFalseAcceptRateUsesOnlyReachableOperatingPoints() {
        RocAnalysis roc = RocAnalysis.of(distances(new double[] {1, 2, 3, 6}, new double[] {4, 5, 7, 8}), flags(4, 4));

        assertThat(roc.tarAtFar(0)).isEqualTo(0.75);
        assertThat(roc.tarAtFar(0.49)).isEqualTo(0.75);
        assertThat(roc.tarAtFar(0.5)).isEqualTo(1.0);
        assertThatThrownBy(() -> roc.tarAtFar(1.5)).hasMessageContaining("1.5");
    }

    @Test
    void aucMatchesAnIndependentPairwiseCountOnRandomScoresWithTies() {
        SplittableRandom random = new SplittableRandom(42);
        int n = 2000;
        double[] d = new double[n];
        boolean[] s = new boolean[n];
        for (int i = 0; i < n; i++) {
            s[i] = random.nextInt(3) != 0;
            // Coarse values force many ties; similar pairs are a little closer on average.
            d[i] = random.nextInt(40) / 10.0 + (s[i] ? 0 : random.nextInt(10) / 10.0);
        }

        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (s[i] && !s[j]) {
                    pairs++;
                    wins += d[i] < d[j] ? 1 : d[i] == d[j] ? 0.5 : 0;
                }
            }
        }
        RocAnalysis roc = RocAnalysis.of(d, s);

        assertThat(roc.auc()).isCloseTo(wins / pairs, within(1e-12));
        assertThat(roc.auc()).isBetween(0.55, 0.8);
    }

    @Test
    void aucEqualsTheTrapezoidalAreaUnderThePoints() {
        SplittableRandom random = new SplittableRandom(3);
        double[] d = new double[500];
        boolean[] s = new boolean[500];
        for (int i = 0; i < d.length; i++) {
            s[i] = random.nextBoolean();
            d[i] = random.nextInt(60) + (s[i] ? 0 : 15);
        }
        RocAnalysis roc = RocAnalysis.of(d, s);

        List<RocPoint> p = roc.points();
        double area = 0;
        for (int i = 1; i < p.size(); i++) {
            area += (p.get(i).falseAcceptRate() - p.get(i - 1).falseAcceptRate())
                    * (p.get(i).trueAcceptRate() + p.get(i - 1).trueAcceptRate()) / 2;
        }
        assertThat(roc.auc()).isCloseTo(area, within(1e-12));
    }

    @Test
    void pointsRunMonotonicallyFromOriginToOneOne() {
        SplittableRandom random = new SplittableRandom(5);
        double[] d = new double[300];
        boolean[] s = new boolean[300];
        for (int i = 0; i < d.length; i++) {
            s[i] = i % 2 == 0;
            d[i] = random.nextDouble();
        }
        List<RocPoint> p = RocAnalysis.of(d, s).points();

        assertThat(p.get(0)).isEqualTo(new RocPoint(p.get(0).threshold(), 0, 0));
        assertThat(p.get(p.size() - 1).falseAcceptRate()).isEqualTo(1.0);
        assertThat(p.get(p.size() - 1).trueAcceptRate()).isEqualTo(1.0);
        for (int i = 1; i < p.size(); i++) {
            assertThat(p.get(i).threshold()).isGreaterThan(p.get(i - 1).threshold());
            assertThat(p.get(i).falseAcceptRate()).isGreaterThanOrEqualTo(p.get(i - 1).falseAcceptRate());
            assertThat(p.get(i).trueAcceptRate()).isGreaterThanOrEqualTo(p.get(i - 1).trueAcceptRate());
        }
    }

    @Test
    void pointsAgreeWithTheirThresholds() {
        double[] d = {0.5, 0.5, 0.2, 0.9, 0.5, 0.1};
        boolean[] s = {true, false, true, false, false, true};
        for (RocPoint point : RocAnalysis.of(d, s).points()) {
            int acceptedSimilar = 0;
            int acceptedDissimilar = 0;
            for (int i = 0; i < d.length; i++) {
                if (d[i] < point.threshold()) {
                    if (s[i]) {
                        acceptedSimilar++;
                    } else {
                        acceptedDissimilar++;
                    }
                }
            }
            assertThat(point.trueAcceptRate()).isEqualTo(acceptedSimilar / 3.0);
            assertThat(point.falseAcceptRate()).isEqualTo(acceptedDissimilar / 3.0);
        }
    }

    @Test
    void refusesPairsOfOnlyOneKind() {
        assertThatThrownBy(() -> RocAnalysis.of(new double[] {1, 2}, new boolean[] {true, true}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 similar and 0 dissimilar");
    }

    @Test
    void refusesNonFiniteDistances() {
        assertThatThrownBy(() -> RocAnalysis.of(new double[] {1, Double.NaN}, new boolean[] {true, false}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distance 1 is NaN");
    }
}
