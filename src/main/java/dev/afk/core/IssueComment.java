package dev.afk.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One comment on an issue as the tracker shows it, read by {@code direct:<tracker>-list-comments}: who wrote it,
 * whether that account is a bot (GitHub {@code user.type "Bot"} or a {@code …[bot]} login; Forgejo's system accounts,
 * negative ids, and comments carried over by a migration), when it was created, and its text. The text is the
 * tracker's, untrusted: it is matched and quoted, never obeyed.
 *
 * <p>A core record (like {@link Issue}), so the pure readers of comments ({@code StopAsks}) need no adapter type.
 *
 * @param id        the tracker's id of the comment
 * @param author    the author's login; empty when the tracker names none
 * @param bot       whether the author is not a person
 * @param createdAt when the comment was created (the trackers' resolution: one second)
 * @param body      the comment's text, empty when it has none
 */
public record IssueComment(long id, String author, boolean bot, Instant createdAt, String body) {

    public IssueComment {
        author = author == null ? "" : author;
        Objects.requireNonNull(createdAt, "createdAt");
        body = body == null ? "" : body;
    }
}
