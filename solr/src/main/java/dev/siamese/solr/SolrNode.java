package dev.siamese.solr;

import dev.siamese.search.SearchException;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.Http2SolrClient;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** Connections to one Solr node, and SolrJ failures turned into one-line {@link SearchException}s. */
final class SolrNode {

    /** One SolrJ request. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws SolrServerException, IOException;
    }

    private SolrNode() {
    }

    /** {@code url} without a trailing slash, checked to be an http(s) URL. */
    static String normalize(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new SearchException("not a Solr URL: " + url + " (expected the node's base, like http://host:8983/solr)");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new SearchException("not a Solr URL: " + url + " (expected the node's base, like http://host:8983/solr)");
        }
        return u;
    }

    /** A client of the node at {@code url} (normalized); close it. */
    static SolrClient client(String url) {
        String base = normalize(url);
        try {
            return new Http2SolrClient.Builder(base)
                    .withConnectionTimeout(10, TimeUnit.SECONDS)
                    .withRequestTimeout(120, TimeUnit.SECONDS)
                    .build();
        } catch (RuntimeException e) {
            throw failure("connect to", base, null, e);
        }
    }

    /** Runs {@code call}, turning its failures into a {@link SearchException} that says what failed where. */
    static <T> T call(String what, String url, String collection, Call<T> call) {
        try {
            return call.run();
        } catch (SearchException e) {
            throw e;
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw failure(what, url, collection, e);
        }
    }

    /** "cannot WHAT solr URL [collection C]: REASON". */
    static SearchException failure(String what, String url, String collection, Exception e) {
        return new SearchException("cannot " + what + " " + where(url, collection) + ": " + reason(e), e);
    }

    /** {@code solr URL collection C}, as messages and {@code location()} name a collection. */
    static String where(String url, String collection) {
        return "solr " + url + (collection == null ? "" : " collection " + collection);
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "nothing answers there (is Solr running? the URL is a node's base, like http://host:8983/solr)";
            }
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        message = message.strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }
}
