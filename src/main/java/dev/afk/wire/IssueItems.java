package dev.afk.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.IssueListing;
import dev.afk.adapter.ListClosed;
import dev.afk.adapter.ListIssues;
import dev.afk.adapter.UnreadableIssue;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.RepoRef;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reading issue items, shared by both tracker dialects (Forgejo and GitHub render an issue with the same fields):
 * one item at a time, so that a listing with one malformed item still answers with every other issue and names the
 * item it could not read ({@link IssueListing}). Only the page as a whole (not a list, not JSON) fails a listing.
 *
 * <p>An item is readable when it is an object with a positive integer {@code number}, a text {@code title}, a text
 * or null {@code body}, {@code labels} a list (or absent) of label objects with a {@code name} (or plain names),
 * {@code state} {@code open} or {@code closed} and a {@code created_at} time. The reason an item is not is a fixed
 * phrase: an item's text never reaches a log line or the status view through it.
 */
public final class IssueItems {

    private IssueItems() {}

    /** Why one item is not an issue; {@code number} is -1 when even the number cannot be read. */
    static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final long number;
        private final String why;

        Unreadable(long number, String why) {
            super(why, null, false, false);
            this.number = number;
            this.why = why;
        }

        long number() {
            return number;
        }

        String why() {
            return why;
        }
    }

    /**
     * Every item of a listing, read one by one: readable items that are plain issues carrying {@code q.label()}
     * (and open, unless {@code q.includeClosed()}) become issues; an unreadable item becomes an
     * {@link UnreadableIssue}, unless what can still be read of it shows it is none of the listing's business (a pull
     * request, labels that lack the label, closed in an open-only listing). The label is re-checked on every item
     * because neither dialect's server-side filter is trusted.
     *
     * @param pullRequest how the dialect tells a pull request from an issue
     */
    static IssueListing listing(List<JsonNode> items, ListIssues q, Predicate<JsonNode> pullRequest) {
        List<Issue> issues = new ArrayList<>();
        List<UnreadableIssue> unreadable = new ArrayList<>();
        for (JsonNode item : items) {
            if (item != null && item.isObject() && pullRequest.test(item)) {
                continue;
            }
            try {
                Issue issue = read(item, q.repo(), false);
                if ((issue.open() || q.includeClosed()) && issue.hasLabel(q.label())) {
                    issues.add(issue);
                }
            } catch (Unreadable u) {
                if (mayConcern(item, q)) {
                    unreadable.add(new UnreadableIssue(q.repo(), u.number(), u.why()));
                }
            }
        }
        return new IssueListing(issues, unreadable);
    }

    /**
     * The closed issues of a closed listing, read one by one, in the server's order (newest update first), at most
     * {@code q.max()}: pull requests and items that are open after all are left out; an unreadable item becomes an
     * {@link UnreadableIssue} unless what can still be read of it shows it open.
     */
    static IssueListing closedListing(List<JsonNode> items, ListClosed q, Predicate<JsonNode> pullRequest) {
        List<Issue> issues = new ArrayList<>();
        List<UnreadableIssue> unreadable = new ArrayList<>();
        for (JsonNode item : items) {
            if (issues.size() >= q.max()) {
                break;
            }
            if (item != null && item.isObject() && pullRequest.test(item)) {
                continue;
            }
            try {
                Issue issue = read(item, q.repo(), false);
                if (!issue.open()) {
                    issues.add(issue);
                }
            } catch (Unreadable u) {
                if (item == null || !item.isObject() || !"open".equals(item.path("state").asText(""))) {
                    unreadable.add(new UnreadableIssue(q.repo(), u.number(), u.why()));
                }
            }
        }
        return new IssueListing(issues, unreadable);
    }

    /** One issue (e.g. {@code GET …/issues/{n}}); an unreadable one is the whole reply's failure, MALFORMED. */
    static Issue one(JsonNode item, RepoRef repo, boolean pullRequest, String system, String op) {
        try {
            return read(item, repo, pullRequest);
        } catch (Unreadable u) {
            throw new AdapterFailure(AdapterFailure.Kind.MALFORMED, system, op, 0, null,
                    "the reply is not the issue the contract promises: " + u.why()
                            + (u.number() > 0 ? " (#" + u.number() + ")" : ""), null);
        }
    }

    /** The issue an item describes, or {@link Unreadable} saying why it is not one. */
    static Issue read(JsonNode item, RepoRef repo, boolean pullRequest) {
        if (item == null || !item.isObject()) {
            throw new Unreadable(-1, "the item is not an object");
        }
        JsonNode n = item.path("number");
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() <= 0) {
            throw new Unreadable(-1, "the item has no issue number");
        }
        int number = n.asInt();
        JsonNode title = item.path("title");
        if (!title.isTextual()) {
            throw new Unreadable(number, "the title is missing or not text");
        }
        JsonNode body = item.path("body");
        if (!body.isTextual() && !body.isNull() && !body.isMissingNode()) {
            throw new Unreadable(number, "the body is not text");
        }
        Set<String> labels = labels(item.path("labels"), number);
        String state = item.path("state").asText("");
        if (!item.path("state").isTextual() || !(state.equals("open") || state.equals("closed"))) {
            throw new Unreadable(number, "the state is neither open nor closed");
        }
        Instant createdAt = time(item.path("created_at"));
        if (createdAt == null) {
            throw new Unreadable(number, "created_at is not a time");
        }
        return new Issue(new IssueKey(repo, number), title.asText(), body.isTextual() ? body.asText() : "", labels,
                item.path("user").path("login").asText(""), createdAt, state.equals("open"), pullRequest,
                item.path("html_url").asText(""));
    }

    private static Set<String> labels(JsonNode array, int number) {
        if (array.isMissingNode() || array.isNull()) {
            return Set.of();
        }
        if (!array.isArray()) {
            throw new Unreadable(number, "labels is not a list");
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode l : array) {
            String name = labelName(l);
            if (name == null) {
                throw new Unreadable(number, "a label has no name");
            }
            names.add(name);
        }
        return names;
    }

    /** A label object's {@code name}, or a plain name (GitHub accepts them); null when it has none. */
    private static String labelName(JsonNode l) {
        JsonNode name = l.isTextual() ? l : l.path("name");
        return name.isTextual() && !name.asText().isEmpty() ? name.asText() : null;
    }

    /**
     * Whether an unreadable item may be one the listing is about: it is left out only when what can still be read
     * shows it is not (its labels are a list without the label, or it is closed and the listing is open-only).
     */
    private static boolean mayConcern(JsonNode item, ListIssues q) {
        if (item == null || !item.isObject()) {
            return true;
        }
        JsonNode labels = item.path("labels");
        if (labels.isArray()) {
            boolean carries = false;
            for (JsonNode l : labels) {
                carries |= q.label().equals(labelName(l));
            }
            if (!carries) {
                return false;
            }
        } else if (labels.isMissingNode() || labels.isNull()) {
            return false; // no labels at all: certainly not carrying this one
        }
        return q.includeClosed() || !"closed".equals(item.path("state").asText(""));
    }

    /** RFC 3339 / ISO 8601 with an offset or {@code Z}; null when it is not one. */
    private static Instant time(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
