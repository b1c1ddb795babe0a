package dev.afk.adapter;

import dev.afk.core.EarlierAttempt;
import dev.afk.core.Issue;
import java.util.List;

/**
 * {@code direct:t3-dispatch} in: start attempt {@code attempt} of {@code issue} on a fresh thread
 * ({@code thread.create} then {@code thread.turn.start}, deterministic ids). Out: {@link T3Accepted}.
 * {@code earlier} is what the first turn says under "What happened before" (empty for a first attempt).
 */
public record DispatchRequest(Issue issue, int attempt, List<EarlierAttempt> earlier) {

    public DispatchRequest {
        earlier = earlier == null ? List.of() : List.copyOf(earlier);
    }

    /** A dispatch with nothing before it to tell. */
    public DispatchRequest(Issue issue, int attempt) {
        this(issue, attempt, List.of());
    }
}
