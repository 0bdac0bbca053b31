package dev.siamese.app.bench;

import java.util.Locale;

/** Renders a {@link BenchReport} as plain-text tables (Markdown-compatible), for the console and BENCHMARKS.md. */
public final class BenchTable {

    private BenchTable() {
    }

    public static String render(BenchReport r) {
        StringBuilder sb = new StringBuilder();
        BenchReport.Meta m = r.meta();
        line(sb, "machine: %s, %d cores; %s; %s; TensorFlow %s", m.cpu(), m.cores(), m.os(), m.java(), m.tensorflow());
        line(sb, "run: %s, %s profile, threads %s, median of %d repeats, %.0f s%s", m.date(), m.quick() ? "quick" : "full",
                m.threads(), m.repeats(), m.seconds(), m.tfXlaFlags().isEmpty() ? "" : ", TF_XLA_FLAGS=" + m.tfXlaFlags());
        sb.append('\n');

        BenchReport.Roof roof = r.roof();
        line(sb, "| roof (fp32 MatMul) | GFLOP/s |");
        line(sb, "|---|---:|");
        line(sb, "| %dx%d, threads %s (median, %d runs of %.1f ms) | **%.1f** |", roof.n(), roof.n(), roof.threads(),
                roof.repetitions(), roof.medianMillis(), roof.gflops());
        line(sb, "| %dx%d, fastest product of the whole run | %.1f |", roof.n(), roof.n(), roof.bestGflops());
        line(sb, "| %dx%d, 1 thread | %.1f |", roof.n(), roof.n(), roof.singleThreadGflops());
        for (BenchReport.ShapeRate s : roof.shapes()) {
            line(sb, "| %dx%d x %dx%d (%s) | %.1f |", s.m(), s.k(), s.k(), s.n(), s.label(), s.gflops());
        }
        line(sb, "| one session call (feed + fetch a scalar) | %.0f us |", roof.sessionCallMicros());
        sb.append('\n');

        line(sb, "| training (180-pair batches) | pairs/s (Trainer) | pairs/s (step alone) | ms/step | model MFLOP/pair |"
                + " executed MFLOP/pair | model GFLOP/s | roof GFLOP/s (paired) | %% of roof | %% of roof (executed)"
                + " | %% of roof (best/best) | spread |");
        line(sb, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (BenchReport.Training t : r.training()) {
            line(sb, "| %s | %.0f | %.0f | %.1f | %.2f | %.2f | %.1f | %.1f | **%.0f%%** | %.0f%% | %.0f%% | %.0f%% |", t.name(),
                    t.pairsPerSecond(), t.stepOnlyPairsPerSecond(), t.millisPerStep(), t.modelFlopsPerPair() / 1e6,
                    t.executedFlopsPerPair() / 1e6, t.gflops(), t.roofGflops(), 100 * t.fractionOfRoof(),
                    100 * t.executedFractionOfRoof(), 100 * t.bestFractionOfRoof(), 100 * t.spread());
        }
        sb.append('\n');

        for (BenchReport.JavaSide j : r.javaSide()) {
            line(sb, "| Java side (%s, per 180-pair step) | ms | share of a Trainer step |", j.model());
            line(sb, "|---|---:|---:|");
            line(sb, "| sampler.next() (prefetch thread, off the critical path) | %.2f | %.1f%% |", j.samplerMillis(), 100 * j.samplerShare());
            line(sb, "| feed: batch copy + 2 tensors (inside step) | %.2f | %.1f%% |", j.feedMillis(), 100 * j.feedShare());
            line(sb, "| model.step alone, one pre-drawn batch again and again | %.2f | |", j.stepMillis());
            line(sb, "| model.step alone, distinct pre-drawn batches | %.2f | |", j.distinctStepMillis());
            line(sb, "| Trainer step (prefetch, listeners, step) | %.2f | 100%% |", j.trainerStepMillis());
            line(sb, "| Trainer step - step alone | %.2f | %.1f%% |", j.trainerStepMillis() - j.stepMillis(), 100 * j.loopShare());
            line(sb, "| **Java side = feed + loop** | %.2f | **%.1f%%** |", j.javaShare() * j.trainerStepMillis(), 100 * j.javaShare());
            sb.append('\n');
        }

        line(sb, "| embedding | path | batch | images/s | ms/call | spread |");
        line(sb, "|---|---|---:|---:|---:|---:|");
        for (BenchReport.Embedding e : r.embedding()) {
            line(sb, "| %s | %s | %d | %.0f | %.3f | %.0f%% |", e.model(), e.path(), e.batch(), e.imagesPerSecond(),
                    e.millisPerCall(), 100 * e.spread());
        }
        sb.append('\n');

        line(sb, "| backend threads (intra/inter) | model | pairs/s (Trainer) | vs 0/0 | spread |");
        line(sb, "|---|---|---:|---:|---:|");
        for (BenchReport.BackendOption o : r.backendOptions()) {
            line(sb, "| %d/%d | %s | %.0f | x%.2f | %.0f%% |", o.intraOpThreads(), o.interOpThreads(), o.model(),
                    o.pairsPerSecond(), o.ratioToDefault(), 100 * o.spread());
        }
        sb.append('\n');
        line(sb, "XLA: %s", r.xla().note());
        return sb.toString();
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
