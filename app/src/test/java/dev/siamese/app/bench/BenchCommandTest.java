package dev.siamese.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.ArchitectureSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void flopCountOfThePaperMlpIsAbout22MegaflopsPerPair() {
        FlopCount mlp = FlopCount.of(ArchitectureSpec.Mlp.paper(), ImageShape.digits());
        assertThat(mlp.forwardPerImage()).isEqualTo(2L * (784 * 1024 + 1024 * 1024 + 1024 * 2));
        assertThat(mlp.modelPerPair()).isEqualTo(22_241_280L);
        assertThat(mlp.executedPerPair()).isEqualTo(22_241_280L - 2L * 2 * 784 * 1024);
    }

    @Test
    void flopCountOfTheConvTwinFollowsThePooledMapSizes() {
        FlopCount conv = FlopCount.of(ArchitectureSpec.ConvNet.paper(3, 16, 2), ImageShape.digits());
        // 28x28 -> pool 14x14 -> pool 7x7 -> pool (odd, SAME) 4x4x16 = 256 -> 2
        long expected = 2L * 9 * 1 * 16 * 28 * 28 + 2L * 9 * 16 * 16 * 14 * 14 + 2L * 9 * 16 * 16 * 7 * 7 + 2L * 256 * 2;
        assertThat(conv.forwardPerImage()).isEqualTo(expected);
        assertThat(conv.layers()).hasSize(4);
    }

    @Test
    void flopCountOfAResidualTwinCountsStemBlocksProjectionsAndHead() {
        ArchitectureSpec.ResNet strided = new ArchitectureSpec.ResNet(4,
                ArchitectureSpec.ResNet.stages(List.of(4, 8), List.of(1, 1)), ArchitectureSpec.ResNet.Downsampling.STRIDE,
                5, true, 0.9);
        FlopCount count = FlopCount.of(strided, new ImageShape(8, 8, 3));
        long stem = 2L * 9 * 3 * 4 * 8 * 8;                          // 13,824
        long stage0 = 2 * (2L * 9 * 4 * 4 * 8 * 8);                   // two 3x3 4->4 on 8x8, identity shortcut
        long stage1 = 2L * 9 * 4 * 8 * 4 * 4                          // stride 2: outputs on 4x4
                + 2L * 9 * 8 * 8 * 4 * 4                              // 3x3 8->8 on 4x4
                + 2L * 4 * 8 * 4 * 4;                                 // 1x1 projection 4->8, stride 2
        long head = 2L * 8 * 5;
        assertThat(count.forwardPerImage()).isEqualTo(stem + stage0 + stage1 + head).isEqualTo(79_440L);
        assertThat(count.modelPerPair()).isEqualTo(6 * 79_440L);
        assertThat(count.executedPerPair()).as("the stem's input gradient is pruned").isEqualTo(2 * (3 * 79_440L - stem));
        assertThat(count.layers()).hasSize(7).anyMatch(l -> l.startsWith("conv 1x1x4->8 on 4x4"));

        // pooling between stages of equal width: the conv runs stride 1 on the pooled map, no projection
        ArchitectureSpec.ResNet pooled = new ArchitectureSpec.ResNet(4,
                ArchitectureSpec.ResNet.stages(List.of(4, 4), List.of(1, 1)), ArchitectureSpec.ResNet.Downsampling.POOL,
                5, false, 0.9);
        assertThat(FlopCount.of(pooled, new ImageShape(7, 7, 3)).forwardPerImage())
                .isEqualTo(2L * 9 * 3 * 4 * 49 + 2 * (2L * 9 * 4 * 4 * 49) + 2 * (2L * 9 * 4 * 4 * 16) + 2L * 4 * 5);
    }

    @Test
    void flopCountOfTheBundledResidualTwinIsAbout320MegaflopsPerPair() {
        ArchitectureSpec.ResNet bundled = new ArchitectureSpec.ResNet(16,
                ArchitectureSpec.ResNet.stages(List.of(16, 32, 64), List.of(2, 2, 2)),
                ArchitectureSpec.ResNet.Downsampling.STRIDE, 64, true, 0.9);
        FlopCount count = FlopCount.of(bundled, new ImageShape(32, 32, 3));
        long stage = 2L * 9 * 16 * 32 * 16 * 16 + 3 * (2L * 9 * 32 * 32 * 16 * 16) + 2L * 16 * 32 * 16 * 16;
        // stem, stage 0 (four 3x3 16->16 on 32x32), stages 1 and 2 (the same count: half the size, twice the width)
        long forward = 2L * 9 * 3 * 16 * 1024 + 4 * (2L * 9 * 16 * 16 * 1024) + 2 * stage + 2L * 64 * 64;
        assertThat(count.forwardPerImage()).isEqualTo(forward).isEqualTo(53_321_728L);
        assertThat(count.modelPerPair()).isEqualTo(319_930_368L);
    }

    @Test
    void quickRunWritesEverySectionWithPositiveFigures() throws IOException {
        Path json = dir.resolve("bench.json");
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(out));
        long t0 = System.nanoTime();
        int code = cl.execute("--quick", "--json", json.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(code).as(out.toString()).isZero();
        // a guard against the quick profile turning into the full one (minutes), not a timing: it took 45 s with a training
        // on both cores beside it, so the bound leaves room for slow or shared machines
        assertThat(seconds).as("the quick profile stays within a few minutes").isLessThan(240);
        assertThat(out.toString()).contains("roof", "% of roof", "Java side", "embedding", "backend threads",
                "training resnet 32x32x3", "java side (resnet 32x32x3)");

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("meta").path("quick").asBoolean()).isTrue();
        assertThat(root.path("roof").path("gflops").asDouble()).isPositive();
        assertThat(root.path("roof").path("singleThreadGflops").asDouble()).isPositive();
        assertThat(root.path("roof").path("shapes")).hasSize(2);

        JsonNode training = root.path("training");
        assertThat(training).hasSize(4);
        assertThat(training.get(3).path("name").asText()).isEqualTo("resnet 32x32x3");
        assertThat(training.get(3).path("architecture").asText()).isEqualTo("resnet-s16-16x2-32x2-64x2-stride-64-l2");
        for (JsonNode t : training) {
            assertThat(t.path("pairsPerSecond").asDouble()).as(t.toString()).isPositive();
            assertThat(t.path("stepOnlyPairsPerSecond").asDouble()).isPositive();
            assertThat(t.path("modelFlopsPerPair").asLong()).isPositive();
            assertThat(t.path("fractionOfRoof").asDouble()).isPositive();
        }
        assertThat(training.get(0).path("modelFlopsPerPair").asLong()).isEqualTo(22_241_280L);

        JsonNode javaSides = root.path("javaSide");
        assertThat(javaSides).hasSize(2);
        assertThat(javaSides.get(1).path("model").asText()).isEqualTo("resnet 32x32x3");
        for (JsonNode java : javaSides) {
            for (String field : new String[] {"samplerMillis", "feedMillis", "stepMillis", "trainerStepMillis"}) {
                assertThat(java.path(field).asDouble()).as(field).isPositive();
            }
            // feed + max(loop, 0): the loop part may be 0 when the step alone happened to be slower
            assertThat(java.path("javaShare").asDouble()).as("javaShare").isPositive();
        }

        JsonNode embedding = root.path("embedding");
        assertThat(embedding).hasSize(8);
        for (JsonNode e : embedding) {
            assertThat(e.path("imagesPerSecond").asDouble()).as(e.toString()).isPositive();
        }

        JsonNode options = root.path("backendOptions");
        assertThat(options).hasSize(2 * BenchSuite.THREAD_SETTINGS.size());
        for (JsonNode o : options) {
            assertThat(o.path("pairsPerSecond").asDouble()).as(o.toString()).isPositive();
            assertThat(o.path("ratioToDefault").asDouble()).isPositive();
        }
        assertThat(root.path("xla").path("note").asText()).isNotBlank();
    }

    @Test
    void indexAndKnnSubcommandsMeasureTheSearchModuleAndWriteJson() throws IOException {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(out));
        Path index = dir.resolve("index.json");
        assertThat(cl.execute("index", "--rows", "3000", "--queries", "30", "--candidates", "10,40", "--threads", "2",
                "--query-seconds", "0.2", "--json", index.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("merge into one segment", "candidates   40: recall@10");
        JsonNode result = new ObjectMapper().readTree(index.toFile());
        assertThat(result.path("settings").path("rows").asInt()).isEqualTo(3000);
        assertThat(result.path("addSeconds").asDouble()).isPositive();
        assertThat(result.path("figures")).hasSize(2);
        // bytes per vector found in the index's files, those packed in a flushed segment's compound file included:
        // float32 vectors of the benchmark's dimension and our graph's links
        int dimension = result.path("settings").path("dimension").asInt();
        assertThat(result.path("bytes").path("floats").asDouble()).isGreaterThanOrEqualTo(4.0 * dimension);
        assertThat(result.path("bytes").path("graph").asDouble()).isPositive();
        for (JsonNode f : result.path("figures")) {
            assertThat(f.path("queriesPerSecond").asDouble()).as(f.toString()).isPositive();
            assertThat(f.path("recall").asDouble()).isBetween(0.5, 1.0);
        }

        Path knn = dir.resolve("knn.json");
        assertThat(cl.execute("knn", "--rows", "2000", "--matrix-size", "64", "--json", knn.toString()))
                .as(out.toString()).isZero();
        JsonNode exact = new ObjectMapper().readTree(knn.toFile());
        assertThat(exact.path("spotCheckOk").asBoolean()).isTrue();
        assertThat(exact.path("effectiveGflops").asDouble()).isPositive();
        assertThat(exact.path("matmulGflops").asDouble()).isPositive();
    }

    @Test
    void indexBenchMeasuresOurOwnGraphWithTheSameProtocol() throws IOException {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(out));
        Path json = dir.resolve("own.json");
        assertThat(cl.execute("index", "--graph", "own", "--rows", "3000", "--queries", "30", "--candidates", "10,40",
                "--threads", "2", "--query-seconds", "0.2", "--json", json.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("HNSW index (our own graph)", "graph file:", "candidates   40: recall@10")
                .doesNotContain("merge into one segment");
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.path("settings").path("graph").asText()).isEqualTo("OWN");
        assertThat(result.path("addSeconds").asDouble()).isPositive();
        JsonNode figures = result.path("figures");
        assertThat(figures).hasSize(2);
        assertThat(figures.get(1).path("recall").asDouble()).isGreaterThan(0.9);
        assertThat(figures.get(1).path("queriesPerSecond").asDouble()).isPositive();

        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("index", "--graph", "faiss")).isEqualTo(2);
        assertThat(err.toString()).contains("--graph is index, lucene or own, got faiss");
    }

    @Test
    void indexBenchTimesApproximateDedupOverAKeptIndex() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        Path kept = dir.resolve("kept-index");
        assertThat(cl.execute("index", "--rows", "2000", "--queries", "20", "--candidates", "20", "--threads", "2",
                "--query-seconds", "0.1", "--index", kept.toString(), "--dedup-threshold", "1e9")).as(out.toString()).isZero();
        // every embedding pairs with its 10 neighbours: 2,000 in groups, at least 10,000 pairs counted once each
        assertThat(out.toString()).containsPattern("approximate dedup: [0-9.]+ s \\([0-9,]+ embeddings/s\\), [0-9,]+ pairs in")
                .containsPattern("largest [0-9,]+");
        String line = out.toString().lines().filter(l -> l.startsWith("approximate dedup:")).findFirst().orElseThrow();
        long pairs = Long.parseLong(line.replaceAll(".*\\), ([0-9,]+) pairs.*", "$1").replace(",", ""));
        assertThat(pairs).isGreaterThanOrEqualTo(10_000).isLessThanOrEqualTo(20_000);

        StringWriter again = new StringWriter();
        cl.setOut(new PrintWriter(again));
        assertThat(cl.execute("index", "--rows", "2000", "--queries", "20", "--candidates", "20", "--threads", "2",
                "--query-seconds", "0.1", "--index", kept.toString(), "--dedup-threshold", "1e-9")).isZero();
        assertThat(again.toString()).contains("reusing the index").contains(", 0 pairs in 0 groups");

        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("index", "--rows", "2000", "--dedup-threshold", "0.5")).isEqualTo(2);
        assertThat(err.toString()).contains("--dedup-threshold needs --index");
    }

    @Test
    void threadsNeedTwoNumbers() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--threads", "2", "--json", dir.resolve("x.json").toString())).isNotZero();
        assertThat(err.toString()).contains("--threads takes two numbers");
    }
}
