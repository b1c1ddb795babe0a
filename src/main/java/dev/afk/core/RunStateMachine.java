package dev.afk.core;

import dev.afk.core.Action.Close;
import dev.afk.core.Action.Escalate;
import dev.afk.core.Action.FixForward;
import dev.afk.core.Action.Interrupt;
import dev.afk.core.Action.RefreshChecklist;
import dev.afk.core.Action.Release;
import dev.afk.core.Action.Relay;
import dev.afk.core.Action.StopSession;
import dev.afk.core.Action.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The run lifecycle (docs/ARCHITECTURE.md §4): one watch-tick snapshot in, one {@link Decision} out. The rungs are
 * checked in priority order and the first match wins; anything that matches nothing waits.
 *
 * <p>Every end but a close of a settled run requests exactly one stop of the agent (issue 9): the attempt-ended
 * record carries it ({@link RunRecord.Stop}), and while it is pending the only decisions are stop decisions
 * ({@link Interrupt}, {@link StopSession}, {@link Wait}). The end's own finish (the hand-off with its doorbell and
 * labels, the release of AFK's lock, the close) comes once T3 shows the agent settled or, {@code stopConfirm} after
 * the session stop, AFK declares it could not be stopped. After a person took the issue over ({@link #RELEASED}),
 * AFK yields: nothing more than the one ended record (and, only if the agent could not be stopped, that note) is
 * written, and no report of the thread is read again.
 *
 * <p>Comments and an edited issue text reach the agent as relay turns (issue 10, item 1; {@link Relay}): only once
 * the turn AFK waits on has settled, the whole pending batch in one turn, exactly once (the batch is recorded before
 * its turn is sent, and a recorded batch is re-sent as the same command until its send is recorded). A relay
 * outranks judging a turn that ended without a push; it never outranks an end.
 *
 * <p>Pure: the clock is {@link RunState#now()}, and {@code next} never throws for a well-formed {@link RunState}.
 */
public final class RunStateMachine {

    /** End reason of an attempt a person took back (human label or closed issue). */
    public static final String RELEASED = "released";
    /** End reason of an attempt that reached deployed and closed its issue. */
    public static final String CLOSED = "closed";

    /** The evidence of a {@link EscalationReason#HALTED} hand-off, followed by the phase and the thread. */
    public static final String HALTED_EVIDENCE = "the operator halted AFK (" + KillSwitch.VARIABLE + " says halt)";

    private static final int MAX_EVIDENCE_CHARS = 600;
    private static final int MAX_QUOTED_ERRORS = 3;

    /** Default of {@code AFK_STOP_CONFIRM_SECONDS}. */
    public static final Duration DEFAULT_STOP_CONFIRM = Duration.ofSeconds(60);
    /** Default of {@code AFK_CI_INFRA_GRACE_MINUTES}. */
    public static final Duration DEFAULT_CI_INFRA_GRACE = Duration.ofMinutes(30);
    /** Interrupt rounds before the bound: a queued steer needs a second one (docs/reference/t3-control.md §3.4). */
    static final int MAX_INTERRUPTS = 2;

    private final Labels labels;
    private final int maxFixForward;
    private final Duration stall;
    private final Duration stopConfirm;
    private final Budget budget;
    private final Duration ciInfraGrace;

    public RunStateMachine(Labels labels, int maxFixForward, Duration stall) {
        this(labels, maxFixForward, stall, DEFAULT_STOP_CONFIRM);
    }

    /** A machine with the default budget ({@link Budget#DEFAULT}). */
    public RunStateMachine(Labels labels, int maxFixForward, Duration stall, Duration stopConfirm) {
        this(labels, maxFixForward, stall, stopConfirm, Budget.DEFAULT);
    }

    /**
     * @param stopConfirm {@code AFK_STOP_CONFIRM_SECONDS}: how long after the stop request the session may take to
     *                    settle before {@code thread.session.stop}, and how long after that before AFK declares
     *                    the agent could not be stopped
     * @param budget      the per-issue budget ({@code AFK_MAX_TURNS}, {@code AFK_RUN_MAX_MINUTES},
     *                    {@code AFK_ISSUE_MAX_TOKENS}; attempts are checked at admission, {@link Budget#admit})
     */
    public RunStateMachine(Labels labels, int maxFixForward, Duration stall, Duration stopConfirm, Budget budget) {
        this(labels, maxFixForward, stall, stopConfirm, budget, DEFAULT_CI_INFRA_GRACE);
    }

    /**
     * @param ciInfraGrace {@code AFK_CI_INFRA_GRACE_MINUTES}: how long after AFK first saw CI report an
     *                     infrastructure error on the run's commit it re-reads the checks before handing the issue
     *                     back {@link EscalationReason#CI_INFRA}; zero hands it back at once
     */
    public RunStateMachine(Labels labels, int maxFixForward, Duration stall, Duration stopConfirm, Budget budget,
                           Duration ciInfraGrace) {
        this.labels = Objects.requireNonNull(labels, "labels");
        if (maxFixForward < 0) {
            throw new IllegalArgumentException("maxFixForward must be >= 0: " + maxFixForward);
        }
        Objects.requireNonNull(stall, "stall");
        if (stall.isNegative()) {
            throw new IllegalArgumentException("stall must not be negative: " + stall);
        }
        this.maxFixForward = maxFixForward;
        this.stall = stall;
        Objects.requireNonNull(stopConfirm, "stopConfirm");
        if (stopConfirm.isNegative() || stopConfirm.isZero()) {
            throw new IllegalArgumentException("stopConfirm must be positive: " + stopConfirm);
        }
        this.stopConfirm = stopConfirm;
        this.budget = Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(ciInfraGrace, "ciInfraGrace");
        if (ciInfraGrace.isNegative()) {
            throw new IllegalArgumentException("ciInfraGrace must not be negative: " + ciInfraGrace);
        }
        this.ciInfraGrace = ciInfraGrace;
    }

    /** The budget this machine enforces. */
    public Budget budget() {
        return budget;
    }

    public Decision next(RunState s) {
        RunRecord record = s.record();
        // 1: the attempt already ended but the issue still carries AFK's lock: its agent's stop is pending, or a
        //    close or hand-off was cut short. Finishing it outranks a person's label, which is often the hand-off's
        //    own ready-for-human: AFK never mistakes it for a person taking the issue over.
        if (record != null && record.ended()) {
            return record.stopPending() ? continueStop(s, record) : resumeEnded(s, record);
        }
        // 2–3: a person took the issue back; that beats everything AFK knows, even a finished deploy.
        if (s.issue().hasLabel(labels.human())) {
            return release(s, record, "issue carries " + labels.human() + ": a person took it over");
        }
        if (!s.issue().open()) {
            return release(s, record, "issue was closed by a person while the run was open");
        }
        // 4: in-progress without an AFK record was put there by someone else.
        if (record == null) {
            return new Decision(new Wait("no AFK record on the issue: not AFK's run"), null);
        }
        // 5: a user allowed to steer said /afk stop: stop the agent and hand the issue back.
        if (s.stopAsk().kind() == StopAsk.Kind.STOP) {
            return escalate(s, EscalationReason.STOPPED_BY_PERSON, "@" + s.stopAsk().by() + " asked AFK to stop "
                    + "(comment " + s.stopAsk().commentId() + ": /afk stop) at phase " + record.phase().wire()
                    + " on thread " + record.thread(), record);
        }
        // 6: the AFK comment's state cannot be read: say so loudly instead of guessing what the run did.
        if (s.recordUnreadable()) {
            return escalate(s, EscalationReason.RECORD_UNREADABLE, "the AFK comment's state marker could not be "
                    + "read (edited or garbled); recovered attempt " + record.attempt() + " on thread "
                    + record.thread() + ", whose reports AFK will not act on", record);
        }
        // 6b: the operator halted AFK (AFK_KILL_SWITCH_FILE says halt): stop the agent and hand the issue back,
        //     whatever the run's progress; the phase is the one recorded (no report of this tick is acted on).
        if (s.halted()) {
            return escalate(s, EscalationReason.HALTED, HALTED_EVIDENCE + " at phase " + record.phase().wire()
                    + " on thread " + record.thread(), record);
        }
        // 6c: the budget (issue 10): T3's token figure is taken in, then a crossed limit stops the agent and hands
        //     the issue back.
        Progress progress = Progress.of(s, Budget.withReportedTokens(record, reportedTokens(s)));
        Optional<Decision> overBudget = overBudget(s, progress.next());
        if (overBudget.isPresent()) {
            return overBudget.get();
        }
        // 6d: a relay whose intent was written: its turn may have gone out, so exactly that batch again.
        Decision resend = resendRelay(s, record, progress.next());
        if (resend != null) {
            return resend;
        }
        return judge(s, record, progress);
    }

    /**
     * Rung 6c, the budget: after every end a person or the operator asked for (2–6b), before the run's progress is
     * judged (7–10). {@code counted} is the record with this tick's phase reports and T3's token figure taken in
     * (the attempt's tokens never decrease; a changed figure alone makes the decision a checklist refresh, an
     * unchanged one leaves a quiet tick a {@link Wait}). A crossed minutes or tokens limit is a
     * {@link EscalationReason#BUDGET_EXHAUSTED} end, even when this tick's checks are green: AFK never works past a
     * limit, and the person the issue goes to sees the checks. The turns limit is crossed only by a turn AFK would
     * send, so it is checked where a fix-forward is chosen ({@link #failedChecks}) and where the relay sends a turn
     * ({@link Budget#wouldCross}).
     */
    private Optional<Decision> overBudget(RunState s, RunRecord counted) {
        return budget.crossed(counted, s.now(), null, false).map(limit -> budgetExhausted(s, counted, limit));
    }

    /** The {@link EscalationReason#BUDGET_EXHAUSTED} end for {@code limit}, with every figure: stop, then hand back. */
    private Decision budgetExhausted(RunState s, RunRecord counted, Budget.Limit limit) {
        String why = shorten(budget.exhaustedEvidence(limit, counted, s.now(), null));
        RunRecord ended = counted.ended(EscalationReason.BUDGET_EXHAUSTED.name()).withEvidence(why);
        return stopThen(s, ended, new Escalate(EscalationReason.BUDGET_EXHAUSTED, why, limit));
    }

    /** T3's token figure for the attempt's thread this tick; null when the thread is not listed or meters nothing. */
    private static Long reportedTokens(RunState s) {
        return s.thread() == null ? null : s.thread().tokens();
    }

    private Decision judge(RunState s, RunRecord record, Progress progress) {
        RunRecord next = progress.next();
        ThreadView thread = s.thread();
        // 6: T3 does not list the thread; give it the stall timeout to appear.
        if (thread == null) {
            if (stalled(record, s.now())) {
                return escalate(s, EscalationReason.AGENT_FAILED, "thread " + record.thread() + " not found on T3 for "
                        + minutesSince(record.progressAt(), s.now()) + " minutes (stall limit "
                        + stall.toMinutes() + " minutes)", next);
            }
            return new Decision(new Wait("thread " + record.thread() + " not listed on T3 yet"), next);
        }

        // 7: the watcher verdict on the turn AFK is waiting for.
        String lagWhy = null;
        // A fresh thread has only AFK's first turn, so any turn is ours; a later turn (a fix-forward, a relay) must
        // be told apart from the previous one by time (and then T3's clock must not lag AFK's: see ThreadView.health).
        ThreadHealth health = thread.health(record.tally().turns() <= 1 ? Instant.MIN : record.turnAt());
        // 7b: a settled turn and something new for the agent: relay it (before judging a turn without a push).
        Decision relay = relay(s, record, next, progress, health);
        if (relay != null) {
            return relay;
        }
        boolean relaySettledOnSha = false;
        switch (health) {
            case FAILED -> {
                return escalate(s, EscalationReason.AGENT_FAILED, failureEvidence(thread), next);
            }
            case STOPPED -> {
                return escalate(s, EscalationReason.AGENT_FAILED, "turn was interrupted or stopped with no error and no reply on "
                        + "thread " + thread.threadId() + " (someone stopped it in T3; phase reached: "
                        + next.phase().wire() + ")", next);
            }
            case FINISHED -> {
                if (!progress.pushConfirmedThisTurn()) {
                    if (!progress.pushReportedThisTurn() && settledRelayOnSha(record, next)) {
                        // A relay turn need not push: the run goes on with the commit it already has.
                        relaySettledOnSha = true;
                    } else if (!progress.pushReportedThisTurn()) {
                        return escalate(s, EscalationReason.AGENT_FAILED, "turn completed without a push on thread "
                                + thread.threadId() + " (phase reached: " + next.phase().wire() + ")", next);
                    } else {
                        // The agent says it pushed; the tracker has not confirmed the commit yet.
                        lagWhy = "turn finished; waiting for the tracker to confirm pushed "
                                + progress.latestPush().sha();
                    }
                }
            }
            case RUNNING -> {
                // keep going
            }
        }

        // 8: CI and deploy on the confirmed commit.
        String ciWhy = null;
        boolean infraWaits = false;
        if (lagWhy == null && next.sha() != null && next.phase().atLeast(Phase.PUSHED)) {
            if (s.ci().state() == CiVerdict.State.SUCCESS && !next.phase().atLeast(Phase.CI_GREEN)) {
                next = next.withPhase(Phase.CI_GREEN, s.now());
            }
            boolean ciFailed = s.ci().state() == CiVerdict.State.FAILURE;
            boolean ciInfra = s.ci().state() == CiVerdict.State.INFRA;
            boolean deployFailed = s.deploy().state() == DeployVerdict.State.FAILURE;
            boolean ours = progress.pushConfirmedThisTurn() || relaySettledOnSha;
            if (!ciInfra && next.ciInfraSince() != null) {
                // A later green, a real failure or a re-run (pending) supersedes the infrastructure error.
                next = next.withCiInfraSince(null);
            }
            if (ciFailed || deployFailed) {
                if (ours && health == ThreadHealth.RUNNING
                        && next.fixForward() < maxFixForward) {
                    // A second turn.start on a busy thread would be recorded as a second prompt mid-turn:
                    // the corrective turn goes out once the current one has settled.
                    ciWhy = "checks on " + next.sha() + " are red; fix-forward waits for the running turn to settle";
                } else if (ours) {
                    return failedChecks(s, next, ciFailed, deployFailed);
                } else {
                    // The red belongs to the commit the current fix-forward turn is still fixing.
                    ciWhy = "checks on " + next.sha() + " are red; fix-forward round " + next.fixForward()
                            + " has not pushed yet";
                }
            } else if (ciInfra && ours) {
                // 8b: CI itself failed (issue 12, item 4): never a fix-forward turn; re-read on later ticks for the
                //     grace, counted from when AFK first saw it (kept in the marker), then hand the issue back.
                Instant since = next.ciInfraSince() != null ? next.ciInfraSince() : s.now();
                if (next.ciInfraSince() == null) {
                    next = next.withCiInfraSince(since);
                }
                Duration errored = Duration.between(since, s.now());
                if (errored.compareTo(ciInfraGrace) >= 0) {
                    return escalate(s, EscalationReason.CI_INFRA, "CI reported an infrastructure error on "
                            + next.sha() + " for " + errored.toMinutes() + " minutes (first seen " + since
                            + "; AFK_CI_INFRA_GRACE_MINUTES " + ciInfraGrace.toMinutes() + "), not the agent's "
                            + "failure, so no fix-forward turn was sent: " + describeAll(s.ci().evidence()), next);
                }
                infraWaits = true;
                ciWhy = "CI reported an infrastructure error on " + next.sha() + " since " + since
                        + "; no fix-forward, re-reading until " + since.plus(ciInfraGrace);
            } else if (s.ci().state() == CiVerdict.State.SUCCESS
                    && s.deploy().state() == DeployVerdict.State.SUCCESS) {
                // A successful close also stops an agent that is still working; a settled one is left as it is.
                RunRecord closed = next.withPhase(Phase.DEPLOYED, s.now()).ended(CLOSED);
                return thread.settled() ? new Decision(new Close(), closed)
                        : stopThen(s, closed, new Close());
            }
        }

        // 9: nothing moved for too long (not while CI's own error is within its grace: that is not the agent's).
        if (!infraWaits && stalled(next, s.now())) {
            return escalate(s, EscalationReason.AGENT_FAILED, "no progress for " + minutesSince(next.progressAt(), s.now())
                    + " minutes (stall limit " + stall.toMinutes() + " minutes) at phase " + next.phase().wire()
                    + " on thread " + record.thread(), next);
        }

        // 10
        String why = lagWhy != null ? lagWhy : ciWhy != null ? ciWhy : "at phase " + next.phase().wire();
        String relayWhy = relayWaits(s, record);
        if (relayWhy != null) {
            why = why + "; " + relayWhy;
        }
        return next.equals(record)
                ? new Decision(new Wait(why), next)
                : new Decision(new RefreshChecklist(why), next);
    }

    // --- the relay (issue 10, item 1) ----------------------------------------------------------------------------

    /**
     * Rung 6c: a record whose relay intent was written (its tally's {@code relaying}) relays exactly that batch
     * again, whatever the thread shows: the turn may have gone out before the crash, and the re-send is the same
     * command, which T3 answers from its receipt (docs/reference/t3-control.md §7.1). Only an end outranks it:
     * the rungs before this one, and a close of a run whose checks and deploy are green; a relay that could not be
     * sent for the whole stall limit is handed back like a stalled run.
     */
    private Decision resendRelay(RunState s, RunRecord record, RunRecord next) {
        if (!record.relayPending() || greenClose(s, next)) {
            return null;
        }
        RunRecord.Tally t = record.tally();
        if (stalled(next, s.now())) {
            // T3 refused the re-sent turn for the whole stall limit (a lost thread answers 500): hand it back.
            return escalate(s, EscalationReason.AGENT_FAILED, "the relay of " + describeBatch(t.relaying(),
                    t.relayingBodyHash()) + " to thread " + record.thread() + " was not recorded as sent for "
                    + minutesSince(next.progressAt(), s.now()) + " minutes (stall limit " + stall.toMinutes()
                    + " minutes)", next);
        }
        return new Decision(new Relay(t.relaying(), t.relayingBodyHash(), "re-sending the relay of "
                + describeBatch(t.relaying(), t.relayingBodyHash()) + " on thread " + record.thread()
                + " (its intent was recorded; the same command)"), next);
    }

    /**
     * Rung 7b: the turn AFK waits on has settled and the issue holds something new for the agent (comments not
     * relayed yet, or an issue text whose hash differs from the recorded one): the whole pending batch, in order, in
     * one relay turn. Settled means {@link ThreadHealth#FINISHED} (with its push confirmed or none reported: a push
     * the tracker has not confirmed yet is waited for first), or a settled thread whose latest turn is the one AFK
     * waits on while the run waits for CI or deploy of its commit. A turn that finished without a push is relayed
     * to rather than escalated (the comment may answer the agent); a close of a green run is not delayed.
     */
    private Decision relay(RunState s, RunRecord record, RunRecord next, Progress progress, ThreadHealth health) {
        List<Long> comments = newComments(s, record);
        String bodyHash = changedBodyHash(s, record);
        if (comments.isEmpty() && bodyHash == null) {
            return null;
        }
        ThreadView thread = s.thread();
        boolean finished = health == ThreadHealth.FINISHED
                && (progress.pushConfirmedThisTurn() || !progress.pushReportedThisTurn());
        Instant since = record.tally().turns() <= 1 ? Instant.MIN : record.turnAt();
        boolean turnSeen = thread.latestTurnRequestedAt() != null && !thread.latestTurnRequestedAt().isBefore(since);
        boolean waitingForChecks = health == ThreadHealth.RUNNING && thread.settled() && turnSeen
                && next.sha() != null && next.phase().atLeast(Phase.PUSHED);
        if (!(finished || waitingForChecks) || greenClose(s, next)) {
            return null;
        }
        if (budget.wouldCross(next, s.now(), Budget.Limit.TURNS, null, true)) {
            // The person's comment would be turn maxTurns+1: the budget ends the run instead (issue 10, item 3).
            return budgetExhausted(s, next, Budget.Limit.TURNS);
        }
        return new Decision(new Relay(comments, bodyHash, "relaying " + describeBatch(comments, bodyHash)
                + " to thread " + record.thread() + " (the turn settled)"), next.withRelaying(comments, bodyHash));
    }

    /** What waits for the running turn to settle, for the tick's why; null when nothing does. */
    private static String relayWaits(RunState s, RunRecord record) {
        List<Long> comments = newComments(s, record);
        String bodyHash = changedBodyHash(s, record);
        if (comments.isEmpty() && bodyHash == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        if (!comments.isEmpty()) {
            b.append(comments.size()).append(comments.size() == 1 ? " comment" : " comments");
        }
        if (bodyHash != null) {
            b.append(b.length() == 0 ? "" : " and ").append("the edited issue text");
        }
        b.append(comments.size() + (bodyHash == null ? 0 : 1) == 1 ? " waits" : " wait")
                .append(" for the running turn to settle");
        if (!comments.isEmpty()) {
            b.append(" (").append(comments.stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .append(')');
        }
        return b.toString();
    }

    /** The candidates this attempt has not relayed yet, in the candidates' order, each once. */
    private static List<Long> newComments(RunState s, RunRecord record) {
        Set<Long> done = new LinkedHashSet<>(record.tally().relayed());
        done.addAll(record.tally().relaying());
        List<Long> out = new ArrayList<>();
        for (Long id : s.relay().commentIds()) {
            if (id != null && done.add(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** The issue text's current hash when it differs from the one recorded (never when none was recorded). */
    private static String changedBodyHash(RunState s, RunRecord record) {
        String now = s.relay().bodyHash();
        String recorded = record.tally().bodyHash();
        return now != null && recorded != null && !now.equals(recorded) ? now : null;
    }

    /** The run closes this tick: checks and deploy are green on its confirmed commit (rung 8). */
    private static boolean greenClose(RunState s, RunRecord next) {
        return next.sha() != null && next.phase().atLeast(Phase.PUSHED)
                && s.ci().state() == CiVerdict.State.SUCCESS && s.deploy().state() == DeployVerdict.State.SUCCESS;
    }

    /**
     * A turn that finished without a push is a relay turn on a run with a confirmed commit: not a failure, the run
     * goes on watching CI and deploy of that commit. The turn is taken for a relay turn when the attempt sent one
     * (more turns than its first and its fix-forwards) and T3's latest turn is the one AFK waits on; a fix-forward
     * that follows a relay and ends without a push is therefore judged on its commit's checks too (its red checks
     * lead to the next round or {@link EscalationReason#CI_EXHAUSTED}, not to "completed without a push").
     */
    private static boolean settledRelayOnSha(RunRecord record, RunRecord next) {
        return next.sha() != null && record.tally().turns() > 1 + record.fixForward();
    }

    private static String describeBatch(List<Long> comments, String bodyHash) {
        StringBuilder b = new StringBuilder();
        if (!comments.isEmpty()) {
            b.append(comments.size()).append(comments.size() == 1 ? " comment " : " comments ");
            for (int i = 0; i < comments.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(comments.get(i));
            }
        }
        if (bodyHash != null) {
            b.append(b.length() == 0 ? "" : " and ").append("the edited issue text");
        }
        return b.toString();
    }

    private Decision failedChecks(RunState s, RunRecord next, boolean ciFailed, boolean deployFailed) {
        List<CheckEvidence> evidence = new ArrayList<>();
        if (ciFailed) {
            evidence.addAll(s.ci().evidence());
            if (evidence.isEmpty()) {
                evidence.add(new CheckEvidence("ci", "failure", "CI failed without naming a context", ""));
            }
        }
        if (deployFailed) {
            evidence.add(s.deploy().evidence() != null
                    ? s.deploy().evidence()
                    : new CheckEvidence("deploy", "failure", "deploy failed", ""));
        }
        String fingerprint = CiFingerprint.of(evidence);
        if (next.fixForward() > 0 && fingerprint.equals(next.ciFingerprint())
                && !Objects.equals(next.sha(), next.ciFingerprintSha())) {
            // The round's commit failed exactly as the one before it (issue 12, item 4): another round would not
            // help. (The same commit judged again, after a lost record write, is no repeat.)
            return escalate(s, EscalationReason.CI_REPEATED, "the same checks failed again on " + next.sha()
                    + " after fix-forward round " + next.fixForward() + " of " + maxFixForward + " (fingerprint "
                    + fingerprint + "): " + describeAll(evidence), next);
        }
        if (next.fixForward() < maxFixForward) {
            if (budget.wouldCross(next, s.now(), Budget.Limit.TURNS, null, true)) {
                return budgetExhausted(s, next, Budget.Limit.TURNS);
            }
            int round = next.fixForward() + 1;
            return new Decision(new FixForward(round, evidence),
                    next.withFixForward(round, s.now()).withCiFingerprint(fingerprint, next.sha()));
        }
        return escalate(s, EscalationReason.CI_EXHAUSTED, "checks still failing on " + next.sha() + " after "
                + next.fixForward() + " of " + maxFixForward + " fix-forward rounds: " + describeAll(evidence), next);
    }

    private static String describeAll(List<CheckEvidence> evidence) {
        List<String> contexts = new ArrayList<>();
        for (CheckEvidence e : evidence) {
            contexts.add(describe(e));
        }
        return contexts.isEmpty() ? "(no context named)" : String.join("; ", contexts);
    }

    /**
     * An ended attempt whose issue still carries {@code in-progress}: finish what the end started. A closed issue
     * only loses the lock (nobody is handed a closed issue; a deploy's close is redone only while the issue is open).
     */
    private Decision resumeEnded(RunState s, RunRecord record) {
        String reason = record.endReason();
        if (CLOSED.equals(reason)) {
            return new Decision(new Close(), record);
        }
        if (!s.issue().open()) {
            return new Decision(new Release("issue is closed; dropping the lock of attempt " + record.attempt()
                    + ", which ended (" + reason + ")"), record);
        }
        for (EscalationReason r : EscalationReason.values()) {
            if (r.name().equals(reason)) {
                String resumed = "finishing the hand-off of attempt " + record.attempt();
                return new Decision(new Escalate(r, handOffEvidence(record, record.evidence() == null ? resumed
                        : record.evidence() + " (" + resumed + ")"), Budget.limitOf(record).orElse(null)), record);
            }
        }
        return new Decision(new Release("attempt " + record.attempt() + " already ended (" + reason
                + "); dropping its lock"), record);
    }

    /**
     * The push report whose SHA the tracker is asked to confirm: the latest {@code pushed <sha>} report at or after
     * {@code since}, by time; on a tie the one listed first. Reports without a SHA are not pushes.
     * The watch tick must confirm exactly this report's SHA for {@link RunState#shaConfirmed()} to mean anything.
     */
    public static Optional<PhaseReport> latestPush(List<PhaseReport> reports, Instant since) {
        PhaseReport latest = null;
        for (PhaseReport r : reports) {
            boolean isPush = r.phase() == Phase.PUSHED && r.sha() != null && !r.sha().isBlank();
            if (isPush && !r.at().isBefore(since) && (latest == null || r.at().isAfter(latest.at()))) {
                latest = r;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** A person took the issue over: the one ended record, with the agent's stop requested (rung 2–3). */
    private Decision release(RunState s, RunRecord record, String why) {
        if (record == null) {
            return new Decision(new Release(why), null);
        }
        return stopThen(s, record.ended(RELEASED), new Release(why));
    }

    /**
     * The evidence goes into the ended record too, so the checklist on the issue says why, not only Slack. The
     * doorbell and the labels wait for the agent's stop (order: end record with the stop requested → interrupt →
     * confirm → hand-off).
     */
    private Decision escalate(RunState s, EscalationReason reason, String evidence, RunRecord record) {
        String why = shorten(evidence);
        return stopThen(s, record.ended(reason.name()).withEvidence(why), new Escalate(reason, why));
    }

    /**
     * The end {@code ended} requests the stop of its agent: when T3 does not list the thread, or the thread is
     * already settled, there is nothing to send and the end finishes at once with {@code finish}; otherwise round 1
     * of the interrupt goes out and {@code finish} waits for a later tick ({@link #continueStop}).
     */
    private Decision stopThen(RunState s, RunRecord ended, Action finish) {
        ThreadView t = s.thread();
        if (t == null || t.settled()) {
            Instant settledAt = t == null ? s.now() : t.updatedAt();
            return new Decision(finish, ended.withStop(RunRecord.Stop.alreadySettled(s.now(), settledAt)));
        }
        return new Decision(new Interrupt(1, "attempt " + ended.attempt() + " ended (" + ended.endReason()
                + "); stopping thread " + ended.thread() + " (session " + t.sessionStatus() + ", turn "
                + t.latestTurnState() + ")"), ended.withStop(RunRecord.Stop.interrupted(s.now())));
    }

    /**
     * An ended attempt whose agent's stop is pending: confirm it from T3's read model, escalate it across ticks
     * (a second interrupt while within the bound, then {@code thread.session.stop}, then "could not be stopped"),
     * and once it is over, finish the end ({@link #resumeEnded}) in the same tick. A released run's confirmation
     * is not written to the issue (AFK yields); only "could not be stopped" is.
     */
    private Decision continueStop(RunState s, RunRecord record) {
        RunRecord.Stop st = record.stop();
        StopView v = s.stop();
        if (v == null) {
            return new Decision(new Wait("stop of thread " + record.thread() + " pending; its state was not read"),
                    record);
        }
        if (v.settled()) {
            RunRecord.Stop confirmed = st.confirmedAt(v.settledAt() != null ? v.settledAt() : s.now());
            return finishAfterStop(s, record, confirmed);
        }
        Duration sinceRequest = Duration.between(st.requestedAt(), s.now());
        if (RELEASED.equals(record.endReason())) {
            return continueYieldedStop(s, record, v, sinceRequest);
        }
        if (st.sessionStopAt() == null) {
            if (sinceRequest.compareTo(stopConfirm) >= 0) {
                return new Decision(new StopSession(1, "thread " + record.thread() + " still " + v.sessionStatus()
                        + " " + sinceRequest.toSeconds() + " s after the stop request (bound "
                        + stopConfirm.toSeconds() + " s)"), record.withStop(st.withSessionStopAt(s.now())));
            }
            if (st.interrupts() < MAX_INTERRUPTS) {
                int round = st.interrupts() + 1;
                return new Decision(new Interrupt(round, "thread " + record.thread() + " still "
                        + v.sessionStatus() + " after interrupt round " + st.interrupts()
                        + " (a queued prompt needs another)"), record.withStop(st.withInterrupts(round)));
            }
            return new Decision(new Wait("stop of thread " + record.thread() + " pending: " + v.sessionStatus()
                    + " " + sinceRequest.toSeconds() + " s after the request"), record);
        }
        Duration sinceSessionStop = Duration.between(st.sessionStopAt(), s.now());
        if (sinceSessionStop.compareTo(stopConfirm) >= 0) {
            return finishAfterStop(s, record, st.failed());
        }
        return new Decision(new Wait("stop of thread " + record.thread() + " pending: " + v.sessionStatus() + " "
                + sinceSessionStop.toSeconds() + " s after thread.session.stop"), record);
    }

    /**
     * The stop of a run a person took over: AFK writes nothing more to the issue, so the stop's progress is not
     * recorded and its bounds derive from {@code stopRequestedAt} in the one ended record. Within the first bound
     * the second interrupt is (re-)sent, within the second the session stop; both are the same command each time
     * (derived commandIds: T3 answers a re-send from its receipt and acts once, docs/reference/t3-control.md §3.3, §7.2). After
     * twice the bound the agent could not be stopped, the one further write. A plane that was down for the whole
     * second window declares that without having sent the session stop: it errs towards telling a person.
     */
    private Decision continueYieldedStop(RunState s, RunRecord record, StopView v, Duration sinceRequest) {
        String state = "thread " + record.thread() + " still " + v.sessionStatus() + " " + sinceRequest.toSeconds()
                + " s after the stop request (released: not recorded on the issue)";
        if (sinceRequest.compareTo(stopConfirm) < 0) {
            return new Decision(new Interrupt(MAX_INTERRUPTS, state), record);
        }
        if (sinceRequest.compareTo(stopConfirm.multipliedBy(2)) < 0) {
            return new Decision(new StopSession(1, state), record);
        }
        return finishAfterStop(s, record, record.stop().failed());
    }

    /** The stop is over ({@code st} confirmed or failed): finish the end as a resumed end would. */
    private Decision finishAfterStop(RunState s, RunRecord record, RunRecord.Stop st) {
        RunRecord stopped = record.withStop(st);
        Action finish = resumeEnded(s, stopped).action();
        String outcome = st.couldNotStop() ? COULD_NOT_STOP
                : "agent of thread " + record.thread() + " stopped (confirmed at " + st.stoppedAt() + ")";
        if (finish instanceof Escalate e) {
            // The first hand-off of this attempt: its evidence is the end's, led by the stop's failure if any.
            finish = new Escalate(e.reason(), handOffEvidence(stopped, stopped.evidence() == null
                    ? "attempt " + record.attempt() + " ended (" + e.reason().name() + ")" : stopped.evidence()),
                    e.limit());
        } else if (finish instanceof Release) {
            finish = new Release(outcome + "; attempt " + record.attempt() + " ended (" + record.endReason()
                    + "), dropping AFK's lock");
        }
        // Yield after a takeover: a released run's confirmation stays off the issue; only a failure is shown.
        boolean yielded = RELEASED.equals(record.endReason()) && !st.couldNotStop();
        return new Decision(finish, yielded ? record : stopped);
    }

    /** The evidence of a hand-off, led by the one thing the person must do first when AFK could not stop the agent. */
    private static String handOffEvidence(RunRecord record, String evidence) {
        if (record.stop() != null && record.stop().couldNotStop()) {
            return shorten(COULD_NOT_STOP + " (thread " + record.thread() + "). " + evidence);
        }
        return shorten(evidence);
    }

    /** What the checklist, the hand-off and the log say when the session still runs after the session stop. */
    public static final String COULD_NOT_STOP = "the agent could not be stopped; stop it in T3";

    private boolean stalled(RunRecord record, Instant now) {
        return Duration.between(record.progressAt(), now).compareTo(stall) > 0;
    }

    private static long minutesSince(Instant then, Instant now) {
        return Duration.between(then, now).toMinutes();
    }

    private static String failureEvidence(ThreadView thread) {
        Set<String> quoted = new LinkedHashSet<>();
        if (thread.lastError() != null && !thread.lastError().isBlank()) {
            quoted.add(thread.lastError().strip());
        }
        for (String e : thread.errors()) {
            if (quoted.size() >= MAX_QUOTED_ERRORS) {
                break;
            }
            if (e != null && !e.isBlank()) {
                quoted.add(e.strip());
            }
        }
        String where = "thread " + thread.threadId() + " failed (session " + thread.sessionStatus() + ", turn "
                + thread.latestTurnState() + ")";
        return quoted.isEmpty() ? where + " with no error text" : where + ": " + String.join(" | ", quoted);
    }

    private static String describe(CheckEvidence e) {
        StringBuilder b = new StringBuilder(e.context().isEmpty() ? "(unnamed check)" : e.context());
        b.append(" (").append(e.state().isEmpty() ? "failure" : e.state());
        if (!e.description().isEmpty()) {
            b.append(": ").append(e.description());
        }
        b.append(')');
        if (!e.url().isEmpty()) {
            b.append(' ').append(e.url());
        }
        return b.toString();
    }

    private static String shorten(String text) {
        return text.length() <= MAX_EVIDENCE_CHARS ? text : text.substring(0, MAX_EVIDENCE_CHARS - 1) + "…";
    }

    /**
     * What the agent's phase reports add to the record (rung 5), and whether the turn AFK waits on has pushed.
     *
     * @param next                  the record raised by the reports (phases only go up)
     * @param latestPush            the latest {@code pushed <sha>} report of this attempt; null when none
     * @param pushReportedThisTurn  the current turn reported a push (first turn: any; fix-forward: at/after turnAt)
     * @param pushConfirmedThisTurn the current turn's push is a commit the tracker confirmed
     */
    private record Progress(RunRecord next, PhaseReport latestPush, boolean pushReportedThisTurn,
                            boolean pushConfirmedThisTurn) {

        static Progress of(RunState s, RunRecord record) {
            Phase raised = record.phase();
            List<PhaseReport> reports = s.thread() == null ? List.of() : s.thread().reports();
            for (PhaseReport r : reports) {
                // Another attempt's reports on a reused thread are not this attempt's progress. Only tests-red
                // and green are the agent's word alone: pushed needs the tracker, the rest AFK observes itself.
                boolean agentPhase = r.phase() == Phase.TESTS_RED || r.phase() == Phase.GREEN;
                if (agentPhase && !r.at().isBefore(record.dispatchedAt())) {
                    raised = max(raised, r.phase());
                }
            }
            PhaseReport latestPush = RunStateMachine.latestPush(reports, record.dispatchedAt()).orElse(null);
            boolean confirmed = s.shaConfirmed() && latestPush != null;
            if (confirmed) {
                raised = max(raised, Phase.PUSHED);
            }
            RunRecord next = record;
            if (raised.compareTo(record.phase()) > 0) {
                next = next.withPhase(raised, s.now());
            }
            if (confirmed && !latestPush.sha().equals(record.sha())) {
                next = next.withSha(latestPush.sha(), s.now());
            }
            boolean firstTurn = record.fixForward() == 0;
            boolean reportedThisTurn = latestPush != null
                    && (firstTurn || !latestPush.at().isBefore(record.turnAt()));
            boolean confirmedThisTurn = firstTurn ? next.sha() != null : confirmed && reportedThisTurn;
            return new Progress(next, latestPush, reportedThisTurn, confirmedThisTurn);
        }

        private static Phase max(Phase a, Phase b) {
            return a.compareTo(b) >= 0 ? a : b;
        }
    }
}
