package dev.siamese.api.training;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IterationEndTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theEtaUsesTheRateOfTheStepsDoneSinceTrainingStarted() {
        // 60 of 100 steps done from scratch in 12 s: 0.2 s a step, 40 steps left
        assertThat(new IterationEnd(60, 100, 0.1f, 12 * SECOND, 1).etaNanos()).isEqualTo(8 * SECOND);
        // resumed at step 50: the 10 steps since took 12 s, 1.2 s a step
        assertThat(new IterationEnd(60, 100, 0.1f, 12 * SECOND, 1, 50).etaNanos()).isEqualTo(48 * SECOND);
        assertThat(new IterationEnd(50, 100, 0.1f, 0, 1, 50).etaNanos()).isZero();
        assertThat(new IterationEnd(100, 100, 0.1f, 5 * SECOND, 1).etaNanos()).isZero();
    }
}
