package dev.afk.plane;

import dev.afk.adapter.ListIssues;
import dev.afk.core.Issue;
import java.util.List;

/**
 * One label listing of one repo, or why it failed. A repo with any failed listing sits the tick out: without its
 * in-progress listing AFK cannot see the repo's lock, so dispatching there could start a second run.
 */
public record ListingResult(ListIssues query, List<Issue> issues, String failure) {

    public static ListingResult ok(ListIssues query, List<Issue> issues) {
        return new ListingResult(query, List.copyOf(issues), null);
    }

    public static ListingResult failed(ListIssues query, String failure) {
        return new ListingResult(query, List.of(), failure);
    }

    public boolean failedListing() {
        return failure != null;
    }
}
