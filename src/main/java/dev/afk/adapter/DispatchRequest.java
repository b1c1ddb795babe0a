package dev.afk.adapter;

import dev.afk.core.Issue;

/**
 * {@code direct:t3-dispatch} in: start attempt {@code attempt} of {@code issue} on a fresh thread
 * ({@code thread.create} then {@code thread.turn.start}, deterministic ids). Out: {@link T3Accepted}.
 */
public record DispatchRequest(Issue issue, int attempt) {}
