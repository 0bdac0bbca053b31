package dev.siamese.evaluation.verification;

import dev.siamese.evaluation.EvaluationProtocol;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ProtocolAndReportTest {

    @Test
    void defaultProtocolUsesTenThousandPairsEachAndOneNeighbour() {
        EvaluationProtocol protocol = EvaluationProtocol.defaults();

        assertThat(protocol.calibrationPairs()).isEqualTo(10_000);
        assertThat(protocol.testPairs()).isEqualTo(10_000);
        assertThat(protocol.k()).isEqualTo(1);
        assertThat(protocol.calibrationSeed()).isNotEqualTo(protocol.testSeed());
    }

    @Test
    void protocolNamesABadValue() {
        assertThatThrownBy(() -> new EvaluationProtocol(1, 10, 7, 1)).hasMessageContaining("calibrationPairs").hasMessageContaining("got 1");
        assertThatThrownBy(() -> new EvaluationProtocol(10, 10, 7, 0)).hasMessageContaining("k must be at least 1, got 0");
    }

    @Test
    void wilsonIntervalMatchesTheTextbookValue() {
        // 8 of 10: Wilson 95% interval (0.4902, 0.9433).
        ConfidenceInterval interval = ConfidenceInterval.wilson95(8, 10);

        assertThat(interval.low()).isCloseTo(0.4902, within(1e-4));
        assertThat(interval.high()).isCloseTo(0.9433, within(1e-4));
        assertThat(ConfidenceInterval.wilson95(10, 10).high()).isEqualTo(1.0);
        assertThat(ConfidenceInterval.wilson95(0, 10).low()).isEqualTo(0.0);
    }

    @Test
    void reportNamesABadValue() {
        ConfidenceInterval ci = ConfidenceInterval.wilson95(9, 10);
        assertThatThrownBy(() -> new VerificationReport(0.9, ci, 0.5, 1.2, 0.9, 0.1, 0.5, 0.4, 0.8, 1, 10, 10, 10, 10, 9, "p", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trainPairAccuracy must be in [0, 1], got 1.2");
        assertThatThrownBy(() -> new VerificationReport(0.9, ci, 0.5, 1, 0.9, 0.1, 0.5, 0.4, 0.8, 1, 10, 10, 10, 10, 11, "p", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("testPairsCorrect");
    }
}
