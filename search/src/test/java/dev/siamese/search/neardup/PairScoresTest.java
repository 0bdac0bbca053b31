package dev.siamese.search.neardup;

import dev.siamese.search.dedup.DuplicateGroups;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Calibrating for the groups dedup delivers, not for the pairs alone. */
class PairScoresTest {

    /**
     * Three groups of two: A = {0, 1} and B = {2, 3} are tight (0.1 apart), C = {4, 5} is loose (0.5); one false pair
     * 1-2 at 0.4 bridges A and B; everything else is far (1.0 or 20 bits).
     */
    private static PairScores bridged(double scale, double tight, double bridge, double loose, double far) {
        int[] groups = {0, 0, 1, 1, 2, 2};
        return new PairScores(groups, (i, j) -> {
            int a = Math.min(i, j);
            int b = Math.max(i, j);
            if ((a == 0 && b == 1) || (a == 2 && b == 3)) {
                return tight * scale;
            }
            if (a == 1 && b == 2) {
                return bridge * scale;
            }
            if (a == 4 && b == 5) {
                return loose * scale;
            }
            return far * scale;
        });
    }

    @Test
    void thePairLevelBestThresholdChainsTwoGroupsThatTheGroupedCalibrationKeepsApart() {
        PairScores scores = bridged(1, 0.1, 0.4, 0.5, 1.0);
        PairScores.Score pairsBest = scores.best(false);
        // pairs alone: admitting C's loose pair (and the bridge with it) is best, F1 6/7
        assertThat(pairsBest.f1()).isCloseTo(6 / 7.0, within(1e-12));
        // ... but connected components then merge A and B: 3 true of 7 pairs in groups
        assertThat(scores.groupedAt(pairsBest.threshold(), DuplicateGroups.Grouping.CONNECTED).f1())
                .isCloseTo(0.6, within(1e-12));

        PairScores.Calibration chosen = scores.bestGrouped(DuplicateGroups.Grouping.CONNECTED, false);
        assertThat(chosen.threshold()).isLessThan(0.4);
        assertThat(chosen.grouped().f1()).isCloseTo(0.8, within(1e-12));
        assertThat(chosen.grouped().truePositives()).isEqualTo(2);
        assertThat(chosen.grouped().falsePositives()).isZero();
        assertThat(chosen.pairs().f1()).isCloseTo(0.8, within(1e-12));
        assertThat(chosen.grouping()).isEqualTo(DuplicateGroups.Grouping.CONNECTED);
    }

    @Test
    void hashesAreCalibratedInWholeBitsForTheirGroupsToo() {
        PairScores scores = bridged(10, 0.1, 0.4, 0.5, 2.0); // 1, 4, 5 and 20 bits
        assertThat(scores.best(true).threshold()).isEqualTo(5.0);
        PairScores.Calibration chosen = scores.bestGrouped(DuplicateGroups.Grouping.CONNECTED, true);
        assertThat(chosen.threshold()).isBetween(1.0, 3.0);
        assertThat(chosen.threshold() % 1).isZero();
        assertThat(chosen.grouped().f1()).isCloseTo(0.8, within(1e-12));
        assertThat(scores.groupedCandidates(true)).contains(0.0, 1.0, 2.0, 3.0, 4.0, 5.0).doesNotContain(6.0);
    }
}
