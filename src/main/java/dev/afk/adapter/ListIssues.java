package dev.afk.adapter;

import dev.afk.core.RepoRef;

/**
 * {@code direct:<tracker>-list-issues} in: issues of {@code repo} carrying {@code label}, open ones only or, with
 * {@code includeClosed}, closed ones too (the watch must see a run whose issue was closed, to release it and drop
 * its lock). Out: {@link IssueListing}.
 */
public record ListIssues(RepoRef repo, String label, boolean includeClosed) {

    /** Open issues only (the poll's queue and lock listings). */
    public ListIssues(RepoRef repo, String label) {
        this(repo, label, false);
    }
}
