package dev.afk.sim;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cursor paging as GitHub's issue list does it: the next page is only reachable through the opaque {@code after}
 * cursor in {@code Link: <…>; rel="next"}, so a client that builds {@code page=2} itself gets the first page again
 * (and a recorded violation).
 */
final class GitHubSimPaging {

    /** One page of a list and the Link header that leads on (null on the last page). */
    record Page<T>(List<T> items, String link) {}

    private static final String PREFIX = "Y3Vyc29yOnYyOpK"; // looks like GitHub's base64 cursors, means nothing

    private GitHubSimPaging() {}

    static <T> Page<T> page(List<T> all, Map<String, String> query, String baseUrl, String path, int maxPageSize) {
        int perPage = 30;
        try {
            if (query.containsKey("per_page")) {
                perPage = Integer.parseInt(query.get("per_page"));
            }
        } catch (NumberFormatException ignored) {
            // GitHub ignores a garbled per_page
        }
        perPage = Math.max(1, Math.min(Math.min(perPage, 100), maxPageSize));
        int offset = decode(query.get("after"));
        int end = Math.min(all.size(), offset + perPage);
        List<T> items = offset >= all.size() ? List.of() : all.subList(offset, end);
        String link = null;
        if (end < all.size()) {
            Map<String, String> next = new TreeMap<>(query);
            next.remove("page");
            next.put("after", encode(end));
            StringBuilder url = new StringBuilder(baseUrl).append(path).append('?');
            next.forEach((k, v) -> url.append(enc(k)).append('=').append(enc(v)).append('&'));
            url.setLength(url.length() - 1);
            link = "<" + url + ">; rel=\"next\"";
        }
        return new Page<>(items, link);
    }

    static String encode(int offset) {
        return PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("o" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** Offset of a cursor; a missing or unknown cursor starts at the beginning. */
    static int decode(String cursor) {
        if (cursor == null || !cursor.startsWith(PREFIX)) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor.substring(PREFIX.length())),
                    StandardCharsets.UTF_8);
            return s.startsWith("o") ? Math.max(0, Integer.parseInt(s.substring(1))) : 0;
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
