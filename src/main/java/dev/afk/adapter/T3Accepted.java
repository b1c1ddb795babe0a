package dev.afk.adapter;

import java.time.Instant;

/**
 * {@code direct:t3-dispatch} and {@code direct:t3-turn} out: T3 accepted the turn, and {@code requestedAt} is the
 * time T3 itself recorded for it (the {@code createdAt} of the user message whose id AFK derived for this turn).
 * A re-sent command is answered as the original, so a retry or a restart gets the original time, never its own
 * clock: the agent's reports of that turn are never older than the time AFK records.
 */
public record T3Accepted(String threadId, Instant requestedAt) {}
