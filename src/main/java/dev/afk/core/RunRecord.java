package dev.afk.core;

import java.time.Instant;
import java.util.Objects;

/**
 * The machine half of the AFK comment ({@code <!-- afk:state {...} -->}): everything the watch tick needs to
 * resume a run after a restart. Kept on the issue, never in memory.
 *
 * @param attempt     1-based attempt number; the thread id derives from it
 * @param thread      the T3 thread id of this attempt
 * @param dispatchedAt when AFK first dispatched this attempt
 * @param turnAt      when AFK requested the turn it is waiting on (first turn or latest fix-forward)
 * @param fixForward  fix-forward rounds used in this attempt
 * @param phase       furthest phase reached
 * @param sha         the pushed commit, once the tracker confirmed it exists; null before
 * @param progressAt  last time the run made progress; the stall timeout counts from here
 * @param ended       true once the attempt was closed or escalated
 * @param endReason   why it ended ({@code closed}, {@code AGENT_FAILED}, {@code CI_EXHAUSTED}); null while open
 */
public record RunRecord(
        int attempt,
        String thread,
        Instant dispatchedAt,
        Instant turnAt,
        int fixForward,
        Phase phase,
        String sha,
        Instant progressAt,
        boolean ended,
        String endReason) {

    public RunRecord {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
        if (fixForward < 0) {
            throw new IllegalArgumentException("fixForward must be >= 0: " + fixForward);
        }
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(dispatchedAt, "dispatchedAt");
        Objects.requireNonNull(turnAt, "turnAt");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(progressAt, "progressAt");
    }

    /** The record written right after a successful first dispatch. */
    public static RunRecord dispatched(int attempt, String thread, Instant at) {
        return new RunRecord(attempt, thread, at, at, 0, Phase.DISPATCHED, null, at, false, null);
    }

    /** Attempt to use for the next dispatch: the open one again (an interrupted stamp), else the last + 1. */
    public static int nextAttempt(RunRecord previous) {
        if (previous == null) {
            return 1;
        }
        return previous.ended ? previous.attempt + 1 : previous.attempt;
    }

    public RunRecord withPhase(Phase p, Instant at) {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, p, sha, at, ended, endReason);
    }

    public RunRecord withSha(String confirmedSha, Instant at) {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, confirmedSha, at, ended,
                endReason);
    }

    public RunRecord withFixForward(int round, Instant at) {
        return new RunRecord(attempt, thread, dispatchedAt, at, round, phase, sha, at, ended, endReason);
    }

    public RunRecord ended(String reason) {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, true,
                reason);
    }
}
