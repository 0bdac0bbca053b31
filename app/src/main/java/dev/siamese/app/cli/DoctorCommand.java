package dev.siamese.app.cli;

import dev.siamese.api.SiameseException;
import dev.siamese.api.model.Models;
import dev.siamese.api.spi.Backend;
import dev.siamese.api.spi.Backends;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code siamese doctor}: what this machine offers the tool (Java, operating system, memory, CPU features, the Vector
 * API, TensorFlow's native library and the devices it sees) and whether everything needed works.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check this machine: Java version, vendor and home; operating system, processors and heap;"
                + " CPU features (avx2, avx512f, fma); whether the Vector API module is on; TensorFlow's native and Java"
                + " versions, whether its native library loads and the devices (GPUs) it sees; the shipped model.",
                "Exit code 0 when everything needed works, else 1 with an 'error:' line naming what does not."})
public final class DoctorCommand implements Callable<Integer> {

    /** CPU features worth knowing for TensorFlow's kernels and the JDK's Vector API. */
    static final List<String> CPU_FEATURES = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "asimd", "sve");

    @picocli.CommandLine.Mixin
    QuietOption quiet;

    @Override
    public Integer call() {
        PrintStream out = quiet.quiet() ? new PrintStream(java.io.OutputStream.nullOutputStream()) : System.out;
        List<String> failures = new ArrayList<>();
        Map<String, String> report = new LinkedHashMap<>();
        report.put("siamese", BuildVersion.version());
        report.put("Java", Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        report.put("Java home", System.getProperty("java.home"));
        report.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        report.put("processors", String.valueOf(Runtime.getRuntime().availableProcessors()));
        report.put("max heap", String.format(Locale.ROOT, "%,d MB (SIAMESE_JAVA_OPTS=-Xmx... to change)",
                Runtime.getRuntime().maxMemory() >> 20));
        report.put("CPU features", cpuFeatures(Path.of("/proc/cpuinfo")));
        report.put("Vector API", ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? "on (jdk.incubator.vector: SIMD dot products in search, dedup and bench)"
                : "off (the launcher adds jdk.incubator.vector where the Java runtime has it, unless SIAMESE_VECTOR=off)");
        report.forEach((key, value) -> out.printf("%-16s %s%n", key + ":", value));
        List<Backend> backends = Backends.available();
        boolean shipped = false;
        for (Backend backend : backends) {
            out.printf("%-16s %s%n", "backend:", backend.name());
            try {
                backend.diagnostics().forEach((key, value) -> out.printf("%-16s %s%n", key + ":", value));
                shipped |= backend.bundledModels().contains(Models.NEAR_DUPLICATES);
            } catch (RuntimeException | LinkageError e) {
                failures.add(e instanceof SiameseException ? e.getMessage()
                        : "the " + backend.name() + " backend does not work here: " + e);
            }
        }
        if (backends.isEmpty()) {
            failures.add("no model backend on the module path (the siamese-model-tf module is missing)");
        } else {
            out.printf("%-16s %s%n", "shipped model:", shipped ? Models.NEAR_DUPLICATES : "missing");
            if (!shipped) {
                failures.add("the shipped model '" + Models.NEAR_DUPLICATES + "' is in no backend's jar");
            }
        }
        out.flush();
        if (!failures.isEmpty()) {
            throw new SiameseException(String.join("; ", failures));
        }
        out.println("everything needed works");
        return 0;
    }

    /** The {@link #CPU_FEATURES} the CPU has, from the first flags (x86) or Features (ARM) line of {@code cpuinfo}. */
    static String cpuFeatures(Path cpuinfo) {
        List<String> lines;
        try {
            lines = Files.readAllLines(cpuinfo);
        } catch (IOException | RuntimeException e) {
            return "unknown (no " + cpuinfo + ")";
        }
        for (String line : lines) {
            String key = line.split(":", 2)[0].trim();
            if ((key.equals("flags") || key.equals("Features")) && line.contains(":")) {
                List<String> flags = List.of(line.split(":", 2)[1].trim().split("\\s+"));
                List<String> has = CPU_FEATURES.stream().filter(flags::contains).toList();
                List<String> lacks = CPU_FEATURES.stream().filter(f -> !flags.contains(f))
                        .filter(f -> key.equals("flags") ? !f.equals("asimd") && !f.equals("sve") : f.equals("sve"))
                        .toList();
                return (has.isEmpty() ? "none of " + CPU_FEATURES : String.join(" ", has))
                        + (lacks.isEmpty() ? "" : " (no " + String.join(", ", lacks) + ")");
            }
        }
        return "unknown (no flags in " + cpuinfo + ")";
    }
}
