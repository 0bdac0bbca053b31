package dev.siamese.data.pictures;

import dev.siamese.api.image.ImageShape;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link FileNamesTest} in a JVM under the POSIX locale: lists a folder and prints, per file, its name as that
 * JVM sees it, its {@link FileNames#text} (non-ASCII as {@code \}{@code u00e9}), whether the text names the same file
 * and whether it decodes.
 */
final class FileNamesProbe {
    private FileNamesProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        System.out.println("jnu " + System.getProperty("sun.jnu.encoding"));
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(files::add);
        }
        for (Path file : files) {
            String text = FileNames.text(file);
            String decoded;
            try {
                Pictures.read(file, new ImageShape(8, 8, 3));
                decoded = "decoded";
            } catch (RuntimeException e) {
                decoded = "not decoded: " + e.getMessage();
            }
            System.out.println(ascii(file.getFileName().toString().replace('\uFFFD', '?')) + " " + ascii(text) + " "
                    + (FileNames.path(text).equals(file) ? "same" : "other") + " " + decoded);
        }
        String stored = folder + "/caf\u00e9.png";
        System.out.println("stored " + ascii(stored) + " " + (Files.exists(FileNames.path(stored)) ? "exists" : "missing"));
    }

    private static String ascii(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c < 0x80 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.toString();
    }
}
