package dev.afk.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * @param stop        the stop of the agent this end requested, see {@link Stop}; null while the attempt is open, for
 *                    a close whose agent had already settled, and in records written before AFK stopped agents
 * @param tally       turns, relayed comments and tokens of the budget and the relay, see {@link Tally}; a record
 *                    written before AFK kept one reads as {@link Tally#legacy}
 * @param ciMemory    what AFK remembers of this attempt's CI between ticks, see {@link CiMemory}; null when there is
 *                    nothing (every record before a fix-forward or an infrastructure error, and older records)
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
        String evidence,
        Stop stop,
        Tally tally,
        CiMemory ciMemory) {

    /**
     * What the watch remembers of the attempt's CI between ticks (issue 12, item 4), kept in the marker, never in
     * memory.
     *
     * @param fingerprint the {@link CiFingerprint} of the failure the latest fix-forward round was sent to fix: the
     *                    round's own failure with the same fingerprint ends the run
     *                    {@link EscalationReason#CI_REPEATED}; null before the first round
     * @param fingerprintSha the commit that failure was reported on: only a failure of another commit can repeat it
     *                    (a round decided again after a lost record write judges the same commit twice, which is no
     *                    repeat); null with {@code fingerprint}
     * @param infraSince  when AFK first saw CI report an infrastructure error ({@link CiVerdict.State#INFRA}) on the
     *                    run's commit; the grace {@code AFK_CI_INFRA_GRACE_MINUTES} counts from here; null when CI
     *                    does not report one (a later green, failure or pending clears it, and so does a new commit)
     */
    public record CiMemory(String fingerprint, String fingerprintSha, Instant infraSince) {

        /** All null is no memory at all: {@link RunRecord} keeps null instead. */
        boolean empty() {
            return fingerprint == null && fingerprintSha == null && infraSince == null;
        }
    }

    /**
     * What the run has spent and been told, for the per-issue budget and the comment relay (issue 10). Issue-wide
     * figures ({@code earlierTokens}, {@code granted}) carry over from attempt to attempt, so they survive restarts
     * and re-queues in the marker; the rest belong to the current attempt.
     *
     * @param turns            turns sent in this attempt: the first, every fix-forward and every relay turn (1 at
     *                         dispatch)
     * @param relayed          tracker ids of the comments relayed to the agent in this attempt, in relay order
     * @param relaying         the batch of comment ids being relayed now (written before the turn is sent, so a
     *                         crash between the turn and the record re-sends exactly this batch under the same
     *                         command id); empty when none
     * @param bodyHash         the hash of the issue text AFK dispatched or last relayed; null in older records
     * @param relayingBodyHash the hash of an edited issue text being relayed now (with {@code relaying}); null when none
     * @param attemptTokens    the largest token figure T3 reported for this attempt's thread; null: none reported
     * @param earlierTokens    tokens summed over the earlier attempts of the issue; null: none of them reported any
     * @param granted          extra attempts people allowed with {@code /afk budget +1}, summed over the issue
     */
    public record Tally(int turns, List<Long> relayed, List<Long> relaying, String bodyHash, String relayingBodyHash,
                        Long attemptTokens, Long earlierTokens, int granted) {

        /**
         * The tally of a record written before AFK kept one: the first turn plus its fix-forwards (saturating at
         * {@link Integer#MAX_VALUE}, so no count an old marker holds makes it unreadable).
         */
        public static Tally legacy(int fixForward) {
            int turns = fixForward >= Integer.MAX_VALUE - 1 ? Integer.MAX_VALUE : 1 + Math.max(0, fixForward);
            return new Tally(turns, List.of(), List.of(), null, null, null, null, 0);
        }

        public Tally {
            if (turns < 1) {
                throw new IllegalArgumentException("turns must be >= 1: " + turns);
            }
            if (granted < 0) {
                throw new IllegalArgumentException("granted must be >= 0: " + granted);
            }
            relayed = relayed == null ? List.of() : List.copyOf(relayed);
            relaying = relaying == null ? List.of() : List.copyOf(relaying);
        }

        /** Tokens over every attempt of the issue; null when no attempt reported any. */
        public Long issueTokens() {
            if (attemptTokens == null && earlierTokens == null) {
                return null;
            }
            return (attemptTokens == null ? 0L : attemptTokens) + (earlierTokens == null ? 0L : earlierTokens);
        }
    }

    /**
     * The stop AFK requested when the attempt ended (docs/reference/t3-control.md §8): {@code thread.turn.interrupt} rounds, then,
     * when the session has not settled {@code AFK_STOP_CONFIRM_SECONDS} after the request, one
     * {@code thread.session.stop}; the stop is over once T3's read model shows it settled or, a second bound after the
     * session stop, AFK declares that it could not be stopped. Every time is AFK's tick clock except
     * {@code stoppedAt}, which is T3's.
     *
     * @param requestedAt   the tick that ended the attempt and requested the stop
     * @param interrupts    {@code thread.turn.interrupt} rounds T3 accepted (0: the agent was not working, nothing
     *                      was sent); round n has the command id {@code RunIds.interruptCommandId(thread, n)}
     * @param sessionStopAt the tick whose {@code thread.session.stop} T3 accepted; null before
     * @param stoppedAt     when T3 settled the session (its read model's time); null while pending or when it could
     *                      not be stopped
     * @param couldNotStop  the session still ran a bound after the session stop: a person must stop it in T3
     */
    public record Stop(Instant requestedAt, int interrupts, Instant sessionStopAt, Instant stoppedAt,
                       boolean couldNotStop) {

        public Stop {
            Objects.requireNonNull(requestedAt, "requestedAt");
            if (interrupts < 0) {
                throw new IllegalArgumentException("interrupts must be >= 0: " + interrupts);
            }
        }

        /** Round 1 of the interrupt was accepted at {@code at}. */
        public static Stop interrupted(Instant at) {
            return new Stop(at, 1, null, null, false);
        }

        /** Nothing to send: the agent was already settled (T3's time {@code settledAt}) when the attempt ended. */
        public static Stop alreadySettled(Instant at, Instant settledAt) {
            return new Stop(at, 0, null, settledAt, false);
        }

        /** Neither confirmed nor declared failed yet: the watch keeps reading the thread's stop state. */
        public boolean pending() {
            return stoppedAt == null && !couldNotStop;
        }

        public Stop withInterrupts(int rounds) {
            return new Stop(requestedAt, rounds, sessionStopAt, stoppedAt, couldNotStop);
        }

        public Stop withSessionStopAt(Instant at) {
            return new Stop(requestedAt, interrupts, at, stoppedAt, couldNotStop);
        }

        public Stop confirmedAt(Instant settledAt) {
            return new Stop(requestedAt, interrupts, sessionStopAt, Objects.requireNonNull(settledAt), false);
        }

        public Stop failed() {
            return new Stop(requestedAt, interrupts, sessionStopAt, null, true);
        }
    }

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
        tally = tally == null ? Tally.legacy(fixForward) : tally;
        ciMemory = ciMemory == null || ciMemory.empty() ? null : ciMemory;
        if (evidence != null && evidence.length() > MAX_EVIDENCE) {
            evidence = evidence.substring(0, MAX_EVIDENCE - 1) + "…";
        }
    }

    /** A record without CI memory (records written before AFK kept it, and every record before it has any). */
    public RunRecord(int attempt, String thread, Instant dispatchedAt, Instant turnAt, int fixForward, Phase phase,
                     String sha, Instant progressAt, boolean ended, String endReason, boolean bellRung, String base,
                     boolean closeSent, String evidence, Stop stop, Tally tally) {
        this(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, ended, endReason, bellRung,
                base, closeSent, evidence, stop, tally, null);
    }

    /** A record without a tally (records written before AFK kept one: the first turn plus its fix-forwards). */
    public RunRecord(int attempt, String thread, Instant dispatchedAt, Instant turnAt, int fixForward, Phase phase,
                     String sha, Instant progressAt, boolean ended, String endReason, boolean bellRung, String base,
                     boolean closeSent, String evidence, Stop stop) {
        this(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, ended, endReason, bellRung,
                base, closeSent, evidence, stop, null);
    }

    /** A record without a stop (every record before the attempt ends, and records written before AFK kept it). */
    public RunRecord(int attempt, String thread, Instant dispatchedAt, Instant turnAt, int fixForward, Phase phase,
                     String sha, Instant progressAt, boolean ended, String endReason, boolean bellRung, String base,
                     boolean closeSent, String evidence) {
        this(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, ended, endReason, bellRung,
                base, closeSent, evidence, null);
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
                bellRung, base, closeSent, evidence, stop, tally, ciMemory);
    }

    public RunRecord withSha(String confirmedSha, Instant at) {
        // An infrastructure error belongs to the commit it was reported on: a new commit's grace starts afresh.
        CiMemory ci = ciMemory == null || Objects.equals(confirmedSha, sha) ? ciMemory
                : new CiMemory(ciMemory.fingerprint(), ciMemory.fingerprintSha(), null);
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, confirmedSha, at, ended,
                endReason, bellRung, base, closeSent, evidence, stop, tally, ci);
    }

    /** Fix-forward round {@code round} was sent at {@code at}: one more turn of this attempt. */
    public RunRecord withFixForward(int round, Instant at) {
        Tally t = round > fixForward ? new Tally(tally.turns() + (round - fixForward), tally.relayed(),
                tally.relaying(), tally.bodyHash(), tally.relayingBodyHash(), tally.attemptTokens(),
                tally.earlierTokens(), tally.granted()) : tally;
        return new RunRecord(attempt, thread, dispatchedAt, at, round, phase, sha, at, ended, endReason, bellRung,
                base, closeSent, evidence, stop, t, ciMemory);
    }

    /** The turn AFK waits on was recorded by T3 at {@code t3Time} (a re-sent turn is answered as the original). */
    public RunRecord withTurnAt(Instant t3Time) {
        return new RunRecord(attempt, thread, dispatchedAt, t3Time, fixForward, phase, sha, progressAt, ended,
                endReason, bellRung, base, closeSent, evidence, stop, tally, ciMemory);
    }

    public RunRecord ended(String reason) {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, true,
                reason, bellRung, base, closeSent, evidence, stop, tally, ciMemory);
    }

    /** The evidence of the hand-off, kept on the issue where the person lands. */
    public RunRecord withEvidence(String why) {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, ended,
                endReason, bellRung, base, closeSent, why, stop, tally, ciMemory);
    }

    /** AFK's close of the issue went through. */
    public RunRecord withCloseSent() {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, ended,
                endReason, bellRung, base, true, evidence, stop, tally, ciMemory);
    }

    /** The hand-off's doorbell rang: a resumed hand-off must not ring it again. */
    public RunRecord withBellRung() {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, ended,
                endReason, true, base, closeSent, evidence, stop, tally, ciMemory);
    }

    /** The stop this end requested, as it stands now (null: none). */
    public RunRecord withStop(Stop s) {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, ended,
                endReason, bellRung, base, closeSent, evidence, s, tally, ciMemory);
    }

    /** The tally as it stands now. */
    public RunRecord withTally(Tally t) {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, ended,
                endReason, bellRung, base, closeSent, evidence, stop, t, ciMemory);
    }

    /**
     * The intent of a relay turn (issue 10): the batch {@code commentIds} (and, when {@code bodyHash} is set, the
     * edited issue text with that hash) is being relayed now. Written before the turn is sent, so a crash between
     * the turn and {@link #withRelayed} re-sends exactly this batch under the same command id.
     */
    public RunRecord withRelaying(List<Long> commentIds, String bodyHash) {
        return withTally(new Tally(tally.turns(), tally.relayed(), commentIds, tally.bodyHash(), bodyHash,
                tally.attemptTokens(), tally.earlierTokens(), tally.granted()));
    }

    /**
     * The relay turn of the pending batch ({@link #withRelaying}) went out and T3 recorded it at {@code t3TurnTime}:
     * the batch joins {@code relayed}, the relayed text's hash becomes {@code bodyHash}, the attempt has one more turn,
     * and the turn AFK waits on (and the run's progress) dates from T3's time. Without a pending batch, unchanged.
     */
    public RunRecord withRelayed(Instant t3TurnTime) {
        Objects.requireNonNull(t3TurnTime, "t3TurnTime");
        if (!relayPending()) {
            return this;
        }
        List<Long> done = new ArrayList<>(tally.relayed());
        for (Long id : tally.relaying()) {
            if (!done.contains(id)) {
                done.add(id);
            }
        }
        Tally t = new Tally(tally.turns() + 1, done, List.of(),
                tally.relayingBodyHash() != null ? tally.relayingBodyHash() : tally.bodyHash(), null,
                tally.attemptTokens(), tally.earlierTokens(), tally.granted());
        return new RunRecord(attempt, thread, dispatchedAt, t3TurnTime, fixForward, phase, sha, t3TurnTime, ended,
                endReason, bellRung, base, closeSent, evidence, stop, t, ciMemory);
    }

    /** The CI memory as it stands now (null or both fields null: none). */
    public RunRecord withCiMemory(CiMemory c) {
        return new RunRecord(attempt, thread, dispatchedAt, turnAt, fixForward, phase, sha, progressAt, ended,
                endReason, bellRung, base, closeSent, evidence, stop, tally, c);
    }

    /** The fingerprint of the failure the latest fix-forward round was sent to fix; null before the first. */
    public String ciFingerprint() {
        return ciMemory == null ? null : ciMemory.fingerprint();
    }

    /** When AFK first saw CI report an infrastructure error on the run's commit; null when it does not. */
    public Instant ciInfraSince() {
        return ciMemory == null ? null : ciMemory.infraSince();
    }

    /** The commit whose failure {@link #ciFingerprint()} is; null before the first round. */
    public String ciFingerprintSha() {
        return ciMemory == null ? null : ciMemory.fingerprintSha();
    }

    /**
     * The record with {@code fingerprint}, reported on {@code onSha}, as the failure the latest fix-forward round was
     * sent to fix.
     */
    public RunRecord withCiFingerprint(String fingerprint, String onSha) {
        return withCiMemory(new CiMemory(fingerprint, onSha, ciInfraSince()));
    }

    /** The record with the infrastructure error first seen at {@code since} (null: CI reports none now). */
    public RunRecord withCiInfraSince(Instant since) {
        return withCiMemory(new CiMemory(ciFingerprint(), ciFingerprintSha(), since));
    }

    /** A relay's intent was written and its turn not yet recorded as sent ({@link #withRelaying}). */
    public boolean relayPending() {
        return !tally.relaying().isEmpty() || tally.relayingBodyHash() != null;
    }

    /** The attempt ended and its agent's stop has been neither confirmed nor declared failed yet. */
    public boolean stopPending() {
        return stop != null && stop.pending();
    }
}
