package dev.afk.adapter;

import dev.afk.core.RepoRef;
import java.util.Objects;

/**
 * {@code direct:<tracker>-create-issue} in: a new issue in {@code repo} with {@code title}, {@code body} and the one
 * label {@code label} (AFK's hold issues, docs/ARCHITECTURE.md §3.1). Out: the created {@link dev.afk.core.Issue}.
 * Never retried: a second POST would be a second issue.
 */
public record IssueCreate(RepoRef repo, String title, String body, String label) {
    public IssueCreate {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(title, "title");
        body = body == null ? "" : body;
        Objects.requireNonNull(label, "label");
    }
}
