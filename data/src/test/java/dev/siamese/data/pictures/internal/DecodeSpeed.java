package dev.siamese.data.pictures.internal;

import dev.siamese.api.image.ImageShape;
import dev.siamese.data.pictures.Pictures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Pictures per second that {@link Pictures#read} decodes and fits to 64x64x3 on one thread, for the JPEGs under the
 * folders given (the first 200 of each, sorted), 3 rounds ({@code -Dpasses=N} for more); run it with and without
 * {@code -Dsiamese.decode.exact=true} beside {@code docs/reproduce/pillow-decode.py} on the same files
 * (docs/reproduce/decode-bench.sh does). Pictures per core-second are counted on the process's CPU time (JIT and GC
 * threads included), so that other work on the machine does not count.
 */
public final class DecodeSpeed {

    private DecodeSpeed() {
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    public static void main(String[] args) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String folder : args) {
            try (Stream<Path> walk = Files.walk(Path.of(folder))) {
                walk.filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g$")).sorted().limit(200)
                        .forEach(files::add);
            }
        }
        ImageShape shape = new ImageShape(64, 64, 3);
        for (int round = 1; round <= Integer.getInteger("passes", 3); round++) {
            long start = System.nanoTime();
            long cpuStart = cpuNanos();
            int read = 0;
            for (Path p : files) {
                try {
                    Pictures.read(p, shape);
                    read++;
                } catch (RuntimeException e) {
                    // counted as not read
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (cpuNanos() - cpuStart) / 1e9;
            System.out.printf(Locale.ROOT, "java %s round %d: %d of %d pictures in %.2f s, cpu %.2f s, %.1f pictures per"
                            + " core-second%n", PictureDecoder.EIGHTH_SCALE_JPEG ? "1/8-scale" : "full", round, read,
                    files.size(), seconds, cpuSeconds, read / cpuSeconds);
        }
    }
}
