package dev.afk.adapter;

import dev.afk.core.IssueKey;

/**
 * {@code direct:<tracker>-write-afk-comment} in: create the AFK comment when {@code commentId} is null, else edit
 * that comment in place. Out: the {@link AfkComment} as stored.
 */
public record CommentWrite(IssueKey key, Long commentId, String body) {}
