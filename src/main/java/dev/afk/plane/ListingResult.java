package dev.afk.plane;

import dev.afk.adapter.IssueListing;
import dev.afk.adapter.ListIssues;
import dev.afk.adapter.UnreadableIssue;
import dev.afk.core.Issue;
import java.util.List;

/**
 * One label listing of one repo, or why it failed. A repo with a failed listing is blind for the tick: without its
 * in-progress listing AFK cannot see the repo's lock, so it keeps the repo locked and counts it as holding a run.
 * Items of a listing that could not be read are kept apart ({@code unreadable}); they never hide the others.
 */
public record ListingResult(ListIssues query, List<Issue> issues, List<UnreadableIssue> unreadable, String failure) {

    public ListingResult {
        issues = List.copyOf(issues);
        unreadable = List.copyOf(unreadable);
    }

    public static ListingResult ok(ListIssues query, IssueListing listing) {
        return new ListingResult(query, listing.issues(), listing.unreadable(), null);
    }

    public static ListingResult failed(ListIssues query, String failure) {
        return new ListingResult(query, List.of(), List.of(), failure);
    }

    public boolean failedListing() {
        return failure != null;
    }
}
