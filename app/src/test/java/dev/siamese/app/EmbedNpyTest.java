package dev.siamese.app;

import dev.siamese.api.model.Models;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code siamese embed --format npy} writes what {@code numpy.load} reads: a version 1.0 header describing a
 * little-endian float32 array of shape (pictures, dimension), then the values, row i being the picture on line
 * i + 2 of the companion {@code .paths.csv}; the values are exactly those the CSV format writes.
 */
class EmbedNpyTest {

    @TempDir
    Path dir;

    @BeforeEach
    void modelCache() {
        System.setProperty(Models.CACHE_PROPERTY, dir.resolve("cache").toString());
    }

    @AfterEach
    void restoreCache() {
        System.clearProperty(Models.CACHE_PROPERTY);
    }

    @Test
    void npyHoldsTheCsvValuesWithTheirPathsBeside() throws IOException {
        Path photos = dir.resolve("photos");
        for (int i = 0; i < 3; i++) {
            Cli.write(photos.resolve("p" + i + ".png"), Cli.picture(60 + i, 48, 40));
        }
        Cli.write(photos.resolve("b, with a comma.png"), Cli.picture(70, 40, 48));
        Path csv = dir.resolve("e.csv");
        Path npy = dir.resolve("e.npy");

        Cli.Result asCsv = Cli.run("embed", photos.toString(), "-o", csv.toString());
        Cli.Result asNpy = Cli.run("embed", photos.toString(), "-o", npy.toString(), "--format", "npy");

        assertThat(asCsv.code()).as(asCsv.err()).isZero();
        assertThat(asNpy.code()).as(asNpy.err()).isZero();
        Path paths = dir.resolve("e.paths.csv");
        assertThat(asNpy.out()).contains("wrote 4 embeddings to " + npy.toAbsolutePath())
                .contains(paths.toAbsolutePath().toString());
        List<String> csvLines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        int dimension = csvLines.get(0).split(",").length - 1;

        byte[] bytes = Files.readAllBytes(npy);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        in.get(magic);
        assertThat(magic).containsExactly((byte) 0x93, 'N', 'U', 'M', 'P', 'Y');
        assertThat(in.get()).as("major version").isEqualTo((byte) 1);
        assertThat(in.get()).as("minor version").isEqualTo((byte) 0);
        int headerLength = Short.toUnsignedInt(in.getShort());
        assertThat((10 + headerLength) % 64).as("data aligned to 64 bytes").isZero();
        byte[] headerBytes = new byte[headerLength];
        in.get(headerBytes);
        String header = new String(headerBytes, StandardCharsets.US_ASCII);
        assertThat(header).endsWith("\n").contains("'descr': '<f4'").contains("'fortran_order': False");
        Matcher shape = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)").matcher(header);
        assertThat(shape.find()).as(header).isTrue();
        assertThat(Integer.parseInt(shape.group(1))).isEqualTo(4);
        assertThat(Integer.parseInt(shape.group(2))).isEqualTo(dimension).isEqualTo(64);
        assertThat(in.remaining()).isEqualTo(4 * dimension * Float.BYTES);

        List<String> pathLines = Files.readAllLines(paths, StandardCharsets.UTF_8);
        assertThat(pathLines).hasSize(5).first().isEqualTo("path");
        for (int row = 0; row < 4; row++) {
            String csvLine = csvLines.get(row + 1);
            assertThat(csvLine).startsWith(pathLines.get(row + 1) + ",");
            String[] fields = csvLine.substring(pathLines.get(row + 1).length() + 1).split(",");
            List<Float> expected = new ArrayList<>();
            List<Float> actual = new ArrayList<>();
            for (int k = 0; k < dimension; k++) {
                expected.add(Float.parseFloat(fields[k]));
                actual.add(in.getFloat());
            }
            assertThat(actual).as("row " + row).isEqualTo(expected);
        }
        assertThat(pathLines).contains("\"" + photos.resolve("b, with a comma.png") + "\"");
        try (var left = Files.list(dir)) {
            assertThat(left).noneMatch(p -> p.getFileName().toString().endsWith(".partial"));
        }
    }
}
