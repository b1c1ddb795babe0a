package dev.afk.wire;

import java.util.Set;

/**
 * One HTTP call of an adapter, as the kernel route ({@code routes/http-call.camel.yaml}, instantiated as
 * {@code t3-call}, {@code forgejo-call}, {@code github-call}) performs it. Built by the pure mappers of each dialect
 * ({@link T3Steps}, {@link ForgejoWire}, {@link GitHubWire}) and carried in the exchange variable
 * {@value #VARIABLE}: the kernel rebuilds the whole request from it, so a redelivery re-sends exactly this request
 * whatever a failed attempt left on the message.
 *
 * @param system     {@code t3}, {@code forgejo} or {@code github}: the {@code system} tag of failures and metrics
 * @param op         the contract operation, for failures and logs ({@code list-issues}, {@code thread.create}, …)
 * @param method     HTTP method
 * @param path       path below the system's URL, already URL-encoded, starting with {@code /}
 * @param query      raw (encoded) query string, or null
 * @param body       JSON request body, or null (then no {@code Content-Type} is sent)
 * @param tolerated  statuses that are an answer rather than a failure (404 on a commit lookup): the kernel leaves
 *                   them to the op route instead of failing the call
 * @param repeatable whether the call is safe to repeat after a transient failure (a GET, an edit in place, a T3
 *                   command with its derived commandId; not a comment creation)
 */
public record HttpCall(String system, String op, String method, String path, String query, String body,
        Set<Integer> tolerated, boolean repeatable) {

    /** The exchange variable the kernel reads the call from. */
    public static final String VARIABLE = "httpCall";

    public HttpCall {
        tolerated = tolerated == null ? Set.of() : Set.copyOf(tolerated);
    }

    /** A GET: always safe to repeat. */
    public static HttpCall get(String system, String op, String path, String query) {
        return new HttpCall(system, op, "GET", path, query, null, Set.of(), true);
    }

    /** A call with a body (or a DELETE); {@code repeatable} says whether a retry may send it again. */
    public static HttpCall send(String system, String op, String method, String path, String body,
            boolean repeatable) {
        return new HttpCall(system, op, method, path, null, body, Set.of(), repeatable);
    }

    public boolean tolerates(int status) {
        return tolerated.contains(status);
    }

    /** The same call, taking {@code statuses} as answers. */
    public HttpCall tolerating(Integer... statuses) {
        return new HttpCall(system, op, method, path, query, body, Set.of(statuses), repeatable);
    }

    /** The same call with {@code extra} appended to the query (paging parameters). */
    public HttpCall withQuery(String extra) {
        String q = query == null || query.isEmpty() ? extra : query + "&" + extra;
        return new HttpCall(system, op, method, path, q, body, tolerated, repeatable);
    }

    /** The same call to another target (a next-page link's path and query). */
    public HttpCall withTarget(String newPath, String newQuery) {
        return new HttpCall(system, op, method, newPath, newQuery, body, tolerated, repeatable);
    }

    /** Path and query: the key of a conditional-request cache. */
    public String url() {
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }
}
