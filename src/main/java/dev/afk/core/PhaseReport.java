package dev.afk.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One {@code AFK-PHASE:} marker line the agent wrote in an assistant message.
 * {@code sha} is set only for {@link Phase#PUSHED}; {@code at} is the message's creation time.
 */
public record PhaseReport(Phase phase, String sha, Instant at) {

    public PhaseReport {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(at, "at");
    }
}
