package dev.siamese.evaluation.verification;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ThresholdCalibrationTest {

    @Test
    void picksTheSmallestMostAccurateMidpoint() {
        // Sorted: 0.1 s, 0.4 s, 0.5 d, 0.6 s, 0.9 d, 1.0 d. Correct when accepting nothing: 3; below 0.25: 4;
        // below 0.45: 5; below 0.55: 4; below 0.75: 5; below 0.95: 4; everything: 3. Best 5/6, first at 0.45.
        double[] d = {0.5, 0.1, 1.0, 0.6, 0.4, 0.9};
        boolean[] s = {false, true, false, true, true, false};

        ThresholdCalibration calibration = ThresholdCalibration.calibrate(d, s);

        assertThat(calibration.threshold()).isCloseTo(0.45, within(1e-12));
        assertThat(calibration.accuracy()).isEqualTo(5.0 / 6);
        assertThat(calibration.pairCount()).isEqualTo(6);
        assertThat(calibration.accuracyOn(d, s)).isEqualTo(5.0 / 6);
    }

    @Test
    void perfectSeparationReachesAccuracyOneMidwayInTheGap() {
        ThresholdCalibration calibration = ThresholdCalibration.calibrate(
                new double[] {0.1, 0.3, 0.7, 0.9}, new boolean[] {true, true, false, false});

        assertThat(calibration.threshold()).isCloseTo(0.5, within(1e-12));
        assertThat(calibration.accuracy()).isEqualTo(1.0);
    }

    @Test
    void tiedDistancesAreJudgedAlike() {
        // Three pairs at the same distance cannot be split: accept none (1/3) or all (2/3).
        double[] d = {0.5, 0.5, 0.5};
        boolean[] s = {true, false, true};

        ThresholdCalibration calibration = ThresholdCalibration.calibrate(d, s);

        assertThat(calibration.accuracy()).isEqualTo(2.0 / 3);
        assertThat(calibration.threshold()).isGreaterThan(0.5);
        assertThat(ThresholdCalibration.accuracyAt(calibration.threshold(), d, s)).isEqualTo(2.0 / 3);
    }

    @Test
    void separatesAdjacentDoubles() {
        double[] d = {1.0, Math.nextUp(1.0)};
        ThresholdCalibration calibration = ThresholdCalibration.calibrate(d, new boolean[] {true, false});

        assertThat(calibration.accuracy()).isEqualTo(1.0);
        assertThat(ThresholdCalibration.accuracyAt(calibration.threshold(), d, new boolean[] {true, false})).isEqualTo(1.0);
    }

    @Test
    void onlySimilarPairsAreAllAccepted() {
        double[] d = {0.2, 0.4, 0.3};
        ThresholdCalibration calibration = ThresholdCalibration.calibrate(d, new boolean[] {true, true, true});

        assertThat(calibration.accuracy()).isEqualTo(1.0);
        assertThat(calibration.threshold()).isGreaterThan(0.4);
    }

    @Test
    void onlyDissimilarPairsAreAllRejected() {
        double[] d = {0.2, 0.4, 0.3};
        ThresholdCalibration calibration = ThresholdCalibration.calibrate(d, new boolean[] {false, false, false});

        assertThat(calibration.accuracy()).isEqualTo(1.0);
        assertThat(calibration.threshold()).isLessThanOrEqualTo(0.2);
    }

    @Test
    void noCandidateThresholdBeatsTheCalibratedOneOnRandomData() {
        SplittableRandom random = new SplittableRandom(11);
        double[] d = new double[400];
        boolean[] s = new boolean[400];
        for (int i = 0; i < d.length; i++) {
            s[i] = random.nextBoolean();
            d[i] = random.nextInt(50) / 7.0 + (s[i] ? 0 : 2);
        }
        ThresholdCalibration calibration = ThresholdCalibration.calibrate(d, s);

        assertThat(ThresholdCalibration.accuracyAt(calibration.threshold(), d, s)).isEqualTo(calibration.accuracy());
        TreeSet<Double> values = new TreeSet<>();
        for (double v : d) {
            values.add(v);
        }
        for (double v : values) {
            assertThat(ThresholdCalibration.accuracyAt(v, d, s)).isLessThanOrEqualTo(calibration.accuracy());
            assertThat(ThresholdCalibration.accuracyAt(Math.nextUp(v), d, s)).isLessThanOrEqualTo(calibration.accuracy());
        }
    }

    @Test
    void refusesEmptyOrMismatchedInput() {
        assertThatThrownBy(() -> ThresholdCalibration.calibrate(new double[0], new boolean[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> ThresholdCalibration.calibrate(new double[2], new boolean[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 distances but 3");
    }

    @Test
    void recordNamesABadAccuracy() {
        assertThatThrownBy(() -> new ThresholdCalibration(0.5, 1.5, 3)).hasMessageContaining("accuracy").hasMessageContaining("1.5");
    }
}
