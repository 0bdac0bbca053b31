package dev.siamese.solr;

import dev.siamese.search.SearchException;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.common.util.ContentStreamBase;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The Solr configset siamese collections use, for one embedding size: {@code solrconfig.xml} and an immutable
 * {@code managed-schema.xml} whose {@code vector} field is a Euclidean HNSW {@code DenseVectorField} with the local
 * index's settings. Named {@code siamese-<dimension>} on a cluster; {@link #writeTo} writes it for
 * {@code bin/solr zk upconfig -n siamese-64 -d FOLDER}, where uploads over HTTP are not allowed.
 */
public final class SolrConfigset {

    /** The files of the configset, in the order they are written. */
    public static final List<String> FILES = List.of("solrconfig.xml", "managed-schema.xml");

    /** The largest embedding Lucene 9 indexes (and so the largest a configset is made for). */
    public static final int MAX_DIMENSION = 1024;

    private static final String PLACEHOLDER = "@VECTOR_DIMENSION@";

    private SolrConfigset() {
    }

    /** The configset's name on a cluster: {@code siamese-<dimension>}. */
    public static String name(int dimension) {
        check(dimension);
        return "siamese-" + dimension;
    }

    /** Each file's text with the dimension filled in, by file name. */
    public static Map<String, String> files(int dimension) {
        check(dimension);
        Map<String, String> files = new LinkedHashMap<>();
        for (String file : FILES) {
            files.put(file, resource(file).replace(PLACEHOLDER, Integer.toString(dimension)));
        }
        return files;
    }

    /** The configset as a zip archive, the form the configset API takes. */
    public static byte[] zip(int dimension) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files(dimension).entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    /**
     * Writes the configset's files into {@code folder} (created if needed), replacing files of the same names.
     *
     * @throws SearchException when they cannot be written
     */
    public static void writeTo(Path folder, int dimension) {
        Map<String, String> files = files(dimension);
        try {
            Files.createDirectories(folder);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(folder.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new SearchException("cannot write the Solr configset to " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Uploads the configset for {@code dimension} to the cluster of the node at {@code url} unless a configset of
     * that name is there already.
     *
     * @return the configset's name
     * @throws SearchException when the cluster cannot be reached or refuses the upload
     */
    public static String uploadIfMissing(String url, int dimension) {
        check(dimension);
        try (SolrClient client = SolrNode.client(url)) {
            return uploadIfMissing(client, url, dimension);
        } catch (IOException e) {
            throw SolrNode.failure("close the connection to", url, null, e);
        }
    }

    static String uploadIfMissing(SolrClient client, String url, int dimension) {
        String name = name(dimension);
        List<String> present = SolrNode.call("list the configsets of", url, null,
                () -> new ConfigSetAdminRequest.List().process(client).getConfigSets());
        if (!present.contains(name)) {
            ConfigSetAdminRequest.Upload upload = new ConfigSetAdminRequest.Upload().setConfigSetName(name)
                    .setUploadStream(new ContentStreamBase.ByteArrayStream(zip(dimension), name + ".zip", "application/zip"));
            try {
                SolrNode.call("upload configset " + name + " to", url, null, () -> upload.process(client));
            } catch (SearchException e) {
                throw new SearchException(e.getMessage() + " (where uploads are disabled, write it with"
                        + " SolrConfigset.writeTo and run: bin/solr zk upconfig -n " + name + " -d FOLDER)", e);
            }
        }
        return name;
    }

    private static String resource(String file) {
        try (InputStream in = SolrConfigset.class.getResourceAsStream("configset/" + file)) {
            if (in == null) {
                throw new IllegalStateException("configset file " + file + " is missing from the siamese-solr jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configset file " + file + " from the siamese-solr jar", e);
        }
    }

    private static void check(int dimension) {
        if (dimension < 1 || dimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("vector dimension must be 1 to " + MAX_DIMENSION + ", got " + dimension);
        }
    }
}
