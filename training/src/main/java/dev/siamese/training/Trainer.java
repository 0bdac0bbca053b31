package dev.siamese.training;

import dev.siamese.api.SiameseException;
import dev.siamese.api.model.TrainableModel;
import dev.siamese.api.pairs.PairBatch;
import dev.siamese.api.pairs.PairSampler;
import dev.siamese.api.training.CheckpointWritten;
import dev.siamese.api.training.IterationEnd;
import dev.siamese.api.training.TrainingEnd;
import dev.siamese.api.training.TrainingListener;
import dev.siamese.api.training.TrainingStart;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The paper's custom training loop: each iteration takes a fresh batch of random pairs, makes one optimizer step and
 * reports to the listeners. The next batch is drawn on a helper thread while the current step runs, so sampling and
 * copying stay off the critical path; batches are still drawn in order, so a seed gives the same run every time.
 * With weight averaging on ({@link TrainingSettings#averagesWeights()}), the model ends with the mean of the weight
 * snapshots taken in the last part of the run; checkpoints carry the mean so far. The learning rate of each step
 * follows {@link TrainingSettings#schedule()}, a function of the iteration number alone, so a resumed run takes the
 * same steps as an uninterrupted one.
 */
public final class Trainer {

    /** Runs {@code run} to the end, or until a listener asks to stop. */
    public TrainingResult train(TrainingRun run) {
        TrainableModel model = run.model();
        PairSampler sampler = run.sampler();
        TrainingSettings settings = run.settings();
        int total = settings.iterations();
        float[] history = new float[total];
        Instant start = Instant.now();
        int done = 0;
        WeightAverage average = new WeightAverage();
        if (run.resumeFrom().isPresent()) {
            Checkpoint checkpoint = run.resumeFrom().get();
            Map<String, float[]> weights = new LinkedHashMap<>(checkpoint.weights());
            weights.keySet().removeIf(WeightAverage::isEntry);
            model.restore(weights);
            average = WeightAverage.fromEntries(checkpoint.weights());
            sampler.skip(checkpoint.iteration());
            System.arraycopy(checkpoint.lossHistory(), 0, history, 0, checkpoint.iteration());
            done = checkpoint.iteration();
        }
        int firstDone = done;
        for (TrainingListener l : run.listeners()) {
            l.onTrainingStart(new TrainingStart(done + 1, total, sampler.batchSize(), model.spec().architecture().label(),
                    run.dataset()));
        }
        long t0 = System.nanoTime();
        boolean stopped = false;
        int every = settings.checkpointEvery();
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pair-prefetch");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<PairBatch> next = prefetch.submit(sampler::next);
            while (done < total) {
                PairBatch batch = await(next, done + 1);
                if (done + 1 < total) {
                    next = prefetch.submit(sampler::next);
                }
                // a constant schedule keeps the plain step, so models that cannot change their rate still train
                float loss = settings.schedule().isConstant() ? model.step(batch)
                        : model.step(batch, settings.learningRateFactor(done + 1));
                done++;
                if (!Float.isFinite(loss)) {
                    throw new TrainingException("the loss became " + loss + " at iteration " + done
                            + "; lower siamese.model.adam.learning-rate or check the input data");
                }
                history[done - 1] = loss;
                if (settings.averagesAfter(done)) {
                    average.add(model.weights());
                }
                long elapsed = System.nanoTime() - t0;
                IterationEnd event = new IterationEnd(done, total, loss, elapsed,
                        rate(done - firstDone, sampler.batchSize(), elapsed), firstDone);
                for (TrainingListener l : run.listeners()) {
                    l.onIteration(event);
                }
                if (every > 0 && done % every == 0 && done < total && run.checkpoints().isPresent()) {
                    Path file = run.checkpoints().get().write(new Checkpoint(done, Arrays.copyOf(history, done),
                            withAverage(model.weights(), average)));
                    CheckpointWritten written = new CheckpointWritten(done, file);
                    for (TrainingListener l : run.listeners()) {
                        l.onCheckpoint(written);
                    }
                }
                if (done < total && run.listeners().stream().anyMatch(TrainingListener::shouldStop)) {
                    stopped = true;
                    break;
                }
            }
        } finally {
            prefetch.shutdownNow();
        }
        if (average.count() > 0) {
            model.restore(average.mean());
        }
        long elapsed = System.nanoTime() - t0;
        double pairsPerSecond = rate(done - firstDone, sampler.batchSize(), elapsed);
        float[] losses = Arrays.copyOf(history, done);
        TrainingEnd end = new TrainingEnd(done, elapsed, pairsPerSecond, done == 0 ? Float.NaN : losses[done - 1], stopped);
        for (TrainingListener l : run.listeners()) {
            l.onTrainingEnd(end);
        }
        Provenance provenance = new Provenance(run.resolvedConfig(), model.spec().seed(), run.dataset(),
                model.spec().architecture().label() + " on " + model.spec().input(), run.backend(), start, Instant.now(),
                Provenance.currentEnvironment());
        return new TrainingResult(done, losses, elapsed, pairsPerSecond, stopped, provenance, average.count());
    }

    private static Map<String, float[]> withAverage(Map<String, float[]> weights, WeightAverage average) {
        Map<String, float[]> all = new LinkedHashMap<>(weights);
        all.putAll(average.toEntries());
        return all;
    }

    private static PairBatch await(Future<PairBatch> next, int iteration) {
        try {
            return next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingException("training was interrupted at iteration " + iteration, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SiameseException se) {
                throw se;
            }
            throw new TrainingException("drawing the pair batch of iteration " + iteration + " failed: " + cause, cause);
        }
    }

    private static double rate(int iterations, int batchSize, long nanos) {
        return nanos <= 0 ? 0 : iterations * (double) batchSize / (nanos / 1e9);
    }
}
