package dev.afk.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A comment a person wrote on an issue: untrusted text, like the issue body, that only ever reaches the agent quoted
 * by {@link ImplementerPrompt}. AFK's own comments and bots' are never turned into one.
 *
 * @param author the tracker login that wrote it
 * @param at     when the tracker says it was written
 * @param body   what it says, as written
 */
public record PersonComment(String author, Instant at, String body) {

    public PersonComment {
        author = author == null ? "" : author;
        Objects.requireNonNull(at, "at");
        body = body == null ? "" : body;
    }
}
