package dev.afk.wire;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the kernel route leaves of a reply besides its body, in the exchange variable {@value #VARIABLE}: the
 * status and the reply's headers (names compared without case). The body stays the message body: text for the
 * trackers, the re-readable stream for T3 (whose fleet document is parsed as a stream), or whatever the system's
 * hooks make of it (GitHub: the parsed JSON tree, null for a tolerated status).
 *
 * @param status  the HTTP status (a 304 answered from a cache reads 200)
 * @param headers reply headers, lower-case names
 */
public record HttpReply(int status, Map<String, String> headers) {

    /** The exchange variable holding the reply of the latest call. */
    public static final String VARIABLE = "httpReply";

    public HttpReply {
        Map<String, String> copy = new TreeMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null && v != null) {
                    copy.put(k.toLowerCase(Locale.ROOT), v);
                }
            });
        }
        headers = Map.copyOf(copy);
    }

    /** A header's value, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** {@code Link} (GitHub paging). */
    public String link() {
        return header("Link");
    }

    /** {@code X-Total-Count} (Forgejo paging). */
    public String totalCount() {
        return header("X-Total-Count");
    }

    /** The same reply with another status and one header replaced (null removes it). */
    public HttpReply with(int newStatus, String name, String value) {
        Map<String, String> h = new TreeMap<>(headers);
        if (value == null) {
            h.remove(name.toLowerCase(Locale.ROOT));
        } else {
            h.put(name.toLowerCase(Locale.ROOT), value);
        }
        return new HttpReply(newStatus, h);
    }
}
