package dev.afk.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a paged Forgejo listing stands: the next page to ask for and the items read so far. Immutable; the route
 * replaces it after every page ({@link #next}).
 *
 * <p>Forgejo's {@code Link} header is built from the server's {@code ROOT_URL}, which may not be the address AFK
 * calls, so pages are counted here instead (docs/reference/trackers.md §2): stop on a short page, or once
 * {@code ceil(X-Total-Count / limit)} pages are read when {@code X-Total-Count} is a total. On the timeline it is the
 * size of the returned page, so that listing ignores it ({@code totalIsReliable=false}).
 *
 * @param first           the call for page 1, without {@code limit}/{@code page}
 * @param page            the page {@link #call()} asks for (1-based)
 * @param limit           page size (Forgejo caps it at 50)
 * @param maxPages        safety stop, so a server that always answers a full page cannot loop for ever
 * @param totalIsReliable whether {@code X-Total-Count} counts the whole listing
 * @param items           the items of the pages read so far, in order
 * @param done            no further page is needed
 */
public record ForgejoPaging(HttpCall first, int page, int limit, int maxPages, boolean totalIsReliable,
        List<JsonNode> items, boolean done) {

    public ForgejoPaging {
        items = List.copyOf(items);
        if (page < 1 || limit < 1 || maxPages < 1) {
            throw new IllegalArgumentException("page, limit and maxPages must be positive");
        }
    }

    static ForgejoPaging start(HttpCall first, int limit, int maxPages, boolean totalIsReliable) {
        return new ForgejoPaging(first, 1, limit, maxPages, totalIsReliable, List.of(), false);
    }

    /** The request for the current page. */
    public HttpCall call() {
        return first.withQuery("limit=" + limit + "&page=" + page);
    }

    /** Whether another page must be read (the route's loop condition). */
    public boolean more() {
        return !done;
    }

    /**
     * The state after reading the current page.
     *
     * @param pageItems  the page's items (a JSON array; anything else is {@code MALFORMED})
     * @param totalCount the {@code X-Total-Count} header, or null
     */
    public ForgejoPaging next(JsonNode pageItems, String totalCount) {
        if (pageItems == null || !pageItems.isArray()) {
            throw ForgejoWire.malformed(first.op(), "expected a list");
        }
        List<JsonNode> all = new ArrayList<>(items);
        pageItems.forEach(all::add);
        int n = pageItems.size();
        boolean last = n < limit || page >= maxPages;
        Long total = totalIsReliable ? parseCount(totalCount) : null;
        if (total != null && (long) page * limit >= total) {
            last = true;
        }
        return new ForgejoPaging(first, last ? page : page + 1, limit, maxPages, totalIsReliable, all, last);
    }

    private static Long parseCount(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long v = Long.parseLong(value.strip());
            return v < 0 ? null : v;
        } catch (NumberFormatException e) {
            return null; // an unusable total: fall back to the short-page rule
        }
    }
}
