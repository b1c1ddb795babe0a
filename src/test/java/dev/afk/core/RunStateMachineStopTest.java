package dev.afk.core;

import static dev.afk.core.RunFixtures.LABELS;
import static dev.afk.core.RunFixtures.STALL;
import static dev.afk.core.RunFixtures.THREAD;
import static dev.afk.core.RunFixtures.T0;
import static dev.afk.core.RunFixtures.at;
import static dev.afk.core.RunFixtures.failed;
import static dev.afk.core.RunFixtures.issue;
import static dev.afk.core.RunFixtures.min;
import static dev.afk.core.RunFixtures.report;
import static dev.afk.core.RunFixtures.running;
import static dev.afk.core.RunFixtures.thread;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Action.Close;
import dev.afk.core.Action.Escalate;
import dev.afk.core.Action.Interrupt;
import dev.afk.core.Action.Release;
import dev.afk.core.Action.StopSession;
import dev.afk.core.Action.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stop rungs of {@link RunStateMachine} (issue 9), one row each: the end requests the stop, the stop is
 * pending, confirmed, escalated to a session stop, declared failed; a stop by a person; the yield after a takeover;
 * the half-written hand-off next to AFK's own ready-for-human.
 */
class RunStateMachineStopTest {

    static final Duration CONFIRM = Duration.ofSeconds(60);
    static final Instant ENDED_AT = min(30);

    record Row(RunState state, Class<? extends Action> kind, Consumer<Decision> check) {}

    static RunStateMachine machine() {
        return new RunStateMachine(LABELS, RunFixtures.BUDGET, STALL, CONFIRM);
    }

    static Arguments row(String rule, RunState state, Class<? extends Action> kind, Consumer<Decision> check) {
        return Arguments.of(Named.of(rule, new Row(state, kind, check)));
    }

    static RunState state(Issue issue, RunRecord record, ThreadView thread, Instant now, StopView stop,
                          StopAsk ask) {
        return new RunState(issue, record, thread, false, CiVerdict.NONE, DeployVerdict.NONE, now, false, stop, ask);
    }

    static RunRecord pending(String reason, RunRecord.Stop stop) {
        return at(Phase.GREEN, 20).ended(reason).withEvidence(reason.equals("released") ? null : "it failed")
                .withStop(stop);
    }

    static final RunRecord.Stop ROUND_1 = RunRecord.Stop.interrupted(ENDED_AT);
    static final StopView STILL_RUNNING = new StopView(false, "running", null, "running");
    static final StopView SETTLED = new StopView(true, "stopped", ENDED_AT.plusSeconds(1), "ready");

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachStopRung(Row row) {
        Decision d = machine().next(row.state());
        assertThat(d.action()).isInstanceOf(row.kind());
        row.check().accept(d);
    }

    static Stream<Arguments> rows() {
        Issue open = RunFixtures.inProgress();
        Issue takenOver = issue(LABELS.inProgress(), LABELS.human());
        RunRecord live = at(Phase.GREEN, 20);
        return Stream.of(
                row("a stall of a running agent ends the record with the stop requested and interrupts round 1",
                        state(open, live, running(report(Phase.GREEN, 20)), min(111), null, StopAsk.NONE),
                        Interrupt.class, d -> {
                            assertThat(((Interrupt) d.action()).round()).isEqualTo(1);
                            assertThat(d.next().endReason()).isEqualTo("AGENT_FAILED");
                            assertThat(d.next().evidence()).contains("no progress");
                            assertThat(d.next().stop()).isEqualTo(RunRecord.Stop.interrupted(min(111)));
                        }),
                row("a failed thread is already settled: the stop is confirmed at once and the hand-off goes on",
                        state(open, live, failed("boom", List.of()), min(25), null, StopAsk.NONE),
                        Escalate.class, d -> {
                            assertThat(d.next().stop().pending()).isFalse();
                            assertThat(d.next().stop().interrupts()).isZero();
                            assertThat(d.next().stop().stoppedAt()).isEqualTo(T0);
                        }),
                row("a thread T3 does not list has nothing to stop",
                        state(open, live, null, min(200), null, StopAsk.NONE), Escalate.class,
                        d -> assertThat(d.next().stop().stoppedAt()).isEqualTo(min(200))),
                row("a person's ready-for-human mid-turn: the one ended record, stop requested, no lock dropped yet",
                        state(takenOver, live, running(), min(25), null, StopAsk.NONE), Interrupt.class, d -> {
                            assertThat(d.next().endReason()).isEqualTo("released");
                            assertThat(d.next().stopPending()).isTrue();
                        }),
                row("a person closed the issue mid-run: the same",
                        state(issue(false, LABELS.inProgress()), live, running(), min(25), null, StopAsk.NONE),
                        Interrupt.class, d -> assertThat(d.next().endReason()).isEqualTo("released")),
                row("/afk stop by a user allowed to steer ends the run as STOPPED_BY_PERSON and stops the agent",
                        state(open, live, running(), min(25), null, StopAsk.stop("maintainer", 9)),
                        Interrupt.class, d -> {
                            assertThat(d.next().endReason()).isEqualTo("STOPPED_BY_PERSON");
                            assertThat(d.next().evidence()).contains("@maintainer", "/afk stop");
                        }),
                row("an ignored /afk stop changes nothing",
                        state(open, live, running(report(Phase.GREEN, 20)), min(25), null,
                                StopAsk.ignored("drive-by", 9, "not allowed to steer")),
                        Wait.class, d -> assertThat(d.next()).isEqualTo(live)),
                row("stop pending, still running within the bound: the second interrupt (a queued steer needs it)",
                        state(open, pending("AGENT_FAILED", ROUND_1), running(), ENDED_AT.plusSeconds(20),
                                STILL_RUNNING, StopAsk.NONE),
                        Interrupt.class, d -> {
                            assertThat(((Interrupt) d.action()).round()).isEqualTo(2);
                            assertThat(d.next().stop().interrupts()).isEqualTo(2);
                        }),
                row("stop pending after two interrupts within the bound: wait, write nothing",
                        state(open, pending("AGENT_FAILED", ROUND_1.withInterrupts(2)), running(),
                                ENDED_AT.plusSeconds(40), STILL_RUNNING, StopAsk.NONE),
                        Wait.class, d -> assertThat(d.next()).isEqualTo(pending("AGENT_FAILED",
                                ROUND_1.withInterrupts(2)))),
                row("stop pending past AFK_STOP_CONFIRM_SECONDS: thread.session.stop, recorded",
                        state(open, pending("AGENT_FAILED", ROUND_1), running(), ENDED_AT.plusSeconds(60),
                                STILL_RUNNING, StopAsk.NONE),
                        StopSession.class, d -> assertThat(d.next().stop().sessionStopAt())
                                .isEqualTo(ENDED_AT.plusSeconds(60))),
                row("session stop sent, within the second bound: wait",
                        state(open, pending("AGENT_FAILED", ROUND_1.withSessionStopAt(ENDED_AT.plusSeconds(60))),
                                running(), ENDED_AT.plusSeconds(100), STILL_RUNNING, StopAsk.NONE),
                        Wait.class, d -> assertThat(d.next().stopPending()).isTrue()),
                row("stop confirmed: the hand-off comes now, its record says when T3 settled",
                        state(takenOverByAfk(), pending("AGENT_FAILED", ROUND_1), running(), ENDED_AT.plusSeconds(5),
                                SETTLED, StopAsk.NONE),
                        Escalate.class, d -> {
                            assertThat(d.next().stop().stoppedAt()).isEqualTo(ENDED_AT.plusSeconds(1));
                            assertThat(((Escalate) d.action()).evidence()).isEqualTo("it failed");
                        }),
                row("could not stop: a bound after the session stop the hand-off says so first",
                        state(open, pending("CI_EXHAUSTED", ROUND_1.withSessionStopAt(ENDED_AT.plusSeconds(60))),
                                running(), ENDED_AT.plusSeconds(120), STILL_RUNNING, StopAsk.NONE),
                        Escalate.class, d -> {
                            assertThat(d.next().stop().couldNotStop()).isTrue();
                            assertThat(((Escalate) d.action()).evidence())
                                    .startsWith("the agent could not be stopped; stop it in T3").contains("it failed");
                        }),
                row("the thread vanished while the stop was pending: nothing left to stop",
                        state(open, pending("AGENT_FAILED", ROUND_1), null, ENDED_AT.plusSeconds(5), StopView.GONE,
                                StopAsk.NONE),
                        Escalate.class, d -> assertThat(d.next().stop().stoppedAt()).isEqualTo(ENDED_AT.plusSeconds(5))),
                row("yield: a released run's confirmed stop only drops AFK's lock, the record is not rewritten",
                        state(takenOver, pending("released", ROUND_1), running(), ENDED_AT.plusSeconds(5), SETTLED,
                                StopAsk.NONE),
                        Release.class, d -> assertThat(d.next()).isEqualTo(pending("released", ROUND_1))),
                row("yield: within the bound the second interrupt is re-sent without a record write",
                        state(takenOver, pending("released", ROUND_1), running(), ENDED_AT.plusSeconds(20),
                                STILL_RUNNING, StopAsk.NONE),
                        Interrupt.class, d -> assertThat(d.next()).isEqualTo(pending("released", ROUND_1))),
                row("yield: past the bound the session stop, still no record write",
                        state(takenOver, pending("released", ROUND_1), running(), ENDED_AT.plusSeconds(90),
                                STILL_RUNNING, StopAsk.NONE),
                        StopSession.class, d -> assertThat(d.next()).isEqualTo(pending("released", ROUND_1))),
                row("yield: past twice the bound, could not stop is the one write after the ended record",
                        state(takenOver, pending("released", ROUND_1), running(), ENDED_AT.plusSeconds(120),
                                STILL_RUNNING, StopAsk.NONE),
                        Release.class, d -> {
                            assertThat(d.next()).isEqualTo(pending("released", ROUND_1.failed()));
                            assertThat(((Release) d.action()).why()).contains("could not be stopped");
                        }),
                row("yield: a pushed report after the stop is not read; the released run is only released",
                        state(takenOver, pending("released", ROUND_1).withStop(ROUND_1.confirmedAt(ENDED_AT)),
                                running(RunFixtures.pushed(RunFixtures.SHA1, 31)), min(40), null, StopAsk.NONE),
                        Release.class, d -> assertThat(d.next().sha()).isNull()),
                row("half-written hand-off: AFK's own ready-for-human next to in-progress finishes the hand-off",
                        state(takenOverByAfk(), pending("AGENT_FAILED", ROUND_1.confirmedAt(ENDED_AT)).withBellRung(),
                                running(), min(45), null, StopAsk.NONE),
                        Escalate.class, d -> assertThat(((Escalate) d.action()).evidence()).contains("finishing")),
                row("a close of a still-running agent stops it first",
                        new RunState(open, at(Phase.CI_GREEN, 20), running(RunFixtures.pushed(RunFixtures.SHA1, 5)),
                                true, CiVerdict.SUCCESS, RunFixtures.deployed(), min(25)),
                        Interrupt.class, d -> assertThat(d.next().endReason()).isEqualTo("closed")),
                row("the close goes on once that stop is confirmed",
                        state(open, at(Phase.DEPLOYED, 20).ended("closed").withStop(ROUND_1), running(),
                                ENDED_AT.plusSeconds(5), SETTLED, StopAsk.NONE),
                        Close.class, d -> assertThat(d.next().stop().stoppedAt()).isNotNull()),
                row("a stopped run never closes: a pending stop of a hand-off with green checks still hands off",
                        new RunState(open, pending("AGENT_FAILED", ROUND_1), running(), true, CiVerdict.SUCCESS,
                                RunFixtures.deployed(), ENDED_AT.plusSeconds(5), false, SETTLED, StopAsk.NONE),
                        Escalate.class, d -> assertThat(d.next().endReason()).isEqualTo("AGENT_FAILED")));
    }

    /** The issue as AFK's own cut-short hand-off left it: its ready-for-human next to its lock. */
    static Issue takenOverByAfk() {
        return issue(LABELS.inProgress(), LABELS.human());
    }

    @Test
    void aStoppedTurnIsJudgedStoppedNotFinishedWithoutAPush() {
        ThreadView stopped = thread("ready", "completed", T0).withDetail(List.of(), List.of(), false);
        ThreadView answered = thread("ready", "completed", T0).withDetail(List.of(), List.of(), true);
        assertThat(stopped.health(Instant.MIN)).isEqualTo(ThreadHealth.STOPPED);
        assertThat(answered.health(Instant.MIN)).isEqualTo(ThreadHealth.FINISHED);
        Decision d = machine().next(state(RunFixtures.inProgress(), at(Phase.GREEN, 5), stopped, min(10), null,
                StopAsk.NONE));
        assertThat(d.action()).isInstanceOfSatisfying(Escalate.class,
                e -> assertThat(e.evidence()).contains("stopped").doesNotContain("without a push"));
        assertThat(THREAD).isEqualTo(stopped.threadId());
    }
}
