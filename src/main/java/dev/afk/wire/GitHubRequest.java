package dev.afk.wire;

import java.util.Set;

/**
 * One GitHub REST call as the {@code github-call} route performs it: built by {@link GitHubWire}, carried in the
 * exchange variable {@code ghRequest}, so a redelivery re-sends exactly the same request.
 *
 * @param op          operation name for errors and metrics, e.g. {@code list-issues}
 * @param method      HTTP method
 * @param path        path below {@code AFK_TRACKER_URL}, already URL-encoded, starting with {@code /}
 * @param query       raw (encoded) query string, or null
 * @param body        JSON request body, or null
 * @param tolerated   statuses that are an answer, not a failure (e.g. 404 on a label removal); the call route
 *                    leaves a null body and the status in the variable {@code ghStatus}
 * @param itemsField  where the items of a page are: null for a JSON array, else the field holding it
 *                    ({@code check_runs})
 * @param idempotent  whether a transient failure may be retried within the call (comment creation is not)
 */
public record GitHubRequest(String op, String method, String path, String query, String body, Set<Integer> tolerated,
        String itemsField, boolean idempotent) {

    public GitHubRequest {
        tolerated = tolerated == null ? Set.of() : Set.copyOf(tolerated);
    }

    static GitHubRequest get(String op, String path, String query) {
        return new GitHubRequest(op, "GET", path, query, null, Set.of(), null, true);
    }

    public boolean tolerates(int status) {
        return tolerated.contains(status);
    }

    /** The same request for another page (path and query taken from a {@code Link} URL). */
    public GitHubRequest withTarget(String newPath, String newQuery) {
        return new GitHubRequest(op, method, newPath, newQuery, body, tolerated, itemsField, idempotent);
    }

    /** Key of the conditional-request cache: the full URL below the base. */
    public String url() {
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }

    GitHubRequest withItemsField(String field) {
        return new GitHubRequest(op, method, path, query, body, tolerated, field, idempotent);
    }

    GitHubRequest tolerating(Integer... statuses) {
        return new GitHubRequest(op, method, path, query, body, Set.of(statuses), itemsField, idempotent);
    }
}
