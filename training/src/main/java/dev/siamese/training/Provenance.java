package dev.siamese.training;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a trained model came from: the resolved configuration, seed, dataset, model, backend, start and end time,
 * and the machine and software versions.
 */
public record Provenance(String resolvedConfig, long seed, String dataset, String model, String backend,
                         Instant start, Instant end, Map<String, String> environment) {

    public Provenance {
        environment = Map.copyOf(environment);
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    /** Facts about this JVM and machine. */
    public static Map<String, String> currentEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("java.version", System.getProperty("java.version"));
        env.put("java.vendor", System.getProperty("java.vendor"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("max.heap.mb", Long.toString(Runtime.getRuntime().maxMemory() >> 20));
        String version = Provenance.class.getModule().getDescriptor() != null
                ? Provenance.class.getModule().getDescriptor().rawVersion().orElse("dev") : "dev";
        env.put("siamese.version", version);
        return env;
    }

    /** A flat map for descriptors and JSON. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("seed", Long.toString(seed));
        map.put("dataset", dataset);
        map.put("model", model);
        map.put("backend", backend);
        map.put("start", start.toString());
        map.put("end", end.toString());
        environment.forEach((k, v) -> map.put("env." + k, v));
        return map;
    }
}
