package dev.afk.adapter;

import dev.afk.core.Issue;
import java.util.List;

/**
 * {@code direct:<tracker>-list-issues} out: every readable issue of the listing, and the items that could not be
 * read (a malformed item never hides the others, and never hides that something carries the label).
 */
public record IssueListing(List<Issue> issues, List<UnreadableIssue> unreadable) {

    public IssueListing {
        issues = List.copyOf(issues);
        unreadable = List.copyOf(unreadable);
    }

    public static IssueListing of(List<Issue> issues) {
        return new IssueListing(issues, List.of());
    }
}
