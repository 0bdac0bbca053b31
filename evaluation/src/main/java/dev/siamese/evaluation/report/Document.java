package dev.siamese.evaluation.report;

import dev.siamese.evaluation.figures.Figure;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A report as a list of blocks, rendered to Markdown or to self-contained HTML; keeps the two formats in step and
 * puts all escaping in one place.
 */
final class Document {
    sealed interface Block permits Heading, Paragraph, Table, FigureBlock {
    }

    record Heading(String text) implements Block {
    }

    record Paragraph(String text) implements Block {
    }

    /** A table cell: text and, when {@code link} is not empty, a relative link. */
    record Cell(String text, String link) {
        static Cell of(String text) {
            return new Cell(text, "");
        }
    }

    record Table(List<String> headers, List<List<Cell>> rows, List<Boolean> numeric) implements Block {
    }

    /** A figure whose PNG lives at {@code file} (relative, for Markdown) and is embedded in the HTML. */
    record FigureBlock(Figure figure, String file) implements Block {
    }

    private static final String CSS = """
            body{margin:0;background:#f6f7f9;color:#1d2330;font:15px/1.5 -apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif}
            main{max-width:1100px;margin:0 auto;padding:24px 32px 48px;background:#fff;box-shadow:0 0 12px rgba(0,0,0,.06)}
            h1{font-size:26px;margin:8px 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid #e2e5ea;padding-bottom:4px}
            p.protocol{color:#4a5568;margin:4px 0 16px}
            div.table{overflow-x:auto;margin:8px 0 16px}table{border-collapse:collapse;font-size:13.5px}
            th,td{border:1px solid #d8dce3;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#eef1f5}tr:nth-child(even) td{background:#fafbfc}
            .num{text-align:right;font-variant-numeric:tabular-nums}td.num{white-space:nowrap}td a{white-space:nowrap}
            figure{margin:20px 0}figure img{max-width:100%;height:auto;border:1px solid #e2e5ea}
            figcaption{color:#4a5568;font-size:13px;margin-top:6px}
            a{color:#1a5fb4}
            """;

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    Document(String title) {
        this.title = title;
    }

    Document heading(String text) {
        blocks.add(new Heading(text));
        return this;
    }

    Document paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    /** A table; {@code numeric.get(i)} says whether column i holds numbers (right-aligned). */
    Document table(List<String> headers, List<List<Cell>> rows, List<Boolean> numeric) {
        if (numeric.size() != headers.size()) {
            throw new IllegalArgumentException(headers.size() + " headers but " + numeric.size() + " alignment flags");
        }
        blocks.add(new Table(List.copyOf(headers), List.copyOf(rows), List.copyOf(numeric)));
        return this;
    }

    Document figure(Figure figure, String file) {
        blocks.add(new FigureBlock(figure, file));
        return this;
    }

    String markdown() {
        StringBuilder out = new StringBuilder("# ").append(markdownText(title)).append("\n\n");
        for (Block block : blocks) {
            if (block instanceof Heading h) {
                out.append("## ").append(markdownText(h.text())).append("\n\n");
            } else if (block instanceof Paragraph p) {
                out.append(markdownText(p.text())).append("\n\n");
            } else if (block instanceof Table t) {
                out.append('|');
                for (String header : t.headers()) {
                    out.append(' ').append(markdownText(header)).append(" |");
                }
                out.append("\n|");
                for (int i = 0; i < t.headers().size(); i++) {
                    out.append(t.numeric().get(i) ? " ---: |" : " --- |");
                }
                out.append('\n');
                for (List<Cell> row : t.rows()) {
                    out.append('|');
                    for (Cell cell : row) {
                        String text = markdownText(cell.text());
                        if (!cell.link().isEmpty()) {
                            text = "[" + text + "](" + uri(cell.link()) + ")";
                        }
                        out.append(' ').append(text).append(" |");
                    }
                    out.append('\n');
                }
                out.append('\n');
            } else if (block instanceof FigureBlock f) {
                out.append("![").append(markdownText(f.figure().title())).append("](").append(uri(f.file())).append(")\n\n");
                out.append('*').append(markdownText(f.figure().caption())).append("*\n\n");
            }
        }
        return out.toString();
    }

    String html() {
        StringBuilder out = new StringBuilder(4096);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                // Nothing outside this file may load: images are data URIs, the style is inline.
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(html(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>").append(html(title)).append("</h1>\n");
        for (Block block : blocks) {
            if (block instanceof Heading h) {
                out.append("<h2>").append(html(h.text())).append("</h2>\n");
            } else if (block instanceof Paragraph p) {
                out.append("<p class=\"protocol\">").append(html(p.text())).append("</p>\n");
            } else if (block instanceof Table t) {
                out.append("<div class=\"table\"><table>\n<thead><tr>");
                for (int i = 0; i < t.headers().size(); i++) {
                    out.append(t.numeric().get(i) ? "<th class=\"num\">" : "<th>").append(breakable(t.headers().get(i))).append("</th>");
                }
                out.append("</tr></thead>\n<tbody>\n");
                for (List<Cell> row : t.rows()) {
                    out.append("<tr>");
                    for (int i = 0; i < row.size(); i++) {
                        Cell cell = row.get(i);
                        out.append(t.numeric().get(i) ? "<td class=\"num\">" : "<td>");
                        if (cell.link().isEmpty()) {
                            out.append(html(cell.text()));
                        } else {
                            out.append("<a href=\"").append(html(uri(cell.link()))).append("\">").append(html(cell.text())).append("</a>");
                        }
                        out.append("</td>");
                    }
                    out.append("</tr>\n");
                }
                out.append("</tbody>\n</table></div>\n");
            } else if (block instanceof FigureBlock f) {
                Figure figure = f.figure();
                out.append("<figure id=\"").append(html(figure.name())).append("\">\n<img src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(figure.png()))
                        .append("\" width=\"").append(figure.width()).append("\" height=\"").append(figure.height())
                        .append("\" alt=\"").append(html(figure.title())).append("\">\n<figcaption>")
                        .append(html(figure.caption())).append("</figcaption>\n</figure>\n");
            }
        }
        return out.append("</main>\n</body>\n</html>\n").toString();
    }

    /** Text safe in HTML element content and in double-quoted attribute values. */
    static String html(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Escaped header text with a line-break opportunity inside camelCase words, e.g. nearest|Neighbour|Accuracy. */
    static String breakable(String text) {
        return html(text).replaceAll("(?<=[a-z0-9])(?=[A-Z])", "<wbr>");
    }

    /** Text that Markdown shows literally, on one line (inline markup, HTML and table pipes escaped). */
    static String markdownText(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.append(' ');
            } else if ("\\`*_[]<>|~".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else if (c == '&') {
                out.append("&amp;");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A relative path as a URI reference: spaces and other unsafe characters percent-encoded, '/' kept. */
    static String uri(String path) {
        try {
            return new URI(null, null, path.replace('\\', '/'), null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot link to " + path + ": " + e.getMessage(), e);
        }
    }
}
