package dev.siamese.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host application that only loads the shipped twin and compares two pictures (the README's Java example) compiles
 * and runs on the module path without Guice and without the settings modules (ours and Typesafe Config):
 * {@code siamese-model-tf}, {@code siamese-data} and {@code siamese-search} keep them for their bindings and settings
 * readers only. Runs after {@code package} (it takes the application's
 * runtime modules from {@code app/target/lib}, less Guice and what Guice brings).
 */
class HostWithoutGuiceIT {

    /** The wiring-only jars a host that loads and compares must not need: Guice and its own, our settings, Typesafe Config. */
    private static final List<String> GUICE = List.of("guice-", "guava-", "failureaccess-", "aopalliance-", "jakarta.inject-",
            "siamese-config-", "config-");

    private static final String HOST_MODULE = """
            module host {
                requires dev.siamese.search;
            }
            """;

    private static final String HOST_MAIN = """
            package host;

            import dev.siamese.api.image.Image;
            import dev.siamese.api.model.EmbeddingModel;
            import dev.siamese.api.model.Models;
            import dev.siamese.data.pictures.Pictures;
            import dev.siamese.search.hashes.DctHash;
            import java.nio.file.Path;

            public class Main {
                public static void main(String[] args) {
                    try (EmbeddingModel twin = Models.defaultNearDuplicates()) {
                        Image a = Pictures.read(Path.of(args[0]), twin.inputShape());
                        Image b = Pictures.read(Path.of(args[1]), twin.inputShape());
                        int bits = Long.bitCount(new DctHash().hash(a) ^ new DctHash().hash(b));
                        double score = twin.distance(a, b) + twin.descriptor().hashBitWeight().orElse(0) * bits;
                        System.out.println("same " + (twin.distance(a, a) == 0) + " near-duplicates " + (score < twin.threshold()));
                        System.out.println("guice " + ModuleLayer.boot().findModule("com.google.guice").isPresent());
                        System.out.println("settings " + ModuleLayer.boot().findModule("typesafe.config").isPresent());
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void loadsTheShippedTwinAndComparesPicturesWithoutGuice() throws Exception {
        List<Path> modules;
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("siamese.lib")))) {
            modules = jars.filter(jar -> GUICE.stream().noneMatch(jar.getFileName().toString()::startsWith)).sorted().toList();
        }
        assertThat(modules).extracting(jar -> jar.getFileName().toString())
                .anyMatch(name -> name.startsWith("siamese-model-tf-")).noneMatch(name -> name.startsWith("guice-"))
                .noneMatch(name -> name.startsWith("config-"));
        String modulePath = modules.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Path source = dir.resolve("src");
        Files.createDirectories(source.resolve("host"));
        Files.writeString(source.resolve("module-info.java"), HOST_MODULE);
        Files.writeString(source.resolve("host/Main.java"), HOST_MAIN);
        Path classes = dir.resolve("classes");
        Cli.write(dir.resolve("a.png"), Cli.picture(1, 96, 72));
        Cli.write(dir.resolve("b.png"), Cli.picture(2, 96, 72));

        Ran compiled = run(tool("javac"), "--module-path", modulePath, "-d", classes.toString(),
                source.resolve("module-info.java").toString(), source.resolve("host/Main.java").toString());
        assertThat(compiled.code()).as(compiled.out()).isZero();
        Ran host = run(tool("java"), "-Dsiamese.cache.dir=" + dir.resolve("cache"),
                "--module-path", modulePath + File.pathSeparator + classes, "-m", "host/host.Main",
                dir.resolve("a.png").toString(), dir.resolve("b.png").toString());

        assertThat(host.code()).as(host.out()).isZero();
        assertThat(host.out()).contains("same true near-duplicates false").contains("guice false")
                .contains("settings false");
    }

    private record Ran(int code, String out) {
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static Ran run(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true);
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        return new Ran(child.exitValue(), out);
    }
}
