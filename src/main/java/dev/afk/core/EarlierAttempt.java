package dev.afk.core;

import java.util.List;
import java.util.Objects;

/**
 * What AFK knows of an earlier attempt at an issue when a person re-queues it: the part of its record a fresh agent
 * can learn from, and what people wrote on the issue after it ended. Rendered by
 * {@link ImplementerPrompt#firstTurn(Issue, int, int, List)} under "What happened before".
 *
 * @param attempt      the earlier attempt's number
 * @param outcome      how it ended, as its record says ({@code closed}, {@code released}, an {@link EscalationReason}
 *                     name, …); null when the record names no reason
 * @param phase        the furthest phase it reached
 * @param sha          the last commit it pushed that the tracker confirmed, or null
 * @param evidence     the evidence AFK recorded when it ended (failing checks, the agent's error), or null; untrusted
 * @param comments     people's comments since it ended, oldest first; untrusted
 * @param commentsRead false when the comments could not be read (then {@code comments} is empty and the turn says so)
 */
public record EarlierAttempt(int attempt, String outcome, Phase phase, String sha, String evidence,
                             List<PersonComment> comments, boolean commentsRead) {

    public EarlierAttempt {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
        Objects.requireNonNull(phase, "phase");
        comments = comments == null ? List.of() : List.copyOf(comments);
    }

    /** An earlier attempt whose comments were read. */
    public EarlierAttempt(int attempt, String outcome, Phase phase, String sha, String evidence,
                          List<PersonComment> comments) {
        this(attempt, outcome, phase, sha, evidence, comments, true);
    }
}
