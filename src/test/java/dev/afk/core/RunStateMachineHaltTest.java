package dev.afk.core;

import static dev.afk.core.RunFixtures.LABELS;
import static dev.afk.core.RunFixtures.STALL;
import static dev.afk.core.RunFixtures.at;
import static dev.afk.core.RunFixtures.ciRed;
import static dev.afk.core.RunFixtures.check;
import static dev.afk.core.RunFixtures.deployed;
import static dev.afk.core.RunFixtures.finished;
import static dev.afk.core.RunFixtures.issue;
import static dev.afk.core.RunFixtures.min;
import static dev.afk.core.RunFixtures.pushed;
import static dev.afk.core.RunFixtures.report;
import static dev.afk.core.RunFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Action.Close;
import dev.afk.core.Action.Escalate;
import dev.afk.core.Action.Interrupt;
import dev.afk.core.Action.Wait;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The halt rung of {@link RunStateMachine} (issue 11 item 2), one row each: while {@code AFK_KILL_SWITCH_FILE} says
 * {@code halt}, an open run is ended as {@link EscalationReason#HALTED} whatever its progress, its agent is stopped
 * (the stop of issue 9) and it is handed back; the rungs that outrank it (an ended attempt, a person's takeover, a
 * run AFK never recorded, a person's {@code /afk stop}) are unchanged.
 */
class RunStateMachineHaltTest {

    static final Duration CONFIRM = Duration.ofSeconds(60);

    record Row(RunState state, Class<? extends Action> kind, Consumer<Decision> check) {}

    static RunStateMachine machine() {
        return new RunStateMachine(LABELS, RunFixtures.BUDGET, STALL, CONFIRM);
    }

    static Arguments row(String rule, RunState state, Class<? extends Action> kind, Consumer<Decision> check) {
        return Arguments.of(Named.of(rule, new Row(state, kind, check)));
    }

    static RunState halted(RunState s) {
        return s.withHalted(true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachHaltRow(Row row) {
        Decision d = machine().next(row.state());
        assertThat(d.action()).isInstanceOf(row.kind());
        row.check().accept(d);
    }

    static Stream<Arguments> rows() {
        RunRecord green = at(Phase.GREEN, 20);
        RunRecord pushedRecord = at(Phase.PUSHED, 20);
        return Stream.of(
                row("a running agent is interrupted and its record ends as HALTED, the stop requested",
                        halted(RunFixtures.state().record(green).thread(running(report(Phase.GREEN, 20)))
                                .atMinute(25).build()),
                        Interrupt.class, d -> {
                            assertThat(((Interrupt) d.action()).round()).isEqualTo(1);
                            assertThat(d.next().endReason()).isEqualTo("HALTED");
                            assertThat(d.next().evidence()).isEqualTo("the operator halted AFK "
                                    + "(AFK_KILL_SWITCH_FILE says halt) at phase green on thread "
                                    + RunFixtures.THREAD);
                            assertThat(d.next().stop()).isEqualTo(RunRecord.Stop.interrupted(min(25)));
                        }),
                row("a settled thread has nothing to stop: the hand-off goes out at once",
                        halted(RunFixtures.state().record(green).thread(finished()).atMinute(25).build()),
                        Escalate.class, d -> {
                            assertThat(((Escalate) d.action()).reason()).isEqualTo(EscalationReason.HALTED);
                            assertThat(((Escalate) d.action()).evidence()).startsWith(
                                    RunStateMachine.HALTED_EVIDENCE);
                            assertThat(d.next().stop().pending()).isFalse();
                        }),
                row("a thread T3 does not list is handed back at once, not waited for",
                        halted(RunFixtures.state().record(green).noThread().atMinute(25).build()),
                        Escalate.class, d -> assertThat(((Escalate) d.action()).reason())
                                .isEqualTo(EscalationReason.HALTED)),
                row("deployed green is not closed under halt: it is handed back",
                        halted(RunFixtures.state().record(pushedRecord).thread(finished(pushed(RunFixtures.SHA1, 15)))
                                .confirmed().ci(CiVerdict.SUCCESS).deploy(deployed()).atMinute(25).build()),
                        Escalate.class, d -> {
                            assertThat(d.next().endReason()).isEqualTo("HALTED");
                            assertThat(d.next().phase()).as("the phase recorded, not raised").isEqualTo(Phase.PUSHED);
                        }),
                row("red CI with budget left is not fixed forward under halt",
                        halted(RunFixtures.state().record(pushedRecord).thread(finished(pushed(RunFixtures.SHA1, 15)))
                                .confirmed().ci(ciRed(check("ci/test", "2 failed"))).atMinute(25).build()),
                        Escalate.class, d -> assertThat(d.next().endReason()).isEqualTo("HALTED")),
                row("a person's ready-for-human still outranks halt: released, not handed back",
                        halted(RunFixtures.state().issue(issue(LABELS.inProgress(), LABELS.human())).record(green)
                                .atMinute(25).build()),
                        Interrupt.class, d -> assertThat(d.next().endReason()).isEqualTo("released")),
                row("in-progress without an AFK record is not AFK's run, halted or not",
                        halted(RunFixtures.state().record(null).atMinute(25).build()), Wait.class,
                        d -> assertThat(d.next()).isNull()),
                row("an ended attempt finishes its own end under halt (its reason is kept)",
                        halted(RunFixtures.state().record(green.ended("CI_EXHAUSTED").withEvidence("red")
                                .withStop(RunRecord.Stop.alreadySettled(min(20), min(20)))).atMinute(25).build()),
                        Escalate.class, d -> assertThat(((Escalate) d.action()).reason())
                                .isEqualTo(EscalationReason.CI_EXHAUSTED)),
                row("a person's /afk stop is named as such, not as a halt",
                        new RunState(RunFixtures.inProgress(), green, running(), false, CiVerdict.NONE,
                                DeployVerdict.NONE, min(25), false, null, StopAsk.stop("maintainer", 4), true),
                        Interrupt.class, d -> assertThat(d.next().endReason()).isEqualTo("STOPPED_BY_PERSON")));
    }

    @Test
    void theStopOfAHaltedRunIsConfirmedThenTheHandOffNamesTheHalt() {
        RunState first = halted(RunFixtures.state().record(at(Phase.GREEN, 20)).thread(running()).atMinute(25).build());
        Decision interrupt = machine().next(first);
        StopView settled = new StopView(true, "interrupted", min(25).plusSeconds(5), "ready");
        RunState second = new RunState(first.issue(), interrupt.next(), finished(), false, CiVerdict.NONE,
                DeployVerdict.NONE, min(25).plusSeconds(30), false, settled, StopAsk.NONE, true);

        Decision handOff = machine().next(second);

        assertThat(handOff.action()).isInstanceOf(Escalate.class);
        Escalate e = (Escalate) handOff.action();
        assertThat(e.reason()).isEqualTo(EscalationReason.HALTED);
        assertThat(e.evidence()).startsWith(RunStateMachine.HALTED_EVIDENCE);
        assertThat(handOff.next().stop().stoppedAt()).isEqualTo(min(25).plusSeconds(5));
        assertThat(handOff.action()).isNotInstanceOf(Close.class);
    }

    @Test
    void withoutTheHaltTheSameSnapshotsDecideAsBefore() {
        RunState s = RunFixtures.state().record(at(Phase.GREEN, 20)).thread(running(report(Phase.GREEN, 20)))
                .atMinute(25).build();
        assertThat(s.halted()).isFalse();
        assertThat(machine().next(s).action()).isInstanceOf(Wait.class);
        assertThat(machine().next(s.withHalted(false))).isEqualTo(machine().next(s));
    }
}
