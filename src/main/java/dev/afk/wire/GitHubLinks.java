package dev.afk.wire;

import dev.afk.adapter.AdapterFailure;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub paging: follow {@code Link: <url>; rel="next"} exactly as given (the issue list pages by cursor, so a
 * client must never build page URLs itself; docs/reference/trackers.md §2).
 */
public final class GitHubLinks {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^,;]+)*)");
    private static final Pattern REL = Pattern.compile("rel\\s*=\\s*\"?([^\";]+)\"?");

    private GitHubLinks() {}

    /** The {@code rel="next"} URL of a {@code Link} header, or null when this was the last page. */
    public static String nextUrl(String linkHeader) {
        if (linkHeader == null || linkHeader.isBlank()) {
            return null;
        }
        Matcher m = LINK.matcher(linkHeader);
        while (m.find()) {
            Matcher rel = REL.matcher(m.group(2));
            while (rel.find()) {
                for (String r : rel.group(1).strip().split("\\s+")) {
                    if (r.equals("next")) {
                        return m.group(1).strip();
                    }
                }
            }
        }
        return null;
    }

    /**
     * The request for the next page, or null when there is none. The next URL must lie below {@code baseUrl}
     * (AFK_TRACKER_URL): the token is never sent to a host the operator did not configure.
     */
    public static HttpCall next(HttpCall previous, String linkHeader, String baseUrl) {
        String url = nextUrl(linkHeader);
        if (url == null) {
            return null;
        }
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (!url.startsWith(base + "/")) {
            throw new AdapterFailure(AdapterFailure.Kind.MALFORMED, GitHubWire.SYSTEM, previous.op(), 0, null,
                    "the next-page link leaves AFK_TRACKER_URL (" + base + "): " + url, null);
        }
        String rest = url.substring(base.length());
        int q = rest.indexOf('?');
        return q < 0 ? previous.withTarget(rest, null) : previous.withTarget(rest.substring(0, q), rest.substring(q + 1));
    }
}
