package dev.afk.core;

import static dev.afk.core.RunFixtures.LABELS;
import static dev.afk.core.RunFixtures.STALL;
import static dev.afk.core.RunFixtures.T0;
import static dev.afk.core.RunFixtures.THREAD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Action.Escalate;
import dev.afk.core.Action.Interrupt;
import dev.afk.core.RunFixturesArbitraries.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the budget (issue 10, "Must show"): totals never decrease across attempts, crossing any limit always
 * yields a stop and a hand-off, a refused admission never dispatches, and each {@code /afk budget +1} allows exactly
 * one more attempt.
 */
class BudgetProperties {

    static final Duration CONFIRM = Duration.ofSeconds(60);

    @Provide
    Arbitrary<Budget> budgets() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 12),
                Arbitraries.integers().between(0, 300), Arbitraries.longs().between(0, 3_000_000))
                .as(Budget::new);
    }

    @Provide
    Arbitrary<Long> reports() {
        return Arbitraries.longs().between(0, 4_000_000).injectNull(0.3);
    }

    @Provide
    Arbitrary<List<Long>> reportLists() {
        return reports().list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<RunRecord.Tally> tallies() {
        return Combinators.combine(Arbitraries.integers().between(1, 14),
                Arbitraries.longs().between(0, 2_000_000).injectNull(0.3),
                Arbitraries.longs().between(0, 2_000_000).injectNull(0.3), Arbitraries.integers().between(0, 3))
                .as((turns, attempt, earlier, granted) -> new RunRecord.Tally(turns, List.of(), List.of(), null, null,
                        attempt, earlier, granted));
    }

    private static long orZero(Long n) {
        return n == null ? 0 : n;
    }

    // --- totals never decrease ---------------------------------------------------------------------------------------

    @Property(tries = 500)
    void theTokenUpdateIsMonotone(@ForAll("tallies") RunRecord.Tally t, @ForAll("reportLists") List<Long> reports) {
        RunRecord.Tally current = t;
        for (Long r : reports) {
            RunRecord.Tally next = Budget.withReportedTokens(current, r);
            assertThat(orZero(next.attemptTokens())).isGreaterThanOrEqualTo(orZero(current.attemptTokens()));
            assertThat(orZero(next.issueTokens())).isGreaterThanOrEqualTo(orZero(current.issueTokens()));
            if (r != null) {
                assertThat(orZero(next.attemptTokens())).isGreaterThanOrEqualTo(r);
            }
            assertThat(next.turns()).isEqualTo(current.turns());
            assertThat(next.granted()).isEqualTo(current.granted());
            assertThat(next.earlierTokens()).isEqualTo(current.earlierTokens());
            current = next;
        }
    }

    /** A chain of attempts, each reporting tokens and receiving grants: the issue totals only ever grow. */
    @Property(tries = 500)
    void issueTotalsNeverDecreaseAcrossAttempts(@ForAll("reportLists") List<Long> perAttempt,
            @ForAll @IntRange(min = 0, max = 2) int grantsEach) {
        Budget open = new Budget(0, 10, 240, 0);
        RunRecord previous = null;
        long total = 0;
        int granted = 0;
        for (Long reported : perAttempt) {
            Budget.Admission a = open.admit(previous, previous == null ? 0 : grantsEach, "h");
            assertThat(a.admitted()).isTrue();
            assertThat(orZero(a.tally().issueTokens())).as("carried forward").isEqualTo(total);
            assertThat(a.tally().granted()).isGreaterThanOrEqualTo(granted);
            assertThat(a.tally().turns()).isEqualTo(1);
            assertThat(a.tally().attemptTokens()).isNull();
            RunRecord r = RunRecord.dispatched(a.attempt(), THREAD, T0).withTally(a.tally());
            r = Budget.withReportedTokens(r, reported);
            assertThat(orZero(r.tally().issueTokens())).isGreaterThanOrEqualTo(total);
            total = orZero(r.tally().issueTokens());
            granted = r.tally().granted();
            previous = r.ended("AGENT_FAILED").withStop(RunRecord.Stop.interrupted(T0.plusSeconds(60)));
        }
    }

    // --- crossing a limit: stop + hand-off ---------------------------------------------------------------------------

    @Provide
    Arbitrary<Scenario> openRuns() {
        return RunFixturesArbitraries.scenarios().filter(sc -> sc.state().record() != null
                && !sc.state().record().ended());
    }

    /**
     * Whenever the machine hands back as BUDGET_EXHAUSTED, it is because a limit is crossed, and the decision is a
     * stop (Interrupt) of an attempt recorded as ended BUDGET_EXHAUSTED, or an Escalate with its limit when the
     * thread is settled. And a crossed minutes or tokens limit on a run no person, halt or unreadable record ended
     * first always yields it.
     */
    @Property(tries = 2000)
    void crossingALimitAlwaysStopsAndHandsBack(@ForAll("openRuns") Scenario sc, @ForAll("budgets") Budget budget,
            @ForAll("tallies") RunRecord.Tally tally, @ForAll("reports") Long reported) {
        RunState base = sc.state();
        RunRecord record = base.record().withTally(tally);
        ThreadView thread = base.thread() == null ? null : base.thread().withTokens(reported);
        RunState s = new RunState(base.issue(), record, thread, base.shaConfirmed(), base.ci(), base.deploy(),
                base.now(), base.recordUnreadable(), base.stop(), base.stopAsk(), base.halted());
        Decision d = new RunStateMachine(LABELS, sc.budget(), STALL, CONFIRM, budget).next(s);

        boolean exhausted = d.next() != null && EscalationReason.BUDGET_EXHAUSTED.name().equals(d.next().endReason());
        Optional<Budget.Limit> crossedNow = budget.crossed(record, s.now(), thread == null ? null : thread.tokens(),
                false);
        boolean outranked = !s.issue().open() || s.issue().hasLabel(LABELS.human())
                || s.stopAsk().kind() == StopAsk.Kind.STOP || s.recordUnreadable() || s.halted();
        Statistics.label("exhausted").collect(exhausted);
        Statistics.label("limit crossed").collect(crossedNow.map(Budget.Limit::wire).orElse("none"));
        if (crossedNow.isPresent() && !outranked) {
            assertThat(exhausted).as("a crossed " + crossedNow.get() + " limit ends the attempt").isTrue();
        }
        if (exhausted) {
            assertThat(d.next().ended()).isTrue();
            Budget.Limit limit = Budget.limitOf(d.next()).orElseThrow();
            if (limit != Budget.Limit.TURNS) {
                assertThat(crossedNow).contains(limit);
            } else {
                assertThat(budget.wouldCross(d.next(), s.now(), Budget.Limit.TURNS, null, true)).isTrue();
            }
            assertThat(d.next().stop()).as("the end requested the agent's stop").isNotNull();
            if (d.action() instanceof Escalate e) {
                assertThat(e.reason()).isEqualTo(EscalationReason.BUDGET_EXHAUSTED);
                assertThat(e.limit()).isEqualTo(limit);
                assertThat(thread == null || thread.settled()).as("handed back at once only when settled").isTrue();
                assertThat(d.next().stopPending()).isFalse();
            } else {
                assertThat(d.action()).isInstanceOf(Interrupt.class);
                assertThat(d.next().stopPending()).isTrue();
            }
        }
        Statistics.label("exhausted").coverage(c -> c.check(true).percentage(p -> p > 5));
        Statistics.label("exhausted by").collect(exhausted ? d.action().kind().name() : "not exhausted");
        Statistics.label("exhausted by").coverage(c -> {
            c.check("INTERRUPT").percentage(p -> p > 2);
            c.check("ESCALATE").percentage(p -> p > 2);
        });
    }

    /** The decision's record never has fewer tokens than the record it came from, nor than T3 reported. */
    @Property(tries = 1000)
    void theDecisionsTokensNeverDecrease(@ForAll("openRuns") Scenario sc, @ForAll("tallies") RunRecord.Tally tally,
            @ForAll("reports") Long reported) {
        RunState base = sc.state();
        Assume.that(base.thread() != null);
        RunRecord record = base.record().withTally(tally);
        RunState s = new RunState(base.issue(), record, base.thread().withTokens(reported), base.shaConfirmed(),
                base.ci(), base.deploy(), base.now(), base.recordUnreadable(), base.stop(), base.stopAsk(),
                base.halted());
        Decision d = new RunStateMachine(LABELS, sc.budget(), STALL, CONFIRM, Budget.DEFAULT).next(s);
        Assume.that(d.next() != null);
        assertThat(orZero(d.next().tally().attemptTokens())).isGreaterThanOrEqualTo(orZero(tally.attemptTokens()));
        assertThat(d.next().tally().earlierTokens()).isEqualTo(tally.earlierTokens());
        assertThat(d.next().tally().turns()).isGreaterThanOrEqualTo(tally.turns());
    }

    // --- admission ---------------------------------------------------------------------------------------------------

    /** A refused admission never yields a tally to dispatch with, and always its one refusal comment and reason. */
    @Property(tries = 1000)
    void aRefusedAdmissionNeverDispatches(@ForAll("budgets") Budget budget, @ForAll @IntRange(min = 1, max = 9)
            int previousAttempt, @ForAll boolean previousEnded, @ForAll("tallies") RunRecord.Tally t,
            @ForAll @IntRange(min = 0, max = 3) int newGrants) {
        RunRecord previous = RunRecord.dispatched(previousAttempt, THREAD, T0).withTally(t);
        if (previousEnded) {
            previous = previous.ended("AGENT_FAILED");
        }
        Budget.Admission a = budget.admit(previous, newGrants, "h");
        int allowed = budget.maxAttempts() + t.granted() + newGrants;
        assertThat(a.attempt()).isEqualTo(RunRecord.nextAttempt(previous));
        assertThat(a.admitted()).isEqualTo(budget.maxAttempts() == 0 || a.attempt() <= allowed);
        if (!a.admitted()) {
            assertThat(a.tally()).isNull();
            assertThat(a.skipReason()).isEqualTo(SkipReason.ATTEMPTS_EXHAUSTED);
            assertThat(a.reason()).contains("attempt " + a.attempt());
            IssueComment written = new IssueComment(1, "afk", false, T0, a.comment());
            assertThat(Budget.alreadyRefused(List.of(written), a.attempt())).isTrue();
            assertThat(Budget.alreadyRefused(List.of(written), a.attempt() + 1)).isFalse();
        } else {
            assertThat(a.tally()).isNotNull();
            assertThat(a.comment()).isNull();
        }
        Statistics.label("admitted").collect(a.admitted());
    }

    /**
     * Re-queueing past the limit: with {@code g} trusted grants written after the last attempt ended, exactly
     * {@code g} more attempts start, then the next is refused, whatever the limit.
     */
    @Property(tries = 500)
    void eachGrantAllowsExactlyOneMoreAttempt(@ForAll @IntRange(min = 1, max = 4) int maxAttempts,
            @ForAll @IntRange(min = 0, max = 4) int grants, @ForAll @LongRange(min = 1, max = 50) long gapMinutes) {
        Budget budget = new Budget(maxAttempts, 10, 240, 0);
        String afk = "afk-bot";
        List<IssueComment> comments = new ArrayList<>();
        RunRecord previous = null;
        Instant clock = T0;
        int started = 0;
        int grantsWritten = 0;
        boolean exhausted = false;
        for (int step = 0; step < maxAttempts + 2 * grants + 2; step++) {
            Instant since = Budget.grantsSince(previous);
            int fresh = BudgetGrants.count(comments, since, afk, c -> c.author().equals("alice"));
            Budget.Admission a = budget.admit(previous, fresh, "h");
            if (!a.admitted()) {
                exhausted = true;
                if (grantsWritten < grants) {
                    // A person answers the refusal; a bot and an untrusted user try too, and count for nothing.
                    clock = clock.plus(Duration.ofMinutes(1));
                    comments.add(new IssueComment(100 + step, "alice", false, clock, "/afk budget +1"));
                    comments.add(new IssueComment(200 + step, "mallory", false, clock, "/afk budget +1"));
                    comments.add(new IssueComment(300 + step, "alice", true, clock, "/afk budget +1"));
                    grantsWritten++;
                }
                continue;
            }
            started++;
            clock = clock.plus(Duration.ofMinutes(gapMinutes));
            RunRecord r = RunRecord.dispatched(a.attempt(), THREAD, clock).withTally(a.tally());
            clock = clock.plus(Duration.ofMinutes(gapMinutes));
            previous = r.ended("AGENT_FAILED").withStop(RunRecord.Stop.interrupted(clock));
        }
        assertThat(exhausted).isTrue();
        assertThat(started).isEqualTo(maxAttempts + grants);
        assertThat(previous.tally().granted()).isEqualTo(grants);
    }
}
