package dev.siamese.solr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SolrConfigsetTest {

    @Test
    void theZipHoldsBothFilesWithTheDimensionFilledIn() throws IOException {
        Map<String, String> files = unzip(SolrConfigset.zip(96));

        assertThat(files).containsOnlyKeys("solrconfig.xml", "managed-schema.xml");
        assertThat(files.get("managed-schema.xml"))
                .contains("vectorDimension=\"96\"", "similarityFunction=\"euclidean\"", "knnAlgorithm=\"hnsw\"",
                        "hnswMaxConnections=\"16\"", "hnswBeamWidth=\"100\"", "<uniqueKey>id</uniqueKey>")
                .doesNotContain("@VECTOR_DIMENSION@");
        assertThat(files.get("solrconfig.xml"))
                .contains("<luceneMatchVersion>9.12</luceneMatchVersion>", "<bool name=\"mutable\">false</bool>");
    }

    @Test
    void theFolderHoldsTheSameFilesForUpconfig(@TempDir Path tmp) throws IOException {
        SolrConfigset.writeTo(tmp.resolve("siamese-64"), 64);

        assertThat(Files.readString(tmp.resolve("siamese-64/managed-schema.xml")))
                .isEqualTo(SolrConfigset.files(64).get("managed-schema.xml")).contains("vectorDimension=\"64\"");
        assertThat(tmp.resolve("siamese-64/solrconfig.xml")).isRegularFile();
    }

    @Test
    void itIsNamedAfterTheDimension() {
        assertThat(SolrConfigset.name(64)).isEqualTo("siamese-64");
        assertThatThrownBy(() -> SolrConfigset.name(0)).hasMessageContaining("1 to 1024, got 0");
        assertThatThrownBy(() -> SolrConfigset.zip(2048)).hasMessageContaining("got 2048");
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
