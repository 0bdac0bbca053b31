package dev.siamese.app;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins what every module exports: the packages a host application may use (a change here is a change of the public
 * API, to be made on purpose), and which packages only the app may read. Internal packages
 * ({@code ...internal}) are never exported to everyone.
 */
class ModuleExportsTest {

    private static final String EVERYONE = "*";

    private static final Map<String, Map<String, String>> EXPECTED = Map.of(
            "dev.siamese.api", Map.of("dev.siamese.api", EVERYONE, "dev.siamese.api.image", EVERYONE,
                    "dev.siamese.api.pairs", EVERYONE, "dev.siamese.api.model", EVERYONE, "dev.siamese.api.spi", EVERYONE,
                    "dev.siamese.api.training", EVERYONE, "dev.siamese.api.internal",
                    "dev.siamese.app,dev.siamese.data,dev.siamese.evaluation,dev.siamese.search,dev.siamese.training"),
            "dev.siamese.config", Map.of("dev.siamese.config", EVERYONE),
            "dev.siamese.data", Map.of("dev.siamese.data", EVERYONE, "dev.siamese.data.augmentation", EVERYONE,
                    "dev.siamese.data.pairs", EVERYONE, "dev.siamese.data.pictures", EVERYONE,
                    "dev.siamese.data.readers", EVERYONE),
            "dev.siamese.tf", Map.of("dev.siamese.tf", EVERYONE, "dev.siamese.tf.bench", "dev.siamese.app"),
            "dev.siamese.training", Map.of("dev.siamese.training", EVERYONE),
            "dev.siamese.evaluation", Map.of("dev.siamese.evaluation", EVERYONE, "dev.siamese.evaluation.figures", EVERYONE,
                    "dev.siamese.evaluation.report", EVERYONE, "dev.siamese.evaluation.retrieval", EVERYONE,
                    "dev.siamese.evaluation.verification", EVERYONE),
            "dev.siamese.search", Map.of("dev.siamese.search", EVERYONE, "dev.siamese.search.dedup", EVERYONE,
                    "dev.siamese.search.hashes", EVERYONE, "dev.siamese.search.index", EVERYONE,
                    "dev.siamese.search.knn", EVERYONE, "dev.siamese.search.scan", EVERYONE,
                    "dev.siamese.search.neardup", EVERYONE, "dev.siamese.search.internal", "dev.siamese.app",
                    "dev.siamese.search.bench", "dev.siamese.app"));

    @Test
    void everyModuleExportsWhatAHostNeedsAndNoMore() {
        for (Map.Entry<String, Map<String, String>> module : EXPECTED.entrySet()) {
            ModuleDescriptor descriptor = ModuleLayer.boot().findModule(module.getKey())
                    .orElseThrow(() -> new AssertionError(module.getKey() + " is not on the module path of the tests"))
                    .getDescriptor();
            Map<String, String> exports = new TreeMap<>();
            for (ModuleDescriptor.Exports e : descriptor.exports()) {
                exports.put(e.source(), e.isQualified() ? String.join(",", new TreeSet<>(e.targets())) : EVERYONE);
            }
            assertThat(exports).as(module.getKey()).isEqualTo(new TreeMap<>(module.getValue()));
        }
    }

    @Test
    void noInternalPackageIsExportedToEveryone() {
        Set<String> leaks = ModuleLayer.boot().modules().stream()
                .filter(m -> m.getName().startsWith("dev.siamese."))
                .flatMap(m -> m.getDescriptor().exports().stream())
                .filter(e -> !e.isQualified() && e.source().contains(".internal"))
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        assertThat(leaks).isEmpty();
        assertThat(ModuleLayer.boot().findModule("dev.siamese.tf")).isPresent();
    }
}
