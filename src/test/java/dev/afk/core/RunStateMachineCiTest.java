package dev.afk.core;

import static dev.afk.core.RunFixtures.LABELS;
import static dev.afk.core.RunFixtures.SHA1;
import static dev.afk.core.RunFixtures.SHA2;
import static dev.afk.core.RunFixtures.STALL;
import static dev.afk.core.RunFixtures.at;
import static dev.afk.core.RunFixtures.check;
import static dev.afk.core.RunFixtures.ciRed;
import static dev.afk.core.RunFixtures.deployed;
import static dev.afk.core.RunFixtures.finished;
import static dev.afk.core.RunFixtures.min;
import static dev.afk.core.RunFixtures.pushed;
import static dev.afk.core.RunFixtures.state;
import static dev.afk.core.RunFixtures.thread;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Action.Close;
import dev.afk.core.Action.Escalate;
import dev.afk.core.Action.FixForward;
import dev.afk.core.Action.RefreshChecklist;
import dev.afk.core.Action.Wait;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fix-forward that learns (issue 12, item 4): repeated failures and CI's own errors. */
class RunStateMachineCiTest {

    static final Duration GRACE = Duration.ofMinutes(30);

    static RunStateMachine machine(Duration grace) {
        return new RunStateMachine(LABELS, 2, STALL, RunStateMachine.DEFAULT_STOP_CONFIRM, Budget.DEFAULT, grace);
    }

    static CiVerdict infra(CheckEvidence... evidence) {
        return new CiVerdict(CiVerdict.State.INFRA, List.of(evidence));
    }

    static CheckEvidence errored(String context, String description) {
        return new CheckEvidence(context, "error", description, "https://ci.example.com/" + context);
    }

    /** Round 1 was sent at minute 10 for {@code red}, and its commit SHA2 was pushed and confirmed at minute 20. */
    static RunState round1Failed(RunStateMachine m, CiVerdict red, CiVerdict round1Verdict) {
        Decision first = m.next(state().record(at(Phase.PUSHED, 8)).thread(finished(pushed(SHA1, 8))).confirmed()
                .ci(red).atMinute(10).build());
        assertThat(first.action()).isInstanceOf(FixForward.class);
        ThreadView pushedAgain = thread("ready", "completed", min(10), pushed(SHA1, 8), pushed(SHA2, 20));
        return state().record(first.next()).thread(pushedAgain).confirmed().ci(round1Verdict).atMinute(21).build();
    }

    @Test
    void theSameFailureAfterARoundEndsCiRepeatedWithoutASecondRound() {
        RunStateMachine m = machine(GRACE);
        CiVerdict red = ciRed(check("build", "WidgetTest failed after 1.2s (run 4711)"));
        CiVerdict same = ciRed(check("build", "WidgetTest failed after 3.4s (run 4790)"));

        Decision d = m.next(round1Failed(m, red, same));

        assertThat(d.action()).isInstanceOf(Escalate.class);
        Escalate e = (Escalate) d.action();
        assertThat(e.reason()).isEqualTo(EscalationReason.CI_REPEATED);
        assertThat(e.evidence()).contains("the same checks failed again on " + SHA2, "round 1 of 2",
                "build (failure: WidgetTest failed after 3.4s (run 4790))");
        assertThat(d.next().endReason()).isEqualTo("CI_REPEATED");
        assertThat(d.next().fixForward()).as("no second round").isEqualTo(1);
    }

    @Test
    void anotherFailureAfterARoundSpendsTheNextRoundAndRemembersItsFingerprint() {
        RunStateMachine m = machine(GRACE);
        CiVerdict red = ciRed(check("build", "compile error"));
        CiVerdict other = ciRed(check("test", "WidgetTest failed"));

        Decision d = m.next(round1Failed(m, red, other));

        assertThat(d.action()).isEqualTo(new FixForward(2, other.evidence()));
        assertThat(d.next().ciFingerprint()).isEqualTo(CiFingerprint.of(other.evidence()));
    }

    @Test
    void theFingerprintSurvivesTheMarker() {
        RunStateMachine m = machine(GRACE);
        CiVerdict red = ciRed(check("build", "compile error"));
        RunState s = round1Failed(m, red, red);
        RunRecord reread = PhaseChecklist.parse(PhaseChecklist.render(IssueKey.of("acme/widgets", 43), s.record()))
                .orElseThrow();
        assertThat(reread).isEqualTo(s.record());

        Decision d = m.next(state().record(reread).thread(s.thread()).confirmed().ci(red).atMinute(21).build());
        assertThat(((Escalate) d.action()).reason()).isEqualTo(EscalationReason.CI_REPEATED);
    }

    @Test
    void theSameFailureWithNoRoundLeftIsStillCiRepeated() {
        RunStateMachine m = new RunStateMachine(LABELS, 1, STALL);
        CiVerdict red = ciRed(check("build", "compile error"));
        assertThat(((Escalate) m.next(round1Failed(m, red, red)).action()).reason())
                .isEqualTo(EscalationReason.CI_REPEATED);
        CiVerdict other = ciRed(check("build", "link error"));
        assertThat(((Escalate) m.next(round1Failed(m, red, other)).action()).reason())
                .isEqualTo(EscalationReason.CI_EXHAUSTED);
    }

    @Test
    void aFirstFailureIsNeverARepeatEvenWithAnOlderFingerprint() {
        RunStateMachine m = machine(GRACE);
        CiVerdict red = ciRed(check("build", "compile error"));
        RunRecord r = at(Phase.PUSHED, 8).withCiFingerprint(CiFingerprint.of(red.evidence()), SHA2);
        Decision d = m.next(state().record(r).thread(finished(pushed(SHA1, 8))).confirmed().ci(red).atMinute(10)
                .build());
        assertThat(d.action()).isInstanceOf(FixForward.class);
    }

    @Test
    void aRoundDecidedAgainOnTheSameCommitAfterALostRecordWriteIsNoRepeat() {
        RunStateMachine m = machine(GRACE);
        CiVerdict red = ciRed(check("build", "compile error"));
        // Round 1 was decided on SHA2's failure (its record write had been lost once, so SHA2 is the round's own
        // push): the same failure of the same commit is judged again, and the next round is spent.
        RunRecord round1 = RunFixtures.fixForward(1, 10, SHA2)
                .withCiFingerprint(CiFingerprint.of(red.evidence()), SHA2);
        ThreadView settled = thread("ready", "completed", min(10), pushed(SHA1, 8), pushed(SHA2, 12));
        Decision d = m.next(state().record(round1).thread(settled).confirmed().ci(red).atMinute(21).build());
        assertThat(d.action()).isEqualTo(new FixForward(2, red.evidence()));
    }

    // --- CI's own errors -------------------------------------------------------------------------------------------

    private static RunState infraAt(RunRecord r, long minute, CiVerdict ci) {
        return state().record(r).thread(finished(pushed(SHA1, 8))).confirmed().ci(ci).atMinute(minute).build();
    }

    @Test
    void anInfraErrorSendsNoTurnRecordsWhenItWasFirstSeenAndEscalatesCiInfraAfterTheGrace() {
        RunStateMachine m = machine(GRACE);
        CiVerdict err = infra(errored("ci/build", "runner lost"));

        Decision first = m.next(infraAt(at(Phase.PUSHED, 8), 10, err));
        assertThat(first.action()).isInstanceOf(RefreshChecklist.class);
        assertThat(first.next().ciInfraSince()).isEqualTo(min(10));
        assertThat(first.next().fixForward()).isZero();

        Decision within = m.next(infraAt(first.next(), 39, err));
        assertThat(within.action()).isInstanceOf(Wait.class);
        assertThat(((Wait) within.action()).why()).contains("infrastructure error", "no fix-forward");
        assertThat(within.next()).isEqualTo(first.next());

        Decision after = m.next(infraAt(first.next(), 40, err));
        assertThat(after.action()).isInstanceOf(Escalate.class);
        Escalate e = (Escalate) after.action();
        assertThat(e.reason()).isEqualTo(EscalationReason.CI_INFRA);
        assertThat(e.evidence()).contains("infrastructure error on " + SHA1, "30 minutes",
                "AFK_CI_INFRA_GRACE_MINUTES 30", "ci/build (error: runner lost)");
        assertThat(after.next().fixForward()).isZero();
    }

    @Test
    void aGraceOfZeroEscalatesAtOnce() {
        Decision d = machine(Duration.ZERO).next(infraAt(at(Phase.PUSHED, 8), 10, infra(errored("ci", "lost"))));
        assertThat(((Escalate) d.action()).reason()).isEqualTo(EscalationReason.CI_INFRA);
    }

    @Test
    void aGreenWithinTheGraceClosesAndClearsTheInfraTime() {
        RunStateMachine m = machine(GRACE);
        RunRecord seen = m.next(infraAt(at(Phase.PUSHED, 8), 10, infra(errored("ci", "lost")))).next();
        Decision d = m.next(state().record(seen).thread(finished(pushed(SHA1, 8))).confirmed().ci(CiVerdict.SUCCESS)
                .deploy(deployed()).atMinute(20).build());
        assertThat(d.action()).isInstanceOf(Close.class);
        assertThat(d.next().ciInfraSince()).isNull();
    }

    @Test
    void aRealFailureWithinTheGraceIsFixedForward() {
        RunStateMachine m = machine(GRACE);
        RunRecord seen = m.next(infraAt(at(Phase.PUSHED, 8), 10, infra(errored("ci", "lost")))).next();
        CiVerdict red = ciRed(check("build", "compile error"));
        Decision d = m.next(infraAt(seen, 20, red));
        assertThat(d.action()).isEqualTo(new FixForward(1, red.evidence()));
        assertThat(d.next().ciInfraSince()).isNull();
    }

    @Test
    void aRerunPendingClearsTheInfraTimeSoAnotherErrorStartsItsGraceAgain() {
        RunStateMachine m = machine(GRACE);
        RunRecord seen = m.next(infraAt(at(Phase.PUSHED, 8), 10, infra(errored("ci", "lost")))).next();
        Decision pending = m.next(infraAt(seen, 20, RunFixtures.ciPending()));
        assertThat(pending.next().ciInfraSince()).isNull();
        Decision again = m.next(infraAt(pending.next(), 45, infra(errored("ci", "lost"))));
        assertThat(again.action()).isInstanceOf(RefreshChecklist.class);
        assertThat(again.next().ciInfraSince()).isEqualTo(min(45));
    }

    @Test
    void theStallLimitDoesNotBlameTheAgentForCisOwnErrorWithinTheGrace() {
        RunStateMachine m = new RunStateMachine(LABELS, 2, Duration.ofMinutes(20), RunStateMachine.DEFAULT_STOP_CONFIRM,
                Budget.DEFAULT, Duration.ofMinutes(60));
        RunRecord seen = m.next(infraAt(at(Phase.PUSHED, 8), 10, infra(errored("ci", "lost")))).next();
        Decision d = m.next(infraAt(seen, 50, infra(errored("ci", "lost"))));
        assertThat(d.action()).isInstanceOf(Wait.class);
        Decision late = m.next(infraAt(seen, 70, infra(errored("ci", "lost"))));
        assertThat(((Escalate) late.action()).reason()).isEqualTo(EscalationReason.CI_INFRA);
    }

    @Test
    void anInfraErrorOnTheCommitARoundIsStillFixingStartsNoGrace() {
        RunStateMachine m = machine(GRACE);
        RunRecord round1 = RunFixtures.fixForward(1, 10, SHA1);
        ThreadView working = thread("running", "running", min(10), pushed(SHA1, 8));
        Decision d = m.next(state().record(round1).thread(working).confirmed().ci(infra(errored("ci", "lost")))
                .atMinute(15).build());
        assertThat(d.action()).isInstanceOf(Wait.class);
        assertThat(d.next().ciInfraSince()).isNull();
    }

    @Test
    void aNewCommitStartsTheGraceAfresh() {
        RunRecord r = at(Phase.PUSHED, 8).withCiInfraSince(min(10)).withCiFingerprint("0123456789abcdef", SHA1);
        assertThat(r.withSha(SHA2, min(20)).ciInfraSince()).isNull();
        assertThat(r.withSha(SHA2, min(20)).ciFingerprint()).isEqualTo("0123456789abcdef");
        assertThat(r.withSha(SHA1, min(20)).ciInfraSince()).isEqualTo(min(10));
    }
}
