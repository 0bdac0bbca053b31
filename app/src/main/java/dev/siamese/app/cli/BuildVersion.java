package dev.siamese.app.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code siamese --version}: the version Maven built, with the Java runtime it runs on. */
final class BuildVersion implements CommandLine.IVersionProvider {

    /** The project version of this build, e.g. {@code 0.1.0-SNAPSHOT}, or "unknown" outside a Maven build. */
    static String version() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"siamese " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor")
                + "), " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
