package dev.siamese.api.model;

/** The answer to "are these two pictures of the same kind?": the distance, the threshold used and the decision {@code distance < threshold}. */
public record Verdict(double distance, double threshold, boolean similar) {

    public static Verdict of(double distance, double threshold) {
        return new Verdict(distance, threshold, distance < threshold);
    }
}
