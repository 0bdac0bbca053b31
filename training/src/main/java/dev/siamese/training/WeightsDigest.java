package dev.siamese.training;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** A SHA-256 fingerprint of a model's weights (names in sorted order, exact float bits): equal digests mean equal weights. */
public final class WeightsDigest {

    private WeightsDigest() {
    }

    public static String of(Map<String, float[]> weights) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, float[]> e : new TreeMap<>(weights).entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                ByteBuffer buffer = ByteBuffer.allocate(e.getValue().length * 4);
                buffer.asFloatBuffer().put(e.getValue());
                sha.update(buffer);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
