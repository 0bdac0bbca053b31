package dev.siamese.data.pictures;

import java.io.File;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * File names as text that survives any locale: the one place where a {@link Path} becomes a string that is stored
 * (an index entry, a report, a cache) and where such a string becomes a {@code Path} again, and where a name is made
 * safe to print on a terminal.
 *
 * <p>Why this is needed: on Linux a file name is a string of bytes, and Java turns it into a {@code String} with
 * {@code sun.jnu.encoding}, which the JVM takes from the locale at start-up and which {@code -Dsun.jnu.encoding}
 * cannot change (JDK 17 ignores it). Under the POSIX locale ({@code LANG=C}: cron, systemd units, minimal containers)
 * that encoding is ASCII, so {@code café.png} becomes {@code caf??.png}; under a UTF-8 locale a Latin-1 name such as
 * {@code caf\xe9.png} becomes {@code caf\uFFFD.png}. A {@code Path} from a directory listing keeps the original bytes
 * and opens fine, but {@code path.toString()}, {@code Path.of(string)} and {@code path.toFile()} (and so
 * {@code ImageIO}'s {@code File} methods) do not round-trip: the file "cannot be opened" and a stored name cannot be
 * turned back into a {@code Path} ({@code InvalidPathException}). The launcher {@code app/siamese} therefore runs the
 * JVM under a UTF-8 locale when the user's one is not (so that arguments and non-ASCII names decode), and this class
 * does not depend on it: it reads a name's bytes through {@link Path#toUri()}, which percent-encodes the raw bytes,
 * and builds a {@code Path} from bytes through {@link Path#of(URI)}, which decodes them, whatever the locale.
 *
 * <p>The stored text of a path ({@link #text}) is its name decoded as UTF-8 when the bytes are valid UTF-8 (nearly
 * always, and then identical to {@code toString()} under a UTF-8 locale, so indexes written before stay valid), and
 * otherwise the {@code file:///} URI of the absolute path, whose percent escapes keep every byte ({@code
 * file:///photos/caf%E9.png}). A stored absolute path never starts with {@code file:}, so the two forms cannot be
 * confused, and {@link #path} maps either back to the same file. Reports (CSV, JSON) write this faithful text; the
 * console writes {@link #display}, which shows undecodable bytes as {@code \xe9} and escapes control and formatting
 * characters so that a name cannot move the cursor, recolour or rewrite the terminal.
 */
public final class FileNames {
    private static final String URI_PREFIX = "file:///";
    private static final boolean UNIX = File.separatorChar == '/';
    private static final boolean UTF8_NAMES = utf8Names();

    private FileNames() {
    }

    /** The faithful text of {@code path}: its name as UTF-8 text, or a {@code file:///} URI when it is not valid UTF-8. */
    public static String text(Path path) {
        String plain = path.toString();
        if (!UNIX || isPlainAscii(plain) || (UTF8_NAMES && plain.indexOf('\uFFFD') < 0)) {
            return plain;
        }
        byte[] bytes = bytes(path);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return uri(path.toAbsolutePath());
        }
    }

    /**
     * The path whose {@link #text} is {@code text}, with the same bytes whatever the locale.
     *
     * @throws InvalidPathException when {@code text} cannot name a file (a NUL character)
     */
    public static Path path(String text) {
        if (isEncoded(text)) {
            try {
                return Path.of(URI.create(text));
            } catch (IllegalArgumentException e) {
                throw new InvalidPathException(text, "not a file URI: " + e.getMessage());
            }
        }
        if (!UNIX || UTF8_NAMES || isPlainAscii(text) || text.indexOf('\0') >= 0) {
            return Path.of(text);
        }
        // a non-ASCII name under a non-UTF-8 file-name encoding: hand the file system the UTF-8 bytes themselves
        boolean absolute = text.startsWith("/");
        StringBuilder uri = new StringBuilder(URI_PREFIX.length() + text.length() * 3).append("file://");
        if (!absolute) {
            uri.append('/');
        }
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "/-._~".indexOf(c) >= 0)) {
                uri.append((char) c);
            } else {
                uri.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        Path resolved = Path.of(URI.create(uri.toString()));
        return absolute ? resolved : resolved.getRoot().relativize(resolved);
    }

    /** Whether {@code text} is the URI form that {@link #text} gives a name that is not valid UTF-8. */
    public static boolean isEncoded(String text) {
        return text.startsWith(URI_PREFIX);
    }

    /** {@link #display(String)} of {@code path}'s {@link #text}. */
    public static String display(Path path) {
        return display(text(path));
    }

    /**
     * {@code text} (a path's {@link #text}, or any message that holds names) as it is safe to print on a terminal:
     * the bytes of a URI-form name decoded, each byte that is not UTF-8 as {@code \xe9}; control characters as
     * {@code \x1b}; C1 controls, bidirectional overrides and other invisible formatting characters as {@code \u202e}.
     */
    public static String display(String text) {
        String decoded = isEncoded(text) ? decodeLossless(text) : text;
        StringBuilder out = null;
        for (int i = 0; i < decoded.length(); ) {
            int cp = decoded.codePointAt(i);
            int next = i + Character.charCount(cp);
            String escape = escape(cp);
            if (escape != null && out == null) {
                out = new StringBuilder(decoded.length() + 16).append(decoded, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.appendCodePoint(cp);
                }
            }
            i = next;
        }
        return out == null ? decoded : out.toString();
    }

    private static String escape(int cp) {
        if (cp < 0x20 || cp == 0x7f) {
            return String.format(Locale.ROOT, "\\x%02x", cp);
        }
        int type = Character.getType(cp);
        if ((cp >= 0x80 && cp < 0xa0) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE) {
            return cp <= 0xffff ? String.format(Locale.ROOT, "\\u%04x", cp) : String.format(Locale.ROOT, "\\u{%x}", cp);
        }
        return null;
    }

    /** The name of a URI-form text: valid UTF-8 runs as characters, every other byte as {@code \xe9}. */
    private static String decodeLossless(String uri) {
        ByteBuffer in = ByteBuffer.wrap(unescape(uri.substring("file://".length())));
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(in.remaining() * 4 + 16);
        StringBuilder out = new StringBuilder();
        while (true) {
            CoderResult result = decoder.decode(in, chars, true);
            chars.flip();
            out.append(chars);
            chars.clear();
            if (result.isError()) {
                for (int k = 0; k < result.length(); k++) {
                    out.append(String.format(Locale.ROOT, "\\x%02x", in.get() & 0xff));
                }
            } else if (result.isUnderflow()) {
                break;
            }
        }
        return out.toString();
    }

    /** The raw bytes of {@code path}'s name, read through its URI, which percent-encodes them. */
    private static byte[] bytes(Path path) {
        Path absolute = path.isAbsolute() ? path : path.getFileSystem().getPath("/").resolve(path);
        byte[] raw = unescape(absolute.toUri().getRawPath());
        int from = path.isAbsolute() ? 0 : 1;
        int to = raw.length > 1 && raw[raw.length - 1] == '/' ? raw.length - 1 : raw.length; // toUri marks folders
        return java.util.Arrays.copyOfRange(raw, from, Math.max(from, to));
    }

    private static String uri(Path absolute) {
        String uri = absolute.toUri().toString();
        return uri.length() > URI_PREFIX.length() && uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static byte[] unescape(String raw) {
        byte[] out = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                out[n++] = (byte) Integer.parseInt(raw.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** ASCII without '?', which some decoders put for a byte they cannot decode. */
    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || c == '?') {
                return false;
            }
        }
        return true;
    }

    private static boolean utf8Names() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")).equals(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
