package dev.siamese.search.neardup;

import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.Embeddings;
import dev.siamese.data.pictures.Pictures;
import dev.siamese.search.dedup.DuplicateGroups;
import dev.siamese.search.hashes.PerceptualHash;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Scores near-duplicate detectors on a {@link NearDuplicateSet}: a trained twin (Euclidean distance of embeddings)
 * and perceptual hashes (Hamming distance). For each method the threshold with the best pair-level F1 is chosen on
 * the calibration split, then precision, recall and F1 of every pair of the test split are measured at it, with the
 * recall of each edit (original against that copy) and the time spent decoding, computing features and comparing
 * all pairs.
 */
public final class NearDuplicateScorer {
    private static final int BATCH = 256;

    /**
     * One method's result.
     *
     * @param calibration      the best-F1 score on the calibration split (its threshold is used on the test split)
     * @param test             the score on the test split at the calibrated threshold
     * @param recallByEdit     test recall of the pairs "original - copy" for each edit
     * @param falsePositives   test false positives by the kinds of their pictures (see {@link PairScores#falsePositivesByKind})
     * @param decodeSeconds    decoding the test pictures at the method's input shape (wall time)
     * @param featureSeconds   embedding or hashing the decoded test pictures
     * @param compareSeconds   computing and ranking every test pair's distance
     * @param testPictures     pictures in the test split
     * @param swapped          the other direction: the calibration split's score at the test split's best threshold
     * @param mistakes         the test pairs decided wrongly at the calibrated threshold (at most
     *                         {@link #MISTAKES_KEPT} false positives, closest first, then as many false negatives)
     * @param hamming          whether the distances are Hamming distances of hashes (whole bits) rather than
     *                         embedding distances
     * @param groupedConnected the test split's pairs that share a group when the pairs at the calibrated threshold
     *                         are grouped into connected components, as {@code dedup} does by default
     * @param groupedCentred   the same with centred groups ({@code dedup --grouping centred})
     */
    public record Result(String method, PairScores.Score calibration, PairScores.Score test,
                         Map<String, Double> recallByEdit, Map<String, Long> falsePositives, double decodeSeconds, double featureSeconds,
                         double compareSeconds, int testPictures, long testPairs, long testPositives,
                         PairScores.Score swapped, List<Mistake> mistakes, boolean hamming,
                         PairScores.Score groupedConnected, PairScores.Score groupedCentred) {

        /** The mean F1 of both directions: calibrated on one half and scored on the other (two-fold). */
        public double twoFoldF1() {
            return (test.f1() + swapped.f1()) / 2;
        }
    }

    /** False positives and false negatives kept per method in {@link Result#mistakes()}. */
    public static final int MISTAKES_KEPT = 1000;

    /** A test pair decided wrongly, with its two pictures. */
    public record Mistake(NearDuplicateSet.Member left, NearDuplicateSet.Member right, double distance,
                          boolean falsePositive) {
    }

    private NearDuplicateScorer() {
    }

    /**
     * Told how far decoding a split's pictures has come ({@code step} names it, e.g. {@code decoding test}); called
     * from the decoding threads, with {@code done} reaching {@code total} once per step.
     */
    @FunctionalInterface
    public interface Progress {
        void update(String step, long done, long total);

        /** Tells nothing. */
        Progress NONE = (step, done, total) -> { };
    }

    /** Scores the twin (if given) and each hash on the set under {@code set}. */
    public static List<Result> score(Path set, Optional<EmbeddingModel> model, List<PerceptualHash> hashes,
                                     Consumer<String> log) {
        return score(set, model.map(List::of).orElse(List.of()), hashes, log);
    }

    /**
     * Scores each twin, then, with two or more, their ensemble: the distance of two pictures is the Euclidean norm of
     * the twins' distances (their embeddings concatenated, with equal weights), and each hash, on the set under
     * {@code set}.
     */
    public static List<Result> score(Path set, List<EmbeddingModel> models, List<PerceptualHash> hashes,
                                     Consumer<String> log) {
        return score(set, models, hashes, log, Progress.NONE);
    }

    /** {@link #score(Path, List, List, Consumer)}, telling {@code progress} how the decoding goes. */
    public static List<Result> score(Path set, List<EmbeddingModel> models, List<PerceptualHash> hashes,
                                     Consumer<String> log, Progress progress) {
        NearDuplicateSet.Split calibration = NearDuplicateSet.read(set.resolve(NearDuplicateSet.SPLITS.get(0)));
        NearDuplicateSet.Split test = NearDuplicateSet.read(set.resolve(NearDuplicateSet.SPLITS.get(1)));
        log.accept(String.format(java.util.Locale.ROOT, "calibration: %d groups, %d distractors; test: %d groups, %d distractors",
                calibration.groups(), calibration.distractors(), test.groups(), test.distractors()));
        List<Result> results = new ArrayList<>();
        List<Features> calibrationFeatures = new ArrayList<>();
        List<Features> testFeatures = new ArrayList<>();
        // twins of one input shape share the decoded pictures
        Map<ImageShape, Decoded> decodedCalibration = new HashMap<>();
        Map<ImageShape, Decoded> decodedTest = new HashMap<>();
        for (EmbeddingModel m : models) {
            Decoded decodedCal = decodedCalibration.computeIfAbsent(m.inputShape(), shape -> decode(calibration, shape, progress));
            Decoded decodedTst = decodedTest.computeIfAbsent(m.inputShape(), shape -> decode(test, shape, progress));
            Features cal = embed(decodedCal, m);
            Features tst = embed(decodedTst, m);
            calibrationFeatures.add(cal);
            testFeatures.add(tst);
            String number = models.size() > 1 ? " " + (calibrationFeatures.size()) : "";
            results.add(evaluate("twin" + number + " (" + m.descriptor().label() + ")", cal, tst,
                    false));
            if (m.descriptor().hashBitWeight().isPresent()) {
                // the model's own decision: its distance plus its weight times the hashes' bits, calibrated anew
                double w = m.descriptor().hashBitWeight().getAsDouble();
                results.add(evaluate(String.format(java.util.Locale.ROOT, "twin%s decision (distance + %.4f x hash bits)",
                        number, w), decision(decodedCal, cal, w), decision(decodedTst, tst, w), false));
            }
            log.accept("scored the twin" + number);
        }
        if (models.size() > 1) {
            results.add(evaluate("ensemble of " + models.size() + " twins",
                    ensemble(calibrationFeatures, decodedCalibration.values()), ensemble(testFeatures, decodedTest.values()),
                    false));
            log.accept("scored the ensemble");
        }
        if (!hashes.isEmpty()) {
            Decoded cal = decode(calibration, PerceptualHash.DECODE_SHAPE, progress);
            Decoded tst = decode(test, PerceptualHash.DECODE_SHAPE, progress);
            for (PerceptualHash hash : hashes) {
                Features hashCal = hashed(cal, hash);
                Features hashTest = hashed(tst, hash);
                results.add(evaluate(hash.name(), hashCal, hashTest, true));
                log.accept("scored " + hash.name());
                if (!models.isEmpty() && hash instanceof dev.siamese.search.hashes.DctHash) {
                    Features twinCal = calibrationFeatures.size() > 1
                            ? ensemble(calibrationFeatures, decodedCalibration.values()) : calibrationFeatures.get(0);
                    Features twinTest = testFeatures.size() > 1
                            ? ensemble(testFeatures, decodedTest.values()) : testFeatures.get(0);
                    results.add(combined(twinCal, twinTest, hashCal, hashTest, hash.name()));
                    log.accept("scored the twin with " + hash.name());
                }
            }
        }
        return results;
    }

    /**
     * The embedding distance threshold whose groups have the best F1 on a labelled sample (a folder with one
     * sub-folder per group of near-duplicates, pictures that should pair, and optionally a {@code distractors}
     * sub-folder of pictures that should pair with nothing), when pairs are grouped as {@code grouping}: the F1
     * {@code dedup} delivers, with the pair-level score at the same threshold.
     */
    public static PairScores.Calibration calibrate(Path sample, EmbeddingModel model, DuplicateGroups.Grouping grouping) {
        NearDuplicateSet.Split split = NearDuplicateSet.read(sample);
        Decoded decoded = decode(split, model.inputShape());
        Features twin = embed(decoded, model);
        double w = model.descriptor().hashBitWeight().orElse(0);
        return calibrated(sample, split, w > 0 ? decision(decoded, twin, w) : twin, grouping, false);
    }

    /**
     * A model's near-duplicate decision with a hash term: embedding distance plus {@code bitWeight} times the Hamming
     * distance of the DCT hashes of the pictures as the model sees them (as {@code index} stores them).
     */
    private static Features decision(Decoded decoded, Features twin, double bitWeight) {
        Features both = sum(twin, hashed(decoded, new dev.siamese.search.hashes.DctHash()), 1, 1, bitWeight);
        // one decoding serves both signals
        return new Features(both.split(), both.distance(), twin.decodeSeconds(), both.featureSeconds());
    }

    /**
     * As {@link #calibrate(Path, EmbeddingModel, DuplicateGroups.Grouping)} for a perceptual hash of the pictures
     * decoded at {@code shape} (use the shape the compared hashes were made at): the best Hamming distance in bits.
     */
    public static PairScores.Calibration calibrate(Path sample, PerceptualHash hash, ImageShape shape,
                                                   DuplicateGroups.Grouping grouping) {
        NearDuplicateSet.Split split = NearDuplicateSet.read(sample);
        return calibrated(sample, split, hashed(decode(split, shape), hash), grouping, true);
    }

    private static PairScores.Calibration calibrated(Path sample, NearDuplicateSet.Split split, Features features,
                                                     DuplicateGroups.Grouping grouping, boolean wholeNumbers) {
        PairScores scores = new PairScores(groups(split), features.distance());
        if (scores.positives() == 0) {
            throw new dev.siamese.api.DatasetException("labelled sample " + sample + " has no group with two or more pictures");
        }
        return scores.bestGrouped(grouping, wholeNumbers);
    }

    /**
     * One split scored at a fixed threshold (no calibration): the pairs alone and the groups of either grouping.
     */
    public record AtThreshold(String split, int pictures, PairScores.Score pairs, PairScores.Score connected,
                              PairScores.Score centred) {
    }

    /**
     * Both splits of the set under {@code set} scored at {@code model}'s own threshold (what a user gets
     * uncalibrated), with the hash term when the model's decision has one ({@link
     * dev.siamese.api.model.ModelDescriptor#hashBitWeight()}).
     */
    public static List<AtThreshold> atOwnThreshold(Path set, EmbeddingModel model) {
        return atOwnThreshold(set, model, Progress.NONE);
    }

    /** {@link #atOwnThreshold(Path, EmbeddingModel)}, telling {@code progress} how the decoding goes. */
    public static List<AtThreshold> atOwnThreshold(Path set, EmbeddingModel model, Progress progress) {
        double weight = model.descriptor().hashBitWeight().orElse(0);
        List<AtThreshold> out = new ArrayList<>();
        for (String name : NearDuplicateSet.SPLITS) {
            PairScores scores = decisionScores(set.resolve(name), model, weight, progress);
            out.add(at(name, scores, model.threshold()));
        }
        return out;
    }

    /** A near-duplicate decision chosen on a set: the threshold, the weight of a hash bit (0: embeddings alone). */
    public record Choice(double threshold, double hashBitWeight, List<AtThreshold> halves) {
    }

    /** Multiples of (twin threshold / hash bits) that {@link #chooseThreshold} tries as the weight of a hash bit. */
    static final double[] BIT_WEIGHT_FACTORS = {0.5, 1, 2, 4, 8};

    /**
     * The decision with the best mean F1 of the groups ({@code grouping}) over both splits of the set under
     * {@code set}: a near-duplicate threshold chosen on real near-duplicates, to ship with a model. With
     * {@code withHash} the decision adds the DCT hash's Hamming distance (of the pictures as the model sees them,
     * as {@code index} stores it) times a weight chosen with the threshold.
     */
    public static Choice chooseThreshold(Path set, EmbeddingModel model, DuplicateGroups.Grouping grouping, boolean withHash) {
        return chooseThreshold(set, model, grouping, withHash, Progress.NONE);
    }

    /** {@link #chooseThreshold(Path, EmbeddingModel, DuplicateGroups.Grouping, boolean)}, telling {@code progress}. */
    public static Choice chooseThreshold(Path set, EmbeddingModel model, DuplicateGroups.Grouping grouping, boolean withHash,
                                         Progress progress) {
        List<NearDuplicateSet.Split> splits = new ArrayList<>();
        List<Features> twins = new ArrayList<>();
        List<Features> hashes = new ArrayList<>();
        for (String name : NearDuplicateSet.SPLITS) {
            NearDuplicateSet.Split split = NearDuplicateSet.read(set.resolve(name));
            Decoded decoded = decode(split, model.inputShape(), progress);
            splits.add(split);
            twins.add(embed(decoded, model));
            hashes.add(withHash ? hashed(decoded, new dev.siamese.search.hashes.DctHash()) : null);
        }
        List<Double> weights = new ArrayList<>(List.of(0.0));
        if (withHash) {
            int[] groups = groups(splits.get(0));
            double twinScale = new PairScores(groups, twins.get(0).distance()).best(false).threshold();
            double hashScale = Math.max(1, new PairScores(groups, hashes.get(0).distance()).best(true).threshold());
            weights.clear();
            for (double f : BIT_WEIGHT_FACTORS) {
                weights.add(f * twinScale / hashScale);
            }
        }
        Choice best = null;
        double bestF1 = -1;
        for (double w : weights) {
            List<PairScores> scores = new ArrayList<>();
            java.util.SortedSet<Double> candidates = new java.util.TreeSet<>();
            for (int i = 0; i < splits.size(); i++) {
                PairScores s = new PairScores(groups(splits.get(i)), withHash
                        ? sum(twins.get(i), hashes.get(i), 1, 1, w).distance() : twins.get(i).distance());
                scores.add(s);
                candidates.addAll(s.groupedCandidates(false));
            }
            for (double t : candidates) {
                double f1 = 0;
                for (PairScores s : scores) {
                    f1 += s.groupedAt(t, grouping).f1() / scores.size();
                }
                if (f1 > bestF1) {
                    bestF1 = f1;
                    List<AtThreshold> halves = new ArrayList<>();
                    for (int i = 0; i < scores.size(); i++) {
                        halves.add(at(NearDuplicateSet.SPLITS.get(i), scores.get(i), t));
                    }
                    best = new Choice(t, w, halves);
                }
            }
        }
        return best;
    }

    private static PairScores decisionScores(Path splitDir, EmbeddingModel model, double bitWeight, Progress progress) {
        NearDuplicateSet.Split split = NearDuplicateSet.read(splitDir);
        Decoded decoded = decode(split, model.inputShape(), progress);
        Features twin = embed(decoded, model);
        Features features = bitWeight > 0 ? decision(decoded, twin, bitWeight) : twin;
        return new PairScores(groups(split), features.distance());
    }

    private static AtThreshold at(String name, PairScores scores, double t) {
        return new AtThreshold(name, scores.pictures(), scores.at(t), scores.groupedAt(t, DuplicateGroups.Grouping.CONNECTED),
                scores.groupedAt(t, DuplicateGroups.Grouping.CENTRED));
    }

    private record Decoded(NearDuplicateSet.Split split, Image[] pictures, double seconds) {
    }

    /** Distances between pictures of one split, with the time it took to get them. */
    private record Features(NearDuplicateSet.Split split, PairScores.Distance distance, double decodeSeconds,
                            double featureSeconds) {
    }

    private static Decoded decode(NearDuplicateSet.Split split, ImageShape shape) {
        return decode(split, shape, Progress.NONE);
    }

    private static Decoded decode(NearDuplicateSet.Split split, ImageShape shape, Progress progress) {
        long t0 = System.nanoTime();
        Image[] pictures = new Image[split.members().size()];
        String step = "decoding " + split.folder().getFileName() + " at " + shape;
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        IntStream.range(0, pictures.length).parallel().forEach(i -> {
            pictures[i] = Pictures.read(split.members().get(i).file(), shape);
            progress.update(step, done.incrementAndGet(), pictures.length);
        });
        return new Decoded(split, pictures, (System.nanoTime() - t0) / 1e9);
    }

    private static Features embed(Decoded decoded, EmbeddingModel model) {
        long t0 = System.nanoTime();
        int n = decoded.pictures().length;
        int length = model.inputShape().length();
        int dim = model.embeddingDimension();
        float[] all = new float[n * dim];
        for (int start = 0; start < n; start += BATCH) {
            int count = Math.min(BATCH, n - start);
            float[] pixels = new float[count * length];
            for (int i = 0; i < count; i++) {
                decoded.pictures()[start + i].copyTo(pixels, i * length);
            }
            Embeddings e = model.embed(pixels, count);
            System.arraycopy(e.toArray(), 0, all, start * dim, count * dim);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Embeddings embeddings = Embeddings.adopt(n, dim, all);
        return new Features(decoded.split(), (i, j) -> embeddings.distance(i, embeddings, j), decoded.seconds(), seconds);
    }

    /**
     * The twins' distances combined: the norm of the vector of distances (embeddings concatenated); decoding counts
     * once per input shape.
     */
    private static Features ensemble(List<Features> members, java.util.Collection<Decoded> decoded) {
        PairScores.Distance[] distances = members.stream().map(Features::distance).toArray(PairScores.Distance[]::new);
        PairScores.Distance combined = (i, j) -> {
            double sum = 0;
            for (PairScores.Distance d : distances) {
                double v = d.between(i, j);
                sum += v * v;
            }
            return Math.sqrt(sum);
        };
        return new Features(members.get(0).split(), combined,
                decoded.stream().mapToDouble(Decoded::seconds).sum(),
                members.stream().mapToDouble(Features::featureSeconds).sum());
    }

    /** Weights of the hash distance tried by {@link #combined}, in units of each signal's calibrated threshold. */
    static final double[] HASH_WEIGHTS = {0.25, 0.5, 1, 2, 4, 8};

    /**
     * Both signals at once: the distance of two pictures is their twin distance over the twin's calibrated threshold
     * plus w times their hash distance over the hash's calibrated bits, with w the one of {@link #HASH_WEIGHTS} whose
     * best threshold has the best F1 on the calibration split; then calibrated and scored like any method. The twin
     * misses strongly brightened copies, the hash misses crops and turns: their sum keeps what each gets right.
     */
    private static Result combined(Features twinCal, Features twinTest, Features hashCal, Features hashTest, String hash) {
        int[] groups = groups(twinCal.split());
        double twinScale = new PairScores(groups, twinCal.distance()).best(false).threshold();
        double hashScale = Math.max(1, new PairScores(groups, hashCal.distance()).best(true).threshold());
        double bestWeight = HASH_WEIGHTS[0];
        double bestF1 = -1;
        for (double w : HASH_WEIGHTS) {
            double f1 = new PairScores(groups, sum(twinCal, hashCal, twinScale, hashScale, w).distance()).best(false).f1();
            if (f1 > bestF1) {
                bestF1 = f1;
                bestWeight = w;
            }
        }
        return evaluate(String.format(java.util.Locale.ROOT, "twin + %s (hash weight %s)", hash, bestWeight),
                sum(twinCal, hashCal, twinScale, hashScale, bestWeight),
                sum(twinTest, hashTest, twinScale, hashScale, bestWeight), false);
    }

    private static Features sum(Features twin, Features hash, double twinScale, double hashScale, double weight) {
        PairScores.Distance a = twin.distance();
        PairScores.Distance b = hash.distance();
        return new Features(twin.split(), (i, j) -> a.between(i, j) / twinScale + weight * b.between(i, j) / hashScale,
                twin.decodeSeconds() + hash.decodeSeconds(), twin.featureSeconds() + hash.featureSeconds());
    }

    private static Features hashed(Decoded decoded, PerceptualHash hash) {
        long t0 = System.nanoTime();
        long[] hashes = new long[decoded.pictures().length];
        IntStream.range(0, hashes.length).parallel().forEach(i -> hashes[i] = hash.hash(decoded.pictures()[i]));
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Features(decoded.split(), (i, j) -> hash.distance(hashes[i], hashes[j]), decoded.seconds(), seconds);
    }

    private static Result evaluate(String method, Features calibration, Features test, boolean wholeNumbers) {
        PairScores cal = new PairScores(groups(calibration.split()), calibration.distance());
        PairScores.Score chosen = cal.best(wholeNumbers);
        long t0 = System.nanoTime();
        PairScores tst = new PairScores(groups(test.split()), test.distance());
        double compare = (System.nanoTime() - t0) / 1e9;
        PairScores.Score score = tst.at(chosen.threshold());
        PairScores.Score swapped = cal.at(tst.best(wholeNumbers).threshold());
        List<NearDuplicateSet.Member> members = test.split().members();
        List<String> kinds = members.stream().map(NearDuplicateSet.Member::kind).toList();
        List<Mistake> mistakes = tst.mistakes(chosen.threshold(), MISTAKES_KEPT).stream()
                .map(m -> new Mistake(members.get(m.left()), members.get(m.right()), m.distance(), m.falsePositive()))
                .toList();
        return new Result(method, chosen, score, tst.recallByKind(kinds, NearDuplicateSet.ORIGINAL, chosen.threshold()),
                tst.falsePositivesByKind(kinds, chosen.threshold()),
                test.decodeSeconds(), test.featureSeconds(), compare, kinds.size(), tst.size(), tst.positives(), swapped,
                mistakes, wholeNumbers, tst.groupedAt(chosen.threshold(), DuplicateGroups.Grouping.CONNECTED),
                tst.groupedAt(chosen.threshold(), DuplicateGroups.Grouping.CENTRED));
    }

    private static int[] groups(NearDuplicateSet.Split split) {
        return split.members().stream().mapToInt(NearDuplicateSet.Member::group).toArray();
    }
}
