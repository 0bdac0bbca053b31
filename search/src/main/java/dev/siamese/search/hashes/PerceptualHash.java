package dev.siamese.search.hashes;

import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;

/**
 * A 64-bit perceptual hash of a picture, the classic baseline the paper contrasts with Siamese embeddings:
 * similar pictures get hashes a small Hamming distance apart. Implementations are stateless and thread-safe.
 *
 * <p>Any picture shape is accepted; colour pictures are first reduced to grey by BT.601 luminance. To hash a file,
 * decode it at {@link #DECODE_SHAPE} with {@code dev.siamese.data.pictures.Pictures.read(file, PerceptualHash.DECODE_SHAPE)}.
 */
public interface PerceptualHash {

    /** A good shape to decode picture files at before hashing: grey, large enough for the 32x32 DCT hash. */
    ImageShape DECODE_SHAPE = new ImageShape(64, 64, 1);

    /** A short name for reports ({@code ahash}, {@code dhash}, {@code phash}). */
    String name();

    /** The hash of {@code image}. */
    long hash(Image image);

    /** The Hamming distance between two hashes: the number of differing bits, 0 to 64. */
    default int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** The hash named {@code name} ({@code ahash}, {@code dhash} or {@code phash}, any case). */
    static PerceptualHash named(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "ahash", "average" -> new AverageHash();
            case "dhash", "difference" -> new DifferenceHash();
            case "phash", "dct" -> new DctHash();
            default -> throw new IllegalArgumentException("unknown perceptual hash '" + name
                    + "'; use ahash, dhash or phash");
        };
    }
}
