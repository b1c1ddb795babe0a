package dev.afk.adapter;

import dev.afk.core.IssueKey;
import java.time.Instant;

/**
 * {@code direct:<tracker>-list-comments} in: the comments of {@code issue} created at or after {@code since} (every
 * comment when null). Out: a {@code List<dev.afk.core.IssueComment>}, oldest first.
 */
public record CommentQuery(IssueKey issue, Instant since) {

    public CommentQuery {
        java.util.Objects.requireNonNull(issue, "issue");
    }
}
