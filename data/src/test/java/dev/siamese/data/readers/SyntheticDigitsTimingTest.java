package dev.siamese.data.readers;

import dev.siamese.api.image.InMemoryDataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cost of generating the embedded digits. A wall-clock bound fails on a shared, loaded 2-core machine, so it is not
 * part of every build; run with {@code mvn -pl data -am test -Dsiamese.timing=true -Dtest=SyntheticDigitsTimingTest
 * -Dsurefire.failIfNoSpecifiedTests=false} (BENCHMARKS.md, "Data and memory").
 */
@EnabledIfSystemProperty(named = "siamese.timing", matches = "true")
class SyntheticDigitsTimingTest {

    @Test
    void tenThousandPicturesTakeWellUnderASecond() {
        SyntheticDigits.generate(2_000, 0L, "warm-up");
        long start = System.nanoTime();
        InMemoryDataset digits = SyntheticDigits.generate(10_000, 0L, "timed");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("synthetic digits: 10,000 pictures in %.3f s%n", seconds);

        assertThat(digits.size()).isEqualTo(10_000);
        assertThat(seconds).as("seconds to generate 10,000 digits").isLessThan(2.0);
    }
}
