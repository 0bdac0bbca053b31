package dev.siamese.config;

/** Derives independent, reproducible seeds for each random consumer from the experiment's master seed. */
public final class Seeds {

    private Seeds() {
    }

    /** A seed for {@code purpose} (e.g. "sampler", "evaluation") that changes with both the master seed and the purpose. */
    public static long derive(long master, String purpose) {
        long h = master * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < purpose.length(); i++) {
            h = (h ^ purpose.charAt(i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        h ^= h >>> 29;
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 32);
    }
}
