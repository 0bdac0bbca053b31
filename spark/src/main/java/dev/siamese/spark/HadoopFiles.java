package dev.siamese.spark;

import dev.siamese.api.SiameseException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads from any Hadoop file system on executors: the driver's Hadoop settings travel with the job (so credentials
 * given as {@code spark.hadoop.*} reach every executor) and become a {@link Configuration} there.
 */
final class HadoopFiles implements Serializable {

    private final HashMap<String, String> settings;
    private transient Configuration configuration;

    private HadoopFiles(HashMap<String, String> settings) {
        this.settings = settings;
    }

    /** The settings of {@code configuration} (the driver's {@code sparkContext.hadoopConfiguration()}). */
    static HadoopFiles of(Configuration configuration) {
        HashMap<String, String> copy = new HashMap<>();
        for (Map.Entry<String, String> e : configuration) {
            copy.put(e.getKey(), e.getValue());
        }
        return new HadoopFiles(copy);
    }

    Configuration configuration() {
        if (configuration == null) {
            Configuration c = new Configuration(false);
            settings.forEach(c::set);
            configuration = c;
        }
        return configuration;
    }

    /**
     * The whole content of {@code uri}, refused (with a reason a user can act on) beyond {@code maxBytes}, so one huge
     * file cannot exhaust an executor's heap.
     */
    byte[] read(String uri, long maxBytes) throws IOException {
        if (uri.startsWith("file:")) {
            // a local file: read directly, without Hadoop's checksummed local file system in between
            java.nio.file.Path local = java.nio.file.Path.of(new Path(uri).toUri());
            requireAtMost(Files.size(local), maxBytes);
            return Files.readAllBytes(local);
        }
        Path path = new Path(URI.create(uri));
        FileSystem fs = path.getFileSystem(configuration());
        FileStatus status = fs.getFileStatus(path);
        requireAtMost(status.getLen(), maxBytes);
        byte[] content = new byte[(int) status.getLen()];
        try (FSDataInputStream in = fs.open(path)) {
            in.readFully(0, content);
        }
        return content;
    }

    private static void requireAtMost(long size, long maxBytes) throws IOException {
        if (size > maxBytes) {
            throw new IOException(String.format(java.util.Locale.ROOT, "file of %,d bytes is over the limit of %,d"
                    + " bytes per picture (--max-file-bytes)", size, maxBytes));
        }
    }

    /**
     * The local folder holding {@code uri}: itself for a local path, else a copy made once in a new temporary folder.
     *
     * @throws SiameseException naming the host when it does not exist here
     */
    java.nio.file.Path localFolder(String uri) {
        URI parsed = URI.create(uri.replace(" ", "%20"));
        if (parsed.getScheme() == null || "file".equals(parsed.getScheme())) {
            java.nio.file.Path local = parsed.getScheme() == null ? java.nio.file.Path.of(uri) : java.nio.file.Path.of(parsed);
            if (!Files.isDirectory(local)) {
                throw new SiameseException("model directory " + uri + " does not exist on executor host " + host()
                        + " (every executor reads the model from there: give an hdfs:// or s3a:// URI, or a folder"
                        + " present on every node)");
            }
            return local;
        }
        try {
            Path source = new Path(parsed);
            FileSystem fs = source.getFileSystem(configuration());
            if (!fs.exists(source)) {
                throw new SiameseException("model directory " + uri + " does not exist (seen from executor host "
                        + host() + ")");
            }
            java.nio.file.Path target = Files.createTempDirectory("siamese-model-");
            fs.copyToLocalFile(false, source, new Path(target.toUri()), true);
            return target.resolve(source.getName());
        } catch (IOException e) {
            throw new SiameseException("cannot copy model directory " + uri + " to executor host " + host() + ": "
                    + e.getMessage(), e);
        }
    }

    static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "(unknown host)";
        }
    }
}
