package dev.afk.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Hand-written builders for {@link RunStateMachine} tests: one attempt dispatched at {@link #T0}. */
final class RunFixtures {

    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    static final Labels LABELS = Labels.DEFAULT;
    static final Duration STALL = Duration.ofMinutes(90);
    static final int BUDGET = 2;
    static final String THREAD = "dc9cfda6-7a77-4aa3-9921-c1f9cb3434f7";
    static final String SHA1 = "1111111111111111111111111111111111111111";
    static final String SHA2 = "2222222222222222222222222222222222222222";
    static final String SHA3 = "3333333333333333333333333333333333333333";

    private RunFixtures() {
    }

    static Instant min(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    static RunStateMachine machine() {
        return new RunStateMachine(LABELS, BUDGET, STALL);
    }

    static Issue issue(String... labels) {
        return issue(true, labels);
    }

    static Issue issue(boolean open, String... labels) {
        return new Issue(IssueKey.of("acme/widgets", 43), "Add a widget", "body", Set.of(labels), "alice",
                T0.minus(Duration.ofDays(1)), open, false, "https://git.example.com/acme/widgets/issues/43");
    }

    static Issue inProgress() {
        return issue(LABELS.inProgress());
    }

    static RunRecord dispatched() {
        return RunRecord.dispatched(1, THREAD, T0);
    }

    /** A first-turn record that reached {@code phase}; a pushed-or-later one carries {@link #SHA1}. */
    static RunRecord at(Phase phase, long progressMinute) {
        String sha = phase.atLeast(Phase.PUSHED) ? SHA1 : null;
        return new RunRecord(1, THREAD, T0, T0, 0, phase, sha, min(progressMinute), false, null);
    }

    /** A record whose fix-forward round {@code round} was requested at {@code turnMinute}, still on {@code sha}. */
    static RunRecord fixForward(int round, long turnMinute, String sha) {
        return new RunRecord(1, THREAD, T0, min(turnMinute), round, Phase.PUSHED, sha, min(turnMinute), false, null);
    }

    static PhaseReport report(Phase phase, long minute) {
        return new PhaseReport(phase, null, min(minute));
    }

    static PhaseReport pushed(String sha, long minute) {
        return new PhaseReport(Phase.PUSHED, sha, min(minute));
    }

    /** The fleet read of a thread: session status, latest turn state and when that turn was requested. */
    static ThreadView thread(String session, String turn, Instant requestedAt, PhaseReport... reports) {
        return new ThreadView(THREAD, session, turn == null ? null : "turn-1", turn, requestedAt, null,
                requestedAt == null ? T0 : requestedAt, Arrays.asList(reports), List.of());
    }

    static ThreadView running(PhaseReport... reports) {
        return thread("running", "running", T0, reports);
    }

    static ThreadView finished(PhaseReport... reports) {
        return thread("ready", "completed", T0, reports);
    }

    static ThreadView failed(String lastError, List<String> errors, PhaseReport... reports) {
        return new ThreadView(THREAD, "error", "turn-1", "error", T0, lastError, T0, Arrays.asList(reports), errors);
    }

    static CheckEvidence check(String context, String description) {
        return new CheckEvidence(context, "failure", description, "https://ci.example.com/" + context);
    }

    static CiVerdict ciRed(CheckEvidence... evidence) {
        return new CiVerdict(CiVerdict.State.FAILURE, List.of(evidence));
    }

    static CiVerdict ciPending() {
        return new CiVerdict(CiVerdict.State.PENDING, List.of());
    }

    static DeployVerdict deployed() {
        return new DeployVerdict(DeployVerdict.State.SUCCESS, null);
    }

    static DeployVerdict deployRed() {
        return new DeployVerdict(DeployVerdict.State.FAILURE, check("deploy", "rollout failed"));
    }

    static StateBuilder state() {
        return new StateBuilder();
    }

    /** A {@link RunState} with sensible defaults: open in-progress issue, fresh record, running thread, t+10m. */
    static final class StateBuilder {
        private Issue issue = inProgress();
        private RunRecord record = dispatched();
        private ThreadView thread = running();
        private boolean confirmed;
        private CiVerdict ci = CiVerdict.NONE;
        private DeployVerdict deploy = DeployVerdict.NONE;
        private Instant now = min(10);
        private boolean unreadable;

        StateBuilder issue(Issue i) {
            issue = i;
            return this;
        }

        StateBuilder record(RunRecord r) {
            record = r;
            return this;
        }

        StateBuilder thread(ThreadView t) {
            thread = t;
            return this;
        }

        StateBuilder noThread() {
            thread = null;
            return this;
        }

        StateBuilder confirmed() {
            confirmed = true;
            return this;
        }

        StateBuilder ci(CiVerdict v) {
            ci = v;
            return this;
        }

        StateBuilder deploy(DeployVerdict v) {
            deploy = v;
            return this;
        }

        StateBuilder atMinute(long minute) {
            now = min(minute);
            return this;
        }

        StateBuilder unreadable() {
            unreadable = true;
            return this;
        }

        RunState build() {
            return new RunState(issue, record, thread, confirmed, ci, deploy, now, unreadable);
        }
    }
}
