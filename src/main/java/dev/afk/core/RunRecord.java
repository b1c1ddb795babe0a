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
 * @param endReason   why it ended ({@code closed}, {@code released}, an {@link EscalationReason}); null while open
 * @param bellRung    the hand-off of this attempt rang the doorbell (a resumed hand-off never rings twice)
 * @param base        the head of the repo's default branch when the attempt was dispatched: a pushed commit is this
 *                    run's only when it is new relative to it; null in records written before AFK kept it
 * @param closeSent   AFK's close of the issue went through: a resumed close only drops labels, so an issue a
 *                    person reopened is never closed again
 * @param evidence    why the attempt was handed back, as the doorbell said it (failing checks with links, the
 *                    agent's error, the stall figures), at most {@link #MAX_EVIDENCE} characters; null otherwise
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
        String endReason,
        boolean bellRung,
        String base,
        boolean closeSent,
        String evidence) {

    /** The evidence kept in the record and shown on the issue is cut to this length. */
    public static final int MAX_EVIDENCE = 600;

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
        if (evidence != null && evidence.length() > MAX_EVIDENCE) {
            evidence = evidence.substring(0, MAX_EVIDENCE - 1) + "…";
        }
    }

    /** A record without evidence (every record before an escalation, and records written before AFK kept it). */
    public RunRecord(int attempt, String thread, Instant dispatchedAt, Instant turnAt, int fixForward, Phase phase,
                     String sha, Instant progressAt, boolean ended, String endReason, boolean bellRung, String base,
                     boolean closeSent) {
        this(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, ended, endReason, bellRung,
                base, closeSent, null);
    }

    /** A record of a run without a hand-off bell and without a base (records written before AFK kept them). */
    public RunRecord(int attempt, String thread, Instant dispatchedAt, Instant turnAt, int fixForward, Phase phase,
                     String sha, Instant progressAt, boolean ended, String endReason) {
        this(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, ended, endReason, false, null,
                false);
    }

    /** The record written right after a successful first dispatch. */
    public static RunRecord dispatched(int attempt, String thread, Instant at) {
        return dispatched(attempt, thread, at, null);
    }

    /**
     * The record written right after a successful first dispatch.
     *
     * @param at   the time T3 recorded for the first turn (never AFK's clock at a retry)
     * @param base the default branch's head at dispatch, or null when the repo has no commits
     */
    public static RunRecord dispatched(int attempt, String thread, Instant at, String base) {
        return new RunRecord(attempt, thread, at, at, 0, Phase.DISPATCHED, null, at, false, null, false, base, false);
    }

    /** Attempt to use for the next dispatch: the open one again (an interrupted stamp), else the last + 1. */
    public static int nextAttempt(RunRecord previous) {
        if (previous == null) {
            return 1;
        }
        return previous.ended ? previous.attempt + 1 : previous.attempt;
    }

    public RunRecord withPhase(Phase p, Instant at) {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, p, sha, at, ended, endReason,
                bellRung, base, closeSent, evidence);
    }

    public RunRecord withSha(String confirmedSha, Instant at) {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, confirmedSha, at, ended,
                endReason, bellRung, base, closeSent, evidence);
    }

    public RunRecord withFixForward(int round, Instant at) {
        return new RunRecord(attempt, thread, dispatchedAt, at, round, phase, sha, at, ended, endReason, bellRung,
                base, closeSent, evidence);
    }

    /** The turn AFK waits on was recorded by T3 at {@code t3Time} (a re-sent turn is answered as the original). */
    public RunRecord withTurnAt(Instant t3Time) {
        return new RunRecord(attempt, thread, dispatchedAt, t3Time, fixForward, phase, sha, progressAt, ended,
                endReason, bellRung, base, closeSent, evidence);
    }

    public RunRecord ended(String reason) {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, true,
                reason, bellRung, base, closeSent, evidence);
    }

    /** The evidence of the hand-off, kept on the issue where the person lands. */
    public RunRecord withEvidence(String why) {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, ended,
                endReason, bellRung, base, closeSent, why);
    }

    /** AFK's close of the issue went through. */
    public RunRecord withCloseSent() {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, ended,
                endReason, bellRung, base, true, evidence);
    }

    /** The hand-off's doorbell rang: a resumed hand-off must not ring it again. */
    public RunRecord withBellRung() {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, ended,
                endReason, true, base, closeSent, evidence);
    }
}
