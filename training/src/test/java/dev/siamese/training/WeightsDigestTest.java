package dev.siamese.training;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The weights fingerprint is exact: one bit or one name changes it, the order of the weights does not. */
class WeightsDigestTest {

    @Test
    void oneBitOfOneWeightOrOneNameChangesTheFingerprintButInsertionOrderDoesNot() {
        Map<String, float[]> weights = new LinkedHashMap<>();
        weights.put("dense_0/kernel", new float[] {0.25f, -1.5f, 3f});
        weights.put("dense_0/bias", new float[] {0f, 0f});
        String digest = WeightsDigest.of(weights);

        Map<String, float[]> reversed = new LinkedHashMap<>();
        reversed.put("dense_0/bias", new float[] {0f, 0f});
        reversed.put("dense_0/kernel", new float[] {0.25f, -1.5f, 3f});
        assertThat(WeightsDigest.of(reversed)).isEqualTo(digest);

        Map<String, float[]> nudged = new LinkedHashMap<>(weights);
        nudged.put("dense_0/kernel", new float[] {0.25f, Math.nextUp(-1.5f), 3f});
        assertThat(WeightsDigest.of(nudged)).isNotEqualTo(digest);

        Map<String, float[]> negativeZero = new LinkedHashMap<>(weights);
        negativeZero.put("dense_0/bias", new float[] {0f, -0f});
        assertThat(WeightsDigest.of(negativeZero)).isNotEqualTo(digest);

        Map<String, float[]> renamed = new LinkedHashMap<>();
        renamed.put("dense_1/kernel", weights.get("dense_0/kernel"));
        renamed.put("dense_0/bias", weights.get("dense_0/bias"));
        assertThat(WeightsDigest.of(renamed)).isNotEqualTo(digest);
    }
}
