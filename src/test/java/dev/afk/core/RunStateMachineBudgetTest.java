package dev.afk.core;

import static dev.afk.core.RunFixtures.LABELS;
import static dev.afk.core.RunFixtures.SHA1;
import static dev.afk.core.RunFixtures.SHA2;
import static dev.afk.core.RunFixtures.STALL;
import static dev.afk.core.RunFixtures.T0;
import static dev.afk.core.RunFixtures.THREAD;
import static dev.afk.core.RunFixtures.check;
import static dev.afk.core.RunFixtures.ciRed;
import static dev.afk.core.RunFixtures.dispatched;
import static dev.afk.core.RunFixtures.finished;
import static dev.afk.core.RunFixtures.inProgress;
import static dev.afk.core.RunFixtures.min;
import static dev.afk.core.RunFixtures.pushed;
import static dev.afk.core.RunFixtures.running;
import static dev.afk.core.RunFixtures.state;
import static dev.afk.core.RunFixtures.thread;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Action.Escalate;
import dev.afk.core.Action.FixForward;
import dev.afk.core.Action.Interrupt;
import dev.afk.core.Action.RefreshChecklist;
import dev.afk.core.Action.Wait;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The budget rung of {@link RunStateMachine} (issue 10, item 3), one example each: a crossed limit stops the agent
 * and hands the issue back as {@link EscalationReason#BUDGET_EXHAUSTED} with every figure and the limit; a
 * fix-forward that would be turn {@code maxTurns + 1} is that end instead; T3's token figure is taken in only when it
 * grew.
 */
class RunStateMachineBudgetTest {

    static final Duration CONFIRM = Duration.ofSeconds(60);
    static final Budget BUDGET = new Budget(3, 10, 240, 1_000_000);

    static RunStateMachine machine() {
        return new RunStateMachine(LABELS, RunFixtures.BUDGET, STALL, CONFIRM, BUDGET);
    }

    static RunRecord.Tally tally(int turns, Long attemptTokens, Long earlierTokens) {
        return new RunRecord.Tally(turns, List.of(), List.of(), null, null, attemptTokens, earlierTokens, 0);
    }

    static ThreadView withTokens(ThreadView t, Long tokens) {
        return t.withTokens(tokens);
    }

    /** A record that made progress recently (no stall) at {@code minute}. */
    static RunRecord fresh(long minute, RunRecord.Tally t) {
        return dispatched().withPhase(Phase.GREEN, min(minute)).withTally(t);
    }

    @Test
    void minutesCrossedWhileTheAgentWorksInterruptItFirst() {
        Decision d = machine().next(state().record(fresh(235, tally(3, null, null))).thread(running())
                .atMinute(240).build());
        assertThat(d.action()).isInstanceOf(Interrupt.class);
        assertThat(((Interrupt) d.action()).round()).isEqualTo(1);
        assertThat(d.next().ended()).isTrue();
        assertThat(d.next().endReason()).isEqualTo("BUDGET_EXHAUSTED");
        assertThat(d.next().stopPending()).isTrue();
        assertThat(d.next().evidence()).isEqualTo("budget exhausted: minutes (AFK_RUN_MAX_MINUTES): the attempt has "
                + "run 240 of 240 minutes; budget: attempt 1/3 · turns 3/10 · 240/240 min · tokens: not reported; at "
                + "phase green on thread " + THREAD);
        assertThat(Budget.limitOf(d.next())).contains(Budget.Limit.MINUTES);
    }

    @Test
    void minuteTwoHundredThirtyNineStillRuns() {
        Decision d = machine().next(state().record(fresh(235, tally(3, null, null))).thread(running())
                .atMinute(239).build());
        assertThat(d.action()).isInstanceOf(Wait.class);
    }

    @Test
    void aCrossedLimitOnASettledThreadHandsBackAtOnceWithTheLimit() {
        ThreadView settled = thread("ready", "completed", T0, pushed(SHA1, 5));
        Decision d = machine().next(state().record(fresh(235, tally(3, null, null))).thread(settled)
                .atMinute(241).build());
        assertThat(d.action()).isInstanceOf(Escalate.class);
        Escalate e = (Escalate) d.action();
        assertThat(e.reason()).isEqualTo(EscalationReason.BUDGET_EXHAUSTED);
        assertThat(e.limit()).isEqualTo(Budget.Limit.MINUTES);
        assertThat(e.evidence()).startsWith("budget exhausted: minutes").contains("241/240 min");
        assertThat(d.next().stop().stoppedAt()).isNotNull();
    }

    @Test
    void theThreadsTokenFigureCrossesTheIssueLimitWithEarlierAttempts() {
        Decision d = machine().next(state().record(fresh(5, tally(2, 100L, 600_000L)))
                .thread(withTokens(running(), 400_000L)).atMinute(10).build());
        assertThat(d.action()).isInstanceOf(Interrupt.class);
        assertThat(d.next().endReason()).isEqualTo("BUDGET_EXHAUSTED");
        assertThat(d.next().tally().attemptTokens()).isEqualTo(400_000L);
        assertThat(d.next().evidence()).startsWith("budget exhausted: tokens (AFK_ISSUE_MAX_TOKENS): the issue has "
                + "used 1M of 1M tokens;");
    }

    @Test
    void aGrownTokenFigureIsRecordedAndAnUnchangedOneWaitsWithoutAWrite() {
        RunRecord r = fresh(5, tally(2, 100L, null));
        Decision grown = machine().next(state().record(r).thread(withTokens(running(), 5_000L)).atMinute(10).build());
        assertThat(grown.action()).isInstanceOf(RefreshChecklist.class);
        assertThat(grown.next()).isEqualTo(r.withTally(tally(2, 5_000L, null)));

        Decision same = machine().next(state().record(r).thread(withTokens(running(), 100L)).atMinute(10).build());
        assertThat(same.action()).isInstanceOf(Wait.class);
        assertThat(same.next()).isEqualTo(r);

        Decision lower = machine().next(state().record(r).thread(withTokens(running(), 50L)).atMinute(10).build());
        assertThat(lower.action()).isInstanceOf(Wait.class);
        assertThat(lower.next()).isEqualTo(r);

        Decision none = machine().next(state().record(r).thread(running()).atMinute(10).build());
        assertThat(none.action()).isInstanceOf(Wait.class);
        assertThat(none.next()).isEqualTo(r);
    }

    /** Fix-forward round 1 pushed SHA2 at minute 25 and settled; CI on SHA2 is red. */
    static RunState redAfterFixForward(int turns) {
        RunRecord r = RunFixtures.fixForward(1, 20, SHA1).withTally(tally(turns, null, null));
        return state().record(r).thread(thread("ready", "completed", min(20), pushed(SHA2, 25))).confirmed()
                .ci(ciRed(check("unit", "2 tests failed"))).atMinute(30).build();
    }

    @Test
    void aFixForwardThatWouldBeTheEleventhTurnIsABudgetEnd() {
        Decision d = machine().next(redAfterFixForward(10));
        assertThat(d.action()).isInstanceOf(Escalate.class);
        Escalate e = (Escalate) d.action();
        assertThat(e.reason()).isEqualTo(EscalationReason.BUDGET_EXHAUSTED);
        assertThat(e.limit()).isEqualTo(Budget.Limit.TURNS);
        assertThat(e.evidence()).startsWith("budget exhausted: turns (AFK_MAX_TURNS): the next turn would be turn 11 "
                + "of 10;");
        assertThat(d.next().sha()).isEqualTo(SHA2);
    }

    @Test
    void theTenthTurnIsStillSent() {
        Decision d = machine().next(redAfterFixForward(9));
        assertThat(d.action()).isInstanceOf(FixForward.class);
        assertThat(d.next().tally().turns()).isEqualTo(10);
    }

    @Test
    void aPersonsStopAndTheHaltOutrankTheBudget() {
        RunState over = state().record(fresh(235, tally(3, null, null))).thread(running()).atMinute(300).build();
        RunState asked = new RunState(over.issue(), over.record(), over.thread(), false, null, null, over.now(), false,
                null, StopAsk.stop("alice", 7));
        assertThat(machine().next(asked).next().endReason()).isEqualTo("STOPPED_BY_PERSON");
        assertThat(machine().next(over.withHalted(true)).next().endReason()).isEqualTo("HALTED");
    }

    @Test
    void theHandOffAfterTheStopKeepsItsLimit() {
        Decision first = machine().next(state().record(fresh(5, tally(2, null, null)))
                .thread(withTokens(running(), 2_000_000L)).atMinute(10).build());
        RunRecord ended = first.next();
        RunState later = new RunState(inProgress(), ended, running(), false, null, null, min(11), false,
                new StopView(true, "stopped", min(10).plusSeconds(20), "ready"), StopAsk.NONE);
        Decision d = machine().next(later);
        assertThat(d.action()).isInstanceOf(Escalate.class);
        assertThat(((Escalate) d.action()).limit()).isEqualTo(Budget.Limit.TOKENS);
        assertThat(((Escalate) d.action()).reason()).isEqualTo(EscalationReason.BUDGET_EXHAUSTED);

        // A hand-off a failure cut short is resumed with its limit too.
        RunRecord stopped = d.next();
        Decision resumed = machine().next(new RunState(inProgress(), stopped, null, false, null, null, min(12)));
        assertThat(((Escalate) resumed.action()).limit()).isEqualTo(Budget.Limit.TOKENS);
    }

    @Test
    void theOldConstructorsEnforceTheDefaultBudget() {
        RunStateMachine m = new RunStateMachine(LABELS, RunFixtures.BUDGET, STALL);
        assertThat(m.budget()).isEqualTo(Budget.DEFAULT);
        Decision d = m.next(state().record(fresh(235, tally(1, null, null))).thread(running()).atMinute(240).build());
        assertThat(d.next().endReason()).isEqualTo("BUDGET_EXHAUSTED");
    }

    @Test
    void anOtherEscalationCarriesNoLimit() {
        Decision d = machine().next(state().record(fresh(5, tally(1, null, null)))
                .thread(RunFixtures.failed("boom", List.of())).atMinute(10).build());
        assertThat(((Escalate) d.action()).limit()).isNull();
        assertThat(finished().settled()).isTrue();
    }
}
