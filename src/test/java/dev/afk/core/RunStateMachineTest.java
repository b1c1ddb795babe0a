package dev.afk.core;

import static dev.afk.core.RunFixtures.BUDGET;
import static dev.afk.core.RunFixtures.LABELS;
import static dev.afk.core.RunFixtures.SHA1;
import static dev.afk.core.RunFixtures.SHA2;
import static dev.afk.core.RunFixtures.STALL;
import static dev.afk.core.RunFixtures.T0;
import static dev.afk.core.RunFixtures.at;
import static dev.afk.core.RunFixtures.check;
import static dev.afk.core.RunFixtures.ciPending;
import static dev.afk.core.RunFixtures.ciRed;
import static dev.afk.core.RunFixtures.deployRed;
import static dev.afk.core.RunFixtures.deployed;
import static dev.afk.core.RunFixtures.dispatched;
import static dev.afk.core.RunFixtures.failed;
import static dev.afk.core.RunFixtures.finished;
import static dev.afk.core.RunFixtures.fixForward;
import static dev.afk.core.RunFixtures.issue;
import static dev.afk.core.RunFixtures.min;
import static dev.afk.core.RunFixtures.pushed;
import static dev.afk.core.RunFixtures.report;
import static dev.afk.core.RunFixtures.running;
import static dev.afk.core.RunFixtures.state;
import static dev.afk.core.RunFixtures.thread;
import static dev.afk.core.RunFixturesExpect.escalate;
import static dev.afk.core.RunFixturesExpect.expect;
import static dev.afk.core.RunFixturesExpect.fixForward;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Action.Close;
import dev.afk.core.Action.Escalate;
import dev.afk.core.Action.FixForward;
import dev.afk.core.Action.Interrupt;
import dev.afk.core.Action.RefreshChecklist;
import dev.afk.core.Action.Release;
import dev.afk.core.Action.Wait;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunStateMachineTest {

    private static final EscalationReason AGENT_FAILED = EscalationReason.AGENT_FAILED;
    private static final EscalationReason CI_EXHAUSTED = EscalationReason.CI_EXHAUSTED;

    /** One table row: the fix-forward budget, the snapshot, and what must come out. */
    record Row(int budget, RunState state, RunFixturesExpect expect) {}

    private static Arguments row(String rule, RunState state, RunFixturesExpect expect) {
        return row(rule, BUDGET, state, expect);
    }

    private static Arguments row(String rule, int budget, RunState state, RunFixturesExpect expect) {
        return Arguments.of(Named.of(rule, new Row(budget, state, expect)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ladder")
    void theFirstMatchingRungDecides(Row row) {
        Decision d = new RunStateMachine(LABELS, row.budget(), STALL).next(row.state());
        row.expect().verify(d);
    }

    static Stream<Arguments> ladder() {
        return Stream.of(humanAndClosed(), notOurs(), endedRecords(), progress(), missingThread(), health(),
                checks(), stall()).flatMap(s -> s);
    }

    static Stream<Arguments> humanAndClosed() {
        RunRecord deployable = at(Phase.CI_GREEN, 20);
        RunRecord ended = at(Phase.DEPLOYED, 20).ended("closed");
        return Stream.of(
                row("human label releases the run and ends the record as released",
                        state().issue(issue(LABELS.inProgress(), LABELS.human())).build(),
                        expect(Interrupt.class).endedAs("released").stopRequested(1)),
                row("human label beats a deployed run",
                        state().issue(issue(LABELS.inProgress(), LABELS.human())).record(deployable)
                                .thread(finished(pushed(SHA1, 5))).confirmed()
                                .ci(CiVerdict.SUCCESS).deploy(deployed()).atMinute(30).build(),
                        expect(Release.class).endedAs("released").phase(Phase.CI_GREEN)),
                row("human label beats a failed thread",
                        state().issue(issue(LABELS.human())).thread(failed("boom", List.of())).build(),
                        expect(Release.class).endedAs("released")),
                row("human label next to an ended hand-off is the hand-off's own: finish it, record unchanged",
                        state().issue(issue(LABELS.inProgress(), LABELS.human()))
                                .record(at(Phase.GREEN, 20).ended("AGENT_FAILED")).build(),
                        escalate(AGENT_FAILED).evidenceContains("finishing").unchanged(at(Phase.GREEN, 20)
                                .ended("AGENT_FAILED"))),
                row("human label on an ended close still finishes the close",
                        state().issue(issue(LABELS.inProgress(), LABELS.human())).record(ended).build(),
                        expect(Close.class).unchanged(ended)),
                row("human label without an AFK record releases with no record to write",
                        state().issue(issue(LABELS.human())).record(null).build(),
                        expect(Release.class).noRecord()),
                row("issue closed mid-run releases the run",
                        state().issue(issue(false, LABELS.inProgress())).build(),
                        expect(Interrupt.class).endedAs("released").stopRequested(1)),
                row("closed issue is released even when CI and deploy are green",
                        state().issue(issue(false, LABELS.inProgress())).record(deployable)
                                .thread(finished(pushed(SHA1, 5))).confirmed()
                                .ci(CiVerdict.SUCCESS).deploy(deployed()).build(),
                        expect(Release.class).endedAs("released")),
                row("closed issue with red CI is released, not fixed forward",
                        state().issue(issue(false, LABELS.inProgress())).record(at(Phase.PUSHED, 5))
                                .thread(running(pushed(SHA1, 5))).confirmed().ci(ciRed(check("build", "x")))
                                .build(),
                        expect(Interrupt.class).endedAs("released").stopRequested(1)));
    }

    static Stream<Arguments> notOurs() {
        return Stream.of(
                row("in-progress without an AFK record is not AFK's run: wait, write nothing",
                        state().record(null).build(),
                        expect(Wait.class).noRecord()));
    }

    static Stream<Arguments> endedRecords() {
        RunRecord closed = at(Phase.DEPLOYED, 20).ended("closed");
        RunRecord agentFailed = at(Phase.GREEN, 20).ended("AGENT_FAILED");
        RunRecord exhausted = fixForward(2, 40, SHA1).ended("CI_EXHAUSTED");
        RunRecord released = at(Phase.GREEN, 20).ended("released");
        return Stream.of(
                row("ended closed record resumes the close",
                        state().record(closed).build(), expect(Close.class).unchanged(closed)),
                row("ended AGENT_FAILED record resumes the hand-off",
                        state().record(agentFailed).build(),
                        escalate(AGENT_FAILED).evidenceContains("finishing").unchanged(agentFailed)),
                row("ended CI_EXHAUSTED record resumes the hand-off",
                        state().record(exhausted).build(),
                        escalate(CI_EXHAUSTED).evidenceContains("finishing").unchanged(exhausted)),
                row("ended released record still carrying the lock drops it, record unchanged",
                        state().record(released).build(), expect(Release.class).unchanged(released)),
                row("closed issue with an ended hand-off only loses the lock: nobody is handed a closed issue",
                        state().issue(issue(false, LABELS.inProgress())).record(agentFailed).build(),
                        expect(Release.class).unchanged(agentFailed)),
                row("closed issue with an ended close finishes the close (labels), record unchanged",
                        state().issue(issue(false, LABELS.inProgress())).record(closed).build(),
                        expect(Close.class).unchanged(closed)),
                row("an unreadable record is handed back loudly, never driven",
                        state().record(at(Phase.PUSHED, 5)).thread(finished(pushed(SHA1, 5))).confirmed()
                                .ci(CiVerdict.SUCCESS).deploy(deployed()).unreadable().build(),
                        escalate(EscalationReason.RECORD_UNREADABLE).evidenceContains("could not be read")
                                .endedAs("RECORD_UNREADABLE")),
                row("an unreadable record on an issue a person took over is released",
                        state().issue(issue(LABELS.inProgress(), LABELS.human())).record(at(Phase.PUSHED, 5))
                                .unreadable().build(),
                        expect(Interrupt.class).endedAs("released").stopRequested(1)),
                row("ended record is resumed even when the thread now looks failed",
                        state().record(closed).thread(failed("late", List.of())).build(),
                        expect(Close.class).unchanged(closed)));
    }

    static Stream<Arguments> progress() {
        return Stream.of(
                row("tests-red report raises the phase and counts as progress",
                        state().thread(running(report(Phase.TESTS_RED, 3))).build(),
                        expect(RefreshChecklist.class).phase(Phase.TESTS_RED).progressAt(min(10)).open()),
                row("green report raises the phase past tests-red",
                        state().thread(running(report(Phase.TESTS_RED, 3), report(Phase.GREEN, 6))).build(),
                        expect(RefreshChecklist.class).phase(Phase.GREEN)),
                row("a report from before this attempt was dispatched is ignored",
                        state().thread(running(new PhaseReport(Phase.GREEN, null, T0.minusSeconds(60)))).build(),
                        expect(Wait.class).phase(Phase.DISPATCHED).unchanged(dispatched())),
                row("unconfirmed push does not advance past green",
                        state().record(at(Phase.GREEN, 6)).thread(running(pushed(SHA1, 8))).build(),
                        expect(Wait.class).phase(Phase.GREEN).sha(null)),
                row("confirmed push raises to pushed and records the sha",
                        state().record(at(Phase.GREEN, 6)).thread(running(pushed(SHA1, 8))).confirmed().build(),
                        expect(RefreshChecklist.class).phase(Phase.PUSHED).sha(SHA1).progressAt(min(10))),
                row("the latest pushed report by time is the pushed sha, whatever the list order",
                        state().record(at(Phase.GREEN, 6)).thread(running(pushed(SHA2, 9), pushed(SHA1, 8)))
                                .confirmed().build(),
                        expect(RefreshChecklist.class).sha(SHA2)),
                row("pushes reported at the same moment: the one listed first is the pushed sha",
                        state().record(at(Phase.GREEN, 6)).thread(running(pushed(SHA1, 8), pushed(SHA2, 8)))
                                .confirmed().build(),
                        expect(RefreshChecklist.class).sha(SHA1)),
                row("a pushed report without a sha is not a push",
                        state().record(at(Phase.GREEN, 6)).thread(running(pushed(null, 8))).confirmed().build(),
                        expect(Wait.class).phase(Phase.GREEN)),
                row("phases never go backwards",
                        state().record(at(Phase.CI_GREEN, 6)).thread(running(report(Phase.TESTS_RED, 8))).build(),
                        expect(Wait.class).phase(Phase.CI_GREEN)),
                row("the agent cannot claim deployed",
                        state().thread(running(report(Phase.DEPLOYED, 3))).build(),
                        expect(Wait.class).phase(Phase.DISPATCHED)));
    }

    static Stream<Arguments> missingThread() {
        return Stream.of(
                row("thread not listed on T3 waits within the stall timeout",
                        state().noThread().atMinute(90).build(), expect(Wait.class).open()),
                row("thread not listed on T3 past the stall timeout escalates AGENT_FAILED",
                        state().noThread().atMinute(91).build(),
                        escalate(AGENT_FAILED).evidenceContains("not found on T3").endedAs("AGENT_FAILED")));
    }

    static Stream<Arguments> health() {
        RunRecord ff1 = fixForward(1, 30, SHA1);
        return Stream.of(
                row("failed thread escalates AGENT_FAILED quoting lastError and the error activities",
                        state().record(at(Phase.GREEN, 6))
                                .thread(failed("Claude runtime stream failed.", List.of("provider crashed"))).build(),
                        escalate(AGENT_FAILED).evidenceContains("Claude runtime stream failed.", "provider crashed")
                                .endedAs("AGENT_FAILED").phase(Phase.GREEN)),
                row("session stopped with lastError and no turn yet escalates AGENT_FAILED",
                        state().thread(new ThreadView(RunFixtures.THREAD, "stopped", null, null, null,
                                "Claude runtime stream failed.", T0, List.of(), List.of())).build(),
                        escalate(AGENT_FAILED).evidenceContains("Claude runtime stream failed.")
                                .endedAs("AGENT_FAILED")),
                row("failed thread without error text still escalates with a readable evidence",
                        state().thread(failed(null, List.of())).build(),
                        escalate(AGENT_FAILED).evidenceContains("no error text")),
                row("turn interrupted with no error escalates AGENT_FAILED",
                        state().thread(thread("interrupted", "interrupted", T0)).build(),
                        escalate(AGENT_FAILED).evidenceContains("interrupted").endedAs("AGENT_FAILED")),
                row("turn finished without a push escalates AGENT_FAILED",
                        state().record(at(Phase.GREEN, 6)).thread(finished(report(Phase.GREEN, 6))).build(),
                        escalate(AGENT_FAILED).evidenceContains("without a push").phase(Phase.GREEN)),
                row("turn finished with its push not yet confirmed waits for the tracker",
                        state().record(at(Phase.GREEN, 6)).thread(finished(pushed(SHA1, 8))).build(),
                        expect(Wait.class).open().phase(Phase.GREEN)),
                row("turn finished with an unconfirmed push still stalls",
                        state().record(at(Phase.GREEN, 6)).thread(finished(pushed(SHA1, 8))).atMinute(97).build(),
                        escalate(AGENT_FAILED).evidenceContains("no progress")),
                row("turn finished with a confirmed push and pending CI keeps going",
                        state().record(at(Phase.PUSHED, 8)).thread(finished(pushed(SHA1, 8))).confirmed()
                                .ci(ciPending()).build(),
                        expect(Wait.class).open().phase(Phase.PUSHED)),
                row("fix-forward turn is not judged by the previous turn's error",
                        state().record(ff1)
                                .thread(new ThreadView(RunFixtures.THREAD, "error", "turn-1", "error", T0, "old boom",
                                        T0, List.of(pushed(SHA1, 5)), List.of("old boom")))
                                .confirmed().ci(ciRed(check("build", "red"))).atMinute(35).build(),
                        expect(Wait.class).open().unchanged(ff1)),
                row("fix-forward turn is not judged by the previous turn's completion",
                        state().record(ff1).thread(finished(pushed(SHA1, 5))).confirmed().atMinute(35).build(),
                        expect(Wait.class).open()),
                row("fix-forward turn that fails on its own turn escalates",
                        state().record(ff1)
                                .thread(new ThreadView(RunFixtures.THREAD, "error", "turn-2", "error", min(30),
                                        "new boom", min(31), List.of(pushed(SHA1, 5)), List.of()))
                                .atMinute(35).build(),
                        escalate(AGENT_FAILED).evidenceContains("new boom")),
                row("fix-forward turn that finishes without a new push escalates AGENT_FAILED",
                        state().record(ff1).thread(thread("ready", "completed", min(30), pushed(SHA1, 5)))
                                .confirmed().ci(ciRed(check("build", "red"))).atMinute(40).build(),
                        escalate(AGENT_FAILED).evidenceContains("without a push")),
                row("fix-forward turn that finishes with its new push unconfirmed waits",
                        state().record(ff1).thread(thread("ready", "completed", min(30), pushed(SHA1, 5),
                                pushed(SHA2, 38))).ci(ciRed(check("build", "red"))).atMinute(40).build(),
                        expect(Wait.class).open().sha(SHA1)));
    }

    static Stream<Arguments> checks() {
        RunRecord pushed = at(Phase.PUSHED, 8);
        // The turn has settled: a corrective turn never goes into a running one (RunStateMachineTurnSettlesTest).
        ThreadView pushing = finished(pushed(SHA1, 8));
        return Stream.of(
                row("CI red on the first turn fixes forward round 1 with the failing contexts",
                        state().record(pushed).thread(pushing).confirmed()
                                .ci(ciRed(check("build", "compile error"), check("lint", "style"))).build(),
                        fixForward(1).contexts("build", "lint").open()
                                .and(d -> assertThat(d.next().turnAt()).isEqualTo(min(10)))
                                .progressAt(min(10))),
                row("CI red on round 1's own push fixes forward round 2",
                        state().record(fixForward(1, 30, SHA1))
                                .thread(thread("ready", "completed", min(30), pushed(SHA1, 5), pushed(SHA2, 38)))
                                .confirmed().ci(ciRed(check("test", "2 failures"))).atMinute(45).build(),
                        fixForward(2).contexts("test").sha(SHA2)),
                row("CI red after the last fix-forward round escalates CI_EXHAUSTED listing the contexts",
                        state().record(fixForward(2, 50, SHA2))
                                .thread(thread("ready", "completed", min(50), pushed(SHA2, 38), pushed(SHA1, 58)))
                                .confirmed().ci(ciRed(check("test", "still failing"), check("lint", "tabs")))
                                .atMinute(60).build(),
                        escalate(CI_EXHAUSTED).evidenceContains("test (failure: still failing)", "lint", SHA1)
                                .endedAs("CI_EXHAUSTED")),
                row("a budget of zero escalates CI_EXHAUSTED on the first red",
                        0, state().record(pushed).thread(pushing).confirmed().ci(ciRed(check("build", "x"))).build(),
                        escalate(CI_EXHAUSTED).evidenceContains("build")),
                row("red CI on the old sha while the fix-forward turn works is not judged",
                        state().record(fixForward(1, 30, SHA1))
                                .thread(thread("running", "running", min(30), pushed(SHA1, 5))).confirmed()
                                .ci(ciRed(check("build", "x"))).atMinute(40).build(),
                        expect(Wait.class).open()),
                row("deploy red after green CI fixes forward with the deploy evidence",
                        state().record(pushed).thread(pushing).confirmed().ci(CiVerdict.SUCCESS)
                                .deploy(deployRed()).build(),
                        fixForward(1).contexts("deploy").phase(Phase.CI_GREEN)),
                row("CI and deploy both red fix forward with both",
                        state().record(pushed).thread(pushing).confirmed().ci(ciRed(check("build", "x")))
                                .deploy(deployRed()).build(),
                        fixForward(1).contexts("build", "deploy")),
                row("CI red without a named context still carries evidence",
                        state().record(pushed).thread(pushing).confirmed()
                                .ci(new CiVerdict(CiVerdict.State.FAILURE, List.of())).build(),
                        fixForward(1).contexts("ci")),
                row("CI green raises the phase to ci-green",
                        state().record(pushed).thread(pushing).confirmed().ci(CiVerdict.SUCCESS).build(),
                        expect(RefreshChecklist.class).phase(Phase.CI_GREEN).open()),
                row("CI green and deployed closes the issue",
                        state().record(pushed).thread(finished(pushed(SHA1, 8))).confirmed()
                                .ci(CiVerdict.SUCCESS).deploy(deployed()).build(),
                        expect(Close.class).phase(Phase.DEPLOYED).endedAs("closed").sha(SHA1)),
                row("deployed while CI is still pending does not close",
                        state().record(pushed).thread(pushing).confirmed().ci(ciPending()).deploy(deployed()).build(),
                        expect(Wait.class).open()),
                row("green CI without a confirmed sha does not close",
                        state().record(at(Phase.GREEN, 6)).thread(running(pushed(SHA1, 8)))
                                .ci(CiVerdict.SUCCESS).deploy(deployed()).build(),
                        expect(Wait.class).open().phase(Phase.GREEN)));
    }

    static Stream<Arguments> stall() {
        return Stream.of(
                row("no progress beyond the stall timeout escalates AGENT_FAILED",
                        state().record(at(Phase.GREEN, 0)).thread(running(report(Phase.GREEN, 0))).atMinute(91)
                                .build(),
                        expect(Interrupt.class).endedAs("AGENT_FAILED").stopRequested(1)
                                .and(d -> assertThat(d.next().evidence()).contains("no progress for 91 minutes"))),
                row("exactly the stall timeout still waits",
                        state().record(at(Phase.GREEN, 0)).thread(running(report(Phase.GREEN, 0))).atMinute(90)
                                .build(),
                        expect(Wait.class).open()),
                row("progress seen on this tick resets the stall clock",
                        state().record(at(Phase.TESTS_RED, 0)).thread(running(report(Phase.GREEN, 150)))
                                .atMinute(200).build(),
                        expect(RefreshChecklist.class).phase(Phase.GREEN).progressAt(min(200))),
                row("stall applies while pushed and waiting for CI",
                        state().record(at(Phase.PUSHED, 8)).thread(finished(pushed(SHA1, 8))).confirmed()
                                .ci(ciPending()).atMinute(99).build(),
                        escalate(AGENT_FAILED).evidenceContains("no progress").endedAs("AGENT_FAILED")));
    }

    @Test
    void aHappyRunWalksEveryPhaseToClose() {
        RunStateMachine m = RunFixtures.machine();
        RunRecord r = dispatched();

        Decision d = m.next(state().record(r).thread(thread(null, null, null)).atMinute(1).build());
        assertThat(d.action()).isInstanceOf(Wait.class);
        r = d.next();

        d = m.next(state().record(r).thread(running(report(Phase.TESTS_RED, 3))).atMinute(4).build());
        assertThat(d.action()).isInstanceOf(RefreshChecklist.class);
        assertThat(d.next().phase()).isEqualTo(Phase.TESTS_RED);
        r = d.next();

        d = m.next(state().record(r).thread(running(report(Phase.TESTS_RED, 3), report(Phase.GREEN, 7)))
                .atMinute(8).build());
        assertThat(d.next().phase()).isEqualTo(Phase.GREEN);
        r = d.next();

        ThreadView done = finished(report(Phase.TESTS_RED, 3), report(Phase.GREEN, 7), pushed(SHA1, 9));
        d = m.next(state().record(r).thread(done).atMinute(10).build());
        assertThat(d.action()).as("unconfirmed push waits").isInstanceOf(Wait.class);
        assertThat(d.next().phase()).isEqualTo(Phase.GREEN);
        r = d.next();

        d = m.next(state().record(r).thread(done).confirmed().ci(ciPending()).atMinute(11).build());
        assertThat(d.action()).isInstanceOf(RefreshChecklist.class);
        assertThat(d.next().phase()).isEqualTo(Phase.PUSHED);
        assertThat(d.next().sha()).isEqualTo(SHA1);
        r = d.next();

        d = m.next(state().record(r).thread(done).confirmed().ci(CiVerdict.SUCCESS).atMinute(20).build());
        assertThat(d.action()).isInstanceOf(RefreshChecklist.class);
        assertThat(d.next().phase()).isEqualTo(Phase.CI_GREEN);
        r = d.next();

        d = m.next(state().record(r).thread(done).confirmed().ci(CiVerdict.SUCCESS).deploy(deployed())
                .atMinute(30).build());
        assertThat(d.action()).isInstanceOf(Close.class);
        assertThat(d.next().phase()).isEqualTo(Phase.DEPLOYED);
        assertThat(d.next().endReason()).isEqualTo("closed");
        r = d.next();

        // The close was interrupted before the labels were written: the next tick closes again.
        d = m.next(state().record(r).thread(done).atMinute(31).build());
        assertThat(d.action()).isInstanceOf(Close.class);
        assertThat(d.next()).isEqualTo(r);
    }

    @Test
    void redCiSpendsTheFixForwardBudgetOneRoundAtATimeThenEscalates() {
        RunStateMachine m = RunFixtures.machine();
        RunRecord r = at(Phase.PUSHED, 8);
        CiVerdict red = ciRed(check("build", "compile error"));

        Decision d = m.next(state().record(r).thread(finished(pushed(SHA1, 8))).confirmed().ci(red)
                .atMinute(10).build());
        assertThat(d.action()).isEqualTo(new FixForward(1, red.evidence()));
        assertThat(d.next().ciFingerprint()).as("the failure round 1 fixes, in the marker")
                .isEqualTo(CiFingerprint.of(red.evidence()));
        r = d.next();

        // Round 1 is working; the red on SHA1 belongs to the commit it is fixing.
        ThreadView round1 = thread("running", "running", min(10), pushed(SHA1, 8));
        d = m.next(state().record(r).thread(round1).confirmed().ci(red).atMinute(15).build());
        assertThat(d.action()).isInstanceOf(Wait.class);

        // Round 1's commit fails differently: the agent moved the failure, so round 2 is spent.
        CiVerdict red2 = ciRed(check("build", "2 tests failed"));
        ThreadView round1Pushed = thread("ready", "completed", min(10), pushed(SHA1, 8), pushed(SHA2, 20));
        d = m.next(state().record(r).thread(round1Pushed).confirmed().ci(red2).atMinute(21).build());
        assertThat(d.action()).isEqualTo(new FixForward(2, red2.evidence()));
        assertThat(d.next().sha()).isEqualTo(SHA2);
        r = d.next();

        CiVerdict red3 = ciRed(check("test", "still failing"));
        ThreadView round2Pushed = thread("ready", "completed", min(21), pushed(SHA2, 20),
                pushed(RunFixtures.SHA3, 30));
        d = m.next(state().record(r).thread(round2Pushed).confirmed().ci(red3).atMinute(31).build());
        assertThat(d.action()).isInstanceOf(Escalate.class);
        assertThat(((Escalate) d.action()).reason()).isEqualTo(CI_EXHAUSTED);
        assertThat(((Escalate) d.action()).evidence()).contains("test (failure: still failing)");
        assertThat(d.next().fixForward()).isEqualTo(2);
        assertThat(d.next().endReason()).isEqualTo("CI_EXHAUSTED");
    }
}
