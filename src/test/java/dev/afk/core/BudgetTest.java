package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Example tables of {@link Budget}: every limit, both forms of the figures, the admission of an attempt. */
class BudgetTest {

    static final Instant T0 = Instant.parse("2026-01-05T10:04:00Z");
    static final String THREAD = "dc9cfda6-7a77-4aa3-9921-c1f9cb3434f7";

    static RunRecord.Tally tally(int turns, Long attemptTokens, Long earlierTokens, int granted) {
        return new RunRecord.Tally(turns, List.of(), List.of(), null, null, attemptTokens, earlierTokens, granted);
    }

    static RunRecord record(int attempt, RunRecord.Tally t) {
        return RunRecord.dispatched(attempt, THREAD, T0).withTally(t);
    }

    static Instant at(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    // --- the check of the watch --------------------------------------------------------------------------------------

    static Stream<Arguments> crossings() {
        Budget d = Budget.DEFAULT; // 3 attempts, 10 turns, 240 min, tokens off
        Budget tok = new Budget(3, 10, 240, 1_000_000);
        return Stream.of(
                // budget, turns, minute, recorded, earlier, reported, wantsTurn → limit
                Arguments.of("a fresh run crosses nothing", d, 1, 0, null, null, null, false, null),
                Arguments.of("turn 10 of 10 is allowed", d, 9, 10, null, null, null, true, null),
                Arguments.of("turn 11 of 10 is refused", d, 10, 10, null, null, null, true, Budget.Limit.TURNS),
                Arguments.of("10 turns used, none wanted: nothing", d, 10, 10, null, null, null, false, null),
                Arguments.of("turns off never cross", new Budget(3, 0, 240, 0), 500, 10, null, null, null, true, null),
                Arguments.of("239 minutes run on", d, 1, 239, null, null, null, false, null),
                Arguments.of("240 minutes cross", d, 1, 240, null, null, null, false, Budget.Limit.MINUTES),
                Arguments.of("minutes off never cross", new Budget(3, 10, 0, 0), 1, 100_000, null, null, null, false,
                        null),
                Arguments.of("tokens off never cross", d, 1, 1, 9_000_000_000L, null, 9_000_000_000L, false, null),
                Arguments.of("999,999 tokens run on", tok, 1, 1, 999_999L, null, null, false, null),
                Arguments.of("the reported figure crosses", tok, 1, 1, 10L, null, 1_000_000L, false,
                        Budget.Limit.TOKENS),
                Arguments.of("earlier attempts count", tok, 1, 1, 400_000L, 600_000L, null, false,
                        Budget.Limit.TOKENS),
                Arguments.of("a lower report never lowers the figure", tok, 1, 1, 1_200_000L, null, 5L, false,
                        Budget.Limit.TOKENS),
                Arguments.of("no figure never crosses", tok, 1, 1, null, null, null, false, null),
                Arguments.of("turns before minutes", d, 10, 300, null, null, null, true, Budget.Limit.TURNS),
                Arguments.of("minutes before tokens", tok, 1, 300, 2_000_000L, null, null, false,
                        Budget.Limit.MINUTES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossings")
    void theFirstLimitCrossedIsNamed(String rule, Budget budget, int turns, long minute, Long recorded, Long earlier,
            Long reported, boolean wantsTurn, Budget.Limit expected) {
        RunRecord r = record(1, tally(turns, recorded, earlier, 0));
        assertThat(budget.crossed(r, at(minute), reported, wantsTurn)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void attemptsAreNeverCrossedByARunningAttempt() {
        RunRecord r = record(7, tally(1, null, null, 0));
        assertThat(Budget.DEFAULT.wouldCross(r, at(1), Budget.Limit.ATTEMPTS, null, true)).isFalse();
    }

    @Test
    void theTokenUpdateKeepsTheLargestFigureAndIsTheSameObjectWhenUnchanged() {
        RunRecord.Tally t = tally(2, 500L, 100L, 1);
        assertThat(Budget.withReportedTokens(t, null)).isSameAs(t);
        assertThat(Budget.withReportedTokens(t, 400L)).isSameAs(t);
        assertThat(Budget.withReportedTokens(t, 500L)).isSameAs(t);
        assertThat(Budget.withReportedTokens(t, 501L)).isEqualTo(tally(2, 501L, 100L, 1));
        assertThat(Budget.withReportedTokens(tally(1, null, null, 0), 7L)).isEqualTo(tally(1, 7L, null, 0));
        RunRecord r = record(1, t);
        assertThat(Budget.withReportedTokens(r, 3L)).isSameAs(r);
    }

    @Test
    void theEvidenceNamesTheLimitItsSettingAndEveryFigureAndReadsBack() {
        Budget b = new Budget(3, 10, 240, 5_000_000);
        RunRecord r = record(2, tally(10, 1_200_000L, 300_000L, 0)).withPhase(Phase.PUSHED, at(5));
        String why = b.exhaustedEvidence(Budget.Limit.TURNS, r, at(38), null);
        assertThat(why).isEqualTo("budget exhausted: turns (AFK_MAX_TURNS): the next turn would be turn 11 of 10; "
                + "budget: attempt 2/3 · turns 10/10 · 38/240 min · 1.5M/5M tokens; at phase pushed on thread "
                + THREAD);
        RunRecord ended = r.ended(EscalationReason.BUDGET_EXHAUSTED.name()).withEvidence(why);
        assertThat(Budget.limitOf(ended)).contains(Budget.Limit.TURNS);
        assertThat(Budget.limitOf(r.ended("AGENT_FAILED").withEvidence(why))).isEmpty();
        assertThat(Budget.limitOf(r.ended(EscalationReason.BUDGET_EXHAUSTED.name()))).isEmpty();
        for (Budget.Limit l : Budget.Limit.values()) {
            RunRecord e = r.ended(EscalationReason.BUDGET_EXHAUSTED.name())
                    .withEvidence(b.exhaustedEvidence(l, r, at(300), 9_000_000L));
            assertThat(Budget.limitOf(e)).as(l.name()).contains(l);
        }
    }

    @Test
    void limitsHaveTheirMetricTags() {
        assertThat(Stream.of(Budget.Limit.values()).map(Budget.Limit::wire))
                .containsExactly("attempts", "turns", "minutes", "tokens");
        assertThat(Budget.Limit.fromWire("minutes")).contains(Budget.Limit.MINUTES);
        assertThat(Budget.Limit.fromWire("Minutes")).isEmpty();
    }

    @Test
    void aNegativeLimitIsRejected() {
        assertThatThrownBy(() -> new Budget(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Budget(0, 0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- the figures ---------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "0, 0", "950, 950", "999, 999", "1000, 1k", "1050, 1k", "12345, 12.3k", "12000, 12k", "999999, 999.9k",
        "1000000, 1M", "1250000, 1.2M", "999999999, 999.9M", "3456000000, 3.4B", "2000000000000, 2000B"})
    void tokensAreShownCompactlyAndRoundedDown(long n, String shown) {
        assertThat(Budget.compact(n)).isEqualTo(shown);
    }

    static Stream<Arguments> liveLines() {
        return Stream.of(
                Arguments.of(Budget.DEFAULT, record(2, tally(4, 1_200_000L, null, 0)), 38L,
                        "budget: attempt 2/3 · turns 4/10 · 38/240 min · 1.2M tokens"),
                Arguments.of(new Budget(3, 10, 240, 5_000_000), record(2, tally(4, 1_200_000L, 50_000L, 0)), 38L,
                        "budget: attempt 2/3 · turns 4/10 · 38/240 min · 1.2M/5M tokens"),
                Arguments.of(Budget.DEFAULT, record(1, tally(1, null, null, 0)), 0L,
                        "budget: attempt 1/3 · turns 1/10 · 0/240 min · tokens: not reported"),
                Arguments.of(Budget.OFF, record(5, tally(12, 950L, null, 0)), 300L,
                        "budget: attempt 5 · turns 12 · 300 min · 950 tokens"),
                Arguments.of(Budget.DEFAULT, record(4, tally(1, null, 12_300L, 1)), 2L,
                        "budget: attempt 4/4 (1 granted) · turns 1/10 · 2/240 min · 12.3k tokens"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("liveLines")
    void theLiveFigures(Budget b, RunRecord r, long minute, String line) {
        assertThat(b.figures(r, at(minute), null)).isEqualTo(line);
    }

    @Test
    void theLiveFiguresTakeTheReportedTokensIn() {
        RunRecord r = record(1, tally(1, 1_000L, null, 0));
        assertThat(Budget.DEFAULT.figures(r, at(1), 2_500L)).endsWith("· 2.5k tokens");
        assertThat(Budget.DEFAULT.figures(r, at(1), 10L)).endsWith("· 1k tokens");
    }

    @Test
    void theChecklistStatesAnOpenAttemptsMinutesStatically() {
        RunRecord r = record(2, tally(4, 1_200_000L, null, 0));
        assertThat(Budget.DEFAULT.checklistLine(r))
                .isEqualTo("budget: attempt 2/3 · turns 4/10 · 240 min from 10:04Z (until 14:04Z) · 1.2M tokens");
        assertThat(new Budget(3, 10, 0, 0).checklistLine(r))
                .isEqualTo("budget: attempt 2/3 · turns 4/10 · started 10:04Z · 1.2M tokens");
    }

    @Test
    void theChecklistShowsAnEndedAttemptsMinutesUpToItsStopRequest() {
        RunRecord ended = record(2, tally(4, null, null, 0)).ended("AGENT_FAILED")
                .withStop(RunRecord.Stop.interrupted(at(38).plusSeconds(59)));
        assertThat(Budget.DEFAULT.checklistLine(ended))
                .isEqualTo("budget: attempt 2/3 · turns 4/10 · 38/240 min · tokens: not reported");
        RunRecord noStop = record(2, tally(4, null, null, 0)).ended("AGENT_FAILED");
        assertThat(Budget.DEFAULT.checklistLine(noStop)).contains("240 min from 10:04Z (until 14:04Z)");
    }

    // --- admission -----------------------------------------------------------------------------------------------------

    static RunRecord endedAttempt(int attempt, RunRecord.Tally t) {
        return record(attempt, t).ended("AGENT_FAILED").withStop(RunRecord.Stop.interrupted(at(30)));
    }

    @Test
    void theFirstAttemptStartsWithOneTurnAndNothingElse() {
        Budget.Admission a = Budget.DEFAULT.admit(null, 0, "h1");
        assertThat(a.admitted()).isTrue();
        assertThat(a.attempt()).isEqualTo(1);
        assertThat(a.tally()).isEqualTo(new RunRecord.Tally(1, List.of(), List.of(), "h1", null, null, null, 0));
        assertThat(a.reason()).isNull();
        assertThat(a.comment()).isNull();
        assertThat(a.skipReason()).isNull();
    }

    @Test
    void aNextAttemptCarriesTheIssueTotalsForward() {
        RunRecord previous = new RunRecord(2, THREAD, T0, T0, 1, Phase.PUSHED, null, T0, true, "AGENT_FAILED", false,
                null, false, null, null, new RunRecord.Tally(5, List.of(9L), List.of(), "h0", null, 700L, 300L, 1));
        Budget.Admission a = Budget.DEFAULT.admit(previous, 0, "h2");
        assertThat(a.admitted()).isTrue();
        assertThat(a.attempt()).isEqualTo(3);
        assertThat(a.tally()).isEqualTo(new RunRecord.Tally(1, List.of(), List.of(), "h2", null, null, 1_000L, 1));
    }

    @Test
    void aReDispatchOfTheOpenAttemptKeepsItsEarlierTokens() {
        RunRecord open = record(2, tally(1, 40L, 300L, 1));
        Budget.Admission a = Budget.DEFAULT.admit(open, 0, "h");
        assertThat(a.attempt()).isEqualTo(2);
        assertThat(a.tally().earlierTokens()).isEqualTo(300L);
        assertThat(a.tally().granted()).isEqualTo(1);
    }

    static Stream<Arguments> admissions() {
        return Stream.of(
                // maxAttempts, previous attempt, previous granted, new grants → admitted
                Arguments.of(3, 2, 0, 0, true),
                Arguments.of(3, 3, 0, 0, false),
                Arguments.of(3, 3, 0, 1, true),
                Arguments.of(3, 3, 1, 0, true),
                Arguments.of(3, 4, 1, 0, false),
                Arguments.of(3, 4, 1, 1, true),
                Arguments.of(3, 3, 0, 2, true),
                Arguments.of(1, 1, 0, 0, false),
                Arguments.of(0, 40, 0, 0, true));
    }

    @ParameterizedTest(name = "AFK_MAX_ATTEMPTS={0}, attempt {1} ended ({2} granted), {3} new → admitted {4}")
    @MethodSource("admissions")
    void attemptNIsAdmittedWhileWithinMaxAttemptsPlusGrants(int max, int previousAttempt, int previousGranted,
            int newGrants, boolean admitted) {
        Budget b = new Budget(max, 10, 240, 0);
        Budget.Admission a = b.admit(endedAttempt(previousAttempt, tally(2, null, null, previousGranted)), newGrants,
                "h");
        assertThat(a.admitted()).isEqualTo(admitted);
        assertThat(a.attempt()).isEqualTo(previousAttempt + 1);
        if (admitted) {
            assertThat(a.tally().granted()).isEqualTo(previousGranted + newGrants);
        } else {
            assertThat(a.tally()).isNull();
            assertThat(a.skipReason()).isEqualTo(SkipReason.ATTEMPTS_EXHAUSTED);
            assertThat(a.comment()).contains(Budget.refusedMarker(previousAttempt + 1));
        }
    }

    @Test
    void aRefusalSaysWhyAndHowToAllowOneMore() {
        Budget.Admission a = Budget.DEFAULT.admit(endedAttempt(4, tally(1, null, null, 1)), 0, "h");
        assertThat(a.reason()).isEqualTo("attempt 5 refused: AFK_MAX_ATTEMPTS is 3 plus 1 granted with "
                + "`/afk budget +1`, and 4 attempts were used");
        assertThat(a.comment()).isEqualTo("**AFK will not start attempt 5** — this issue has used its 4 attempts "
                + "(`AFK_MAX_ATTEMPTS` is 3 plus 1 granted with `/afk budget +1`). To allow one more, a user allowed "
                + "to steer comments `/afk budget +1`, or the operator raises `AFK_MAX_ATTEMPTS`.\n\n"
                + "<!-- afk:refused attempt=5 -->\n");
    }

    @Test
    void theRefusalCommentIsFoundSoItIsWrittenOnce() {
        String comment = Budget.DEFAULT.admit(endedAttempt(3, tally(1, null, null, 0)), 0, "h").comment();
        IssueComment afk = new IssueComment(1, "afk-bot", true, at(40), comment);
        IssueComment quoted = new IssueComment(2, "mallory", false, at(41), "> " + Budget.refusedMarker(5));
        assertThat(Budget.alreadyRefused(List.of(afk), 4)).isTrue();
        assertThat(Budget.alreadyRefused(List.of(afk), 5)).isFalse();
        assertThat(Budget.alreadyRefused(List.of(), 4)).isFalse();
        assertThat(Budget.alreadyRefused(List.of(quoted), 5)).isTrue();
        assertThat(Budget.alreadyRefused(List.of(quoted), 5, "afk-bot")).isFalse();
        assertThat(Budget.alreadyRefused(List.of(afk), 4, "AFK-bot")).isTrue();
    }

    @Test
    void grantsAreCountedFromTheEndOfThePreviousAttempt() {
        assertThat(Budget.grantsSince(null)).isNull();
        assertThat(Budget.grantsSince(record(1, tally(1, null, null, 0)))).isNull();
        assertThat(Budget.grantsSince(endedAttempt(1, tally(1, null, null, 0)))).isEqualTo(at(30));
        RunRecord noStop = record(1, tally(1, null, null, 0)).withPhase(Phase.GREEN, at(12)).ended("AGENT_FAILED");
        assertThat(Budget.grantsSince(noStop)).isEqualTo(at(12));
    }
}
