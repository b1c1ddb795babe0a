package dev.afk.wire;

import java.util.Set;

/**
 * One Forgejo REST call as the {@code forgejo-call} route performs it. Built by {@link ForgejoWire} and carried in
 * the exchange variable {@code forgejoCall}, so a redelivery re-sends exactly the same request whatever the failed
 * attempt left in the message.
 *
 * @param op         contract operation, for errors and metrics ({@code list-issues}, {@code add-label}, …)
 * @param method     HTTP method
 * @param path       path below {@code AFK_TRACKER_URL} ({@code …/api/v1}), URL-encoded, starting with {@code /}
 * @param query      raw (encoded) query string, or null
 * @param body       JSON request body, or null
 * @param tolerated  statuses that are an answer rather than a failure (404 on a commit lookup)
 * @param idempotent whether a transient failure may be retried inside the call (comment creation is not)
 */
public record ForgejoCall(String op, String method, String path, String query, String body, Set<Integer> tolerated,
        boolean idempotent) {

    public ForgejoCall {
        tolerated = tolerated == null ? Set.of() : Set.copyOf(tolerated);
    }

    static ForgejoCall get(String op, String path, String query) {
        return new ForgejoCall(op, "GET", path, query, null, Set.of(), true);
    }

    static ForgejoCall write(String op, String method, String path, String body, boolean idempotent) {
        return new ForgejoCall(op, method, path, null, body, Set.of(), idempotent);
    }

    public boolean tolerates(int status) {
        return tolerated.contains(status);
    }

    ForgejoCall tolerating(Integer... statuses) {
        return new ForgejoCall(op, method, path, query, body, Set.of(statuses), idempotent);
    }

    /** The same call with {@code extra} appended to the query (paging parameters). */
    ForgejoCall withQuery(String extra) {
        String q = query == null || query.isEmpty() ? extra : query + "&" + extra;
        return new ForgejoCall(op, method, path, q, body, tolerated, idempotent);
    }
}
