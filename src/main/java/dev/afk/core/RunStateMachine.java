package dev.afk.core;

import dev.afk.core.Action.Close;
import dev.afk.core.Action.Escalate;
import dev.afk.core.Action.FixForward;
import dev.afk.core.Action.RefreshChecklist;
import dev.afk.core.Action.Release;
import dev.afk.core.Action.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The run lifecycle (docs/ARCHITECTURE.md §4): one watch-tick snapshot in, one {@link Decision} out. The rungs are
 * checked in priority order and the first match wins; anything that matches nothing waits.
 *
 * <p>Pure: the clock is {@link RunState#now()}, and {@code next} never throws for a well-formed {@link RunState}.
 */
public final class RunStateMachine {

    /** End reason of an attempt a person took back (human label or closed issue). */
    public static final String RELEASED = "released";
    /** End reason of an attempt that reached deployed and closed its issue. */
    public static final String CLOSED = "closed";

    private static final int MAX_EVIDENCE_CHARS = 600;
    private static final int MAX_QUOTED_ERRORS = 3;

    private final Labels labels;
    private final int maxFixForward;
    private final Duration stall;

    public RunStateMachine(Labels labels, int maxFixForward, Duration stall) {
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
    }

    public Decision next(RunState s) {
        RunRecord record = s.record();
        // 1: the attempt already ended but the issue still carries AFK's lock: a close or hand-off that a failure
        //    cut short. Finishing it outranks a person's label, which is often the hand-off's own ready-for-human.
        if (record != null && record.ended()) {
            return resumeEnded(s, record);
        }
        // 2–3: a person took the issue back; that beats everything AFK knows, even a finished deploy.
        if (s.issue().hasLabel(labels.human())) {
            return release(record, "issue carries " + labels.human() + ": a person took it over");
        }
        if (!s.issue().open()) {
            return release(record, "issue was closed by a person while the run was open");
        }
        // 4: in-progress without an AFK record was put there by someone else.
        if (record == null) {
            return new Decision(new Wait("no AFK record on the issue: not AFK's run"), null);
        }
        // 5: the AFK comment's state cannot be read: say so loudly instead of guessing what the run did.
        if (s.recordUnreadable()) {
            return escalate(EscalationReason.RECORD_UNREADABLE, "the AFK comment's state marker could not be read "
                    + "(edited or garbled); recovered attempt " + record.attempt() + " on thread " + record.thread()
                    + ", whose reports AFK will not act on", record);
        }
        Progress progress = Progress.of(s, record);
        return judge(s, record, progress);
    }

    private Decision judge(RunState s, RunRecord record, Progress progress) {
        RunRecord next = progress.next();
        ThreadView thread = s.thread();
        // 6: T3 does not list the thread; give it the stall timeout to appear.
        if (thread == null) {
            if (stalled(record, s.now())) {
                return escalate(EscalationReason.AGENT_FAILED, "thread " + record.thread() + " not found on T3 for "
                        + minutesSince(record.progressAt(), s.now()) + " minutes (stall limit "
                        + stall.toMinutes() + " minutes)", next);
            }
            return new Decision(new Wait("thread " + record.thread() + " not listed on T3 yet"), next);
        }

        // 7: the watcher verdict on the turn AFK is waiting for.
        String lagWhy = null;
        // A fresh thread has only AFK's first turn, so any turn is ours; only a fix-forward turn must be told apart
        // from the previous one by time (and then T3's clock must not lag AFK's: see ThreadView.health).
        ThreadHealth health = thread.health(record.fixForward() == 0 ? Instant.MIN : record.turnAt());
        switch (health) {
            case FAILED -> {
                return escalate(EscalationReason.AGENT_FAILED, failureEvidence(thread), next);
            }
            case INTERRUPTED -> {
                return escalate(EscalationReason.AGENT_FAILED, "turn was interrupted with no error on thread "
                        + thread.threadId() + " (someone stopped it)", next);
            }
            case FINISHED -> {
                if (!progress.pushConfirmedThisTurn()) {
                    if (!progress.pushReportedThisTurn()) {
                        return escalate(EscalationReason.AGENT_FAILED, "turn completed without a push on thread "
                                + thread.threadId() + " (phase reached: " + next.phase().wire() + ")", next);
                    }
                    // The agent says it pushed; the tracker has not confirmed the commit yet.
                    lagWhy = "turn finished; waiting for the tracker to confirm pushed "
                            + progress.latestPush().sha();
                }
            }
            case RUNNING -> {
                // keep going
            }
        }

        // 8: CI and deploy on the confirmed commit.
        String ciWhy = null;
        if (lagWhy == null && next.sha() != null && next.phase().atLeast(Phase.PUSHED)) {
            if (s.ci().state() == CiVerdict.State.SUCCESS && !next.phase().atLeast(Phase.CI_GREEN)) {
                next = next.withPhase(Phase.CI_GREEN, s.now());
            }
            boolean ciFailed = s.ci().state() == CiVerdict.State.FAILURE;
            boolean deployFailed = s.deploy().state() == DeployVerdict.State.FAILURE;
            if (ciFailed || deployFailed) {
                if (progress.pushConfirmedThisTurn() && health == ThreadHealth.RUNNING
                        && next.fixForward() < maxFixForward) {
                    // A second turn.start on a busy thread would be recorded as a second prompt mid-turn:
                    // the corrective turn goes out once the current one has settled.
                    ciWhy = "checks on " + next.sha() + " are red; fix-forward waits for the running turn to settle";
                } else if (progress.pushConfirmedThisTurn()) {
                    return failedChecks(s, next, ciFailed, deployFailed);
                } else {
                    // The red belongs to the commit the current fix-forward turn is still fixing.
                    ciWhy = "checks on " + next.sha() + " are red; fix-forward round " + next.fixForward()
                            + " has not pushed yet";
                }
            } else if (s.ci().state() == CiVerdict.State.SUCCESS
                    && s.deploy().state() == DeployVerdict.State.SUCCESS) {
                return new Decision(new Close(), next.withPhase(Phase.DEPLOYED, s.now()).ended(CLOSED));
            }
        }

        // 9: nothing moved for too long.
        if (stalled(next, s.now())) {
            return escalate(EscalationReason.AGENT_FAILED, "no progress for " + minutesSince(next.progressAt(), s.now())
                    + " minutes (stall limit " + stall.toMinutes() + " minutes) at phase " + next.phase().wire()
                    + " on thread " + record.thread(), next);
        }

        // 10
        String why = lagWhy != null ? lagWhy : ciWhy != null ? ciWhy : "at phase " + next.phase().wire();
        return next.equals(record)
                ? new Decision(new Wait(why), next)
                : new Decision(new RefreshChecklist(why), next);
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
        if (next.fixForward() < maxFixForward) {
            int round = next.fixForward() + 1;
            return new Decision(new FixForward(round, evidence), next.withFixForward(round, s.now()));
        }
        List<String> contexts = new ArrayList<>();
        for (CheckEvidence e : evidence) {
            contexts.add(describe(e));
        }
        return escalate(EscalationReason.CI_EXHAUSTED, "checks still failing on " + next.sha() + " after "
                + next.fixForward() + " of " + maxFixForward + " fix-forward rounds: "
                + String.join("; ", contexts), next);
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
                return new Decision(new Escalate(r, record.evidence() == null ? resumed
                        : shorten(record.evidence() + " (" + resumed + ")")), record);
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

    private static Decision release(RunRecord record, String why) {
        RunRecord next = record == null || record.ended() ? record : record.ended(RELEASED);
        return new Decision(new Release(why), next);
    }

    /** The evidence goes into the ended record too, so the checklist on the issue says why, not only Slack. */
    private static Decision escalate(EscalationReason reason, String evidence, RunRecord record) {
        String why = shorten(evidence);
        return new Decision(new Escalate(reason, why), record.ended(reason.name()).withEvidence(why));
    }

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
