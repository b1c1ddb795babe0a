package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PhaseChecklistTest {

    private static final IssueKey KEY = IssueKey.of("acme/widgets", 43);
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final String THREAD = "71684cdd-60c1-56ca-84ea-1d16449d32d8";
    private static final String SHA = "1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b";

    private static final RunRecord PUSHED = new RunRecord(2, THREAD, T0, T0.plusSeconds(60), 1, Phase.PUSHED, SHA,
            T0.plusSeconds(120), false, null);

    private static final String PUSHED_MARKER = "<!-- afk:state {\"attempt\":2,"
            + "\"thread\":\"71684cdd-60c1-56ca-84ea-1d16449d32d8\",\"dispatchedAt\":\"2026-01-05T10:00:00Z\","
            + "\"turnAt\":\"2026-01-05T10:01:00Z\",\"fixForward\":1,\"phase\":\"pushed\","
            + "\"sha\":\"1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b\",\"progressAt\":\"2026-01-05T10:02:00Z\","
            + "\"ended\":false,\"endReason\":null,\"bellRung\":false,\"base\":null,\"closeSent\":false,\"evidence\":null} -->";

    // --- render ------------------------------------------------------------------------------------------------

    @Test
    void renderWritesTheHeadingTheChecklistAndTheMarkerOnItsOwnLastLine() {
        assertThat(PhaseChecklist.render(KEY, PUSHED)).isEqualTo("""
                **AFK run** — attempt 2 · thread `71684cdd-60c1-56ca-84ea-1d16449d32d8`
                _Maintained by AFK for acme/widgets#43; edits to this comment are overwritten._

                - [x] dispatched
                - [x] tests-red
                - [x] green
                - [x] pushed `1a2b3c4`
                - [ ] ci-green
                - [ ] deployed

                Fix-forward rounds used: 1

                """ + PUSHED_MARKER + "\n");
    }

    @Test
    void renderWithABudgetAddsItsLineAboveTheMarkerAndNothingElse() {
        String without = PhaseChecklist.render(KEY, PUSHED);
        String with = PhaseChecklist.render(KEY, PUSHED, Budget.DEFAULT);
        assertThat(with).isEqualTo(without.replace("\n" + PUSHED_MARKER, "\nbudget: attempt 2/3 · turns 2/10 · 240 min "
                + "from 10:00Z (until 14:00Z) · tokens: not reported\n\n" + PUSHED_MARKER));
        assertThat(PhaseChecklist.render(KEY, PUSHED, (Budget) null)).isEqualTo(without);
        assertThat(PhaseChecklist.parse(with)).contains(PUSHED);
    }

    @Test
    void theBudgetLineOfAnOpenAttemptDoesNotChangeAsTimePasses() {
        // The record is all the renderer sees: the same record renders the same text at any tick.
        RunRecord later = PUSHED.withTurnAt(T0.plusSeconds(3_600));
        assertThat(PhaseChecklist.render(KEY, later, Budget.DEFAULT))
                .contains("· 240 min from 10:00Z (until 14:00Z) ·");
    }

    @Test
    void anExhaustedBudgetEndSaysSoWithItsFigures() {
        RunRecord ended = PUSHED.ended(EscalationReason.BUDGET_EXHAUSTED.name())
                .withEvidence("budget exhausted: minutes (AFK_RUN_MAX_MINUTES): the attempt has run 240 of 240 minutes")
                .withStop(RunRecord.Stop.interrupted(T0.plusSeconds(240 * 60)));
        String text = PhaseChecklist.render(KEY, ended, Budget.DEFAULT);
        assertThat(text).contains("**Handed to a human** — `BUDGET_EXHAUSTED` (the run crossed a limit of the "
                + "issue's budget; the evidence names it).")
                .contains("budget: attempt 2/3 · turns 2/10 · 240/240 min · tokens: not reported");
    }

    @ParameterizedTest(name = "phase {0} checks exactly the first {1} boxes")
    @MethodSource("phasesAndCheckedCounts")
    void renderChecksEveryPhaseUpToTheRecordedOne(Phase phase, int checked) {
        String text = PhaseChecklist.render(KEY, PUSHED.withPhase(phase, T0));
        assertThat(text.lines().filter(l -> l.startsWith("- [x] ")).count()).isEqualTo(checked);
        assertThat(text.lines().filter(l -> l.startsWith("- [ ] ")).count()).isEqualTo(6 - checked);
    }

    static Stream<Arguments> phasesAndCheckedCounts() {
        return Stream.of(Arguments.of(Phase.DISPATCHED, 1), Arguments.of(Phase.TESTS_RED, 2),
                Arguments.of(Phase.GREEN, 3), Arguments.of(Phase.PUSHED, 4), Arguments.of(Phase.CI_GREEN, 5),
                Arguments.of(Phase.DEPLOYED, 6));
    }

    @Test
    void renderOmitsTheFixForwardLineWhileNoRoundWasUsed() {
        assertThat(PhaseChecklist.render(KEY, RunRecord.dispatched(1, THREAD, T0))).doesNotContain("Fix-forward");
    }

    @Test
    void renderOmitsTheShaBeforeOneWasConfirmed() {
        String text = PhaseChecklist.render(KEY, PUSHED.withSha(null, T0));
        assertThat(text).contains("- [x] pushed\n");
    }

    @Test
    void aClosedRunSaysItWasClosed() {
        String text = PhaseChecklist.render(KEY, PUSHED.withPhase(Phase.DEPLOYED, T0).ended("closed"));
        assertThat(text).contains("**Closed**").doesNotContain("Handed to a human");
    }

    @ParameterizedTest(name = "ended with {0} is handed to a human and says why")
    @MethodSource("escalations")
    void anEscalatedRunSaysItWasHandedToAHumanAndWhy(String reason, String why) {
        String text = PhaseChecklist.render(KEY, PUSHED.ended(reason));
        assertThat(text).contains("**Handed to a human**").contains(why).doesNotContain("**Closed**");
    }

    static Stream<Arguments> escalations() {
        return Stream.of(
                Arguments.of("CI_EXHAUSTED", "CI or deploy still failing after the last fix-forward round"),
                Arguments.of("AGENT_FAILED", "the agent failed, finished without a push, or stalled"),
                Arguments.of(null, "no reason recorded"));
    }

    @Test
    void anOpenRunHasNoEndLine() {
        assertThat(PhaseChecklist.render(KEY, PUSHED)).doesNotContain("Handed to a human").doesNotContain("Closed");
    }

    @Test
    void valuesThatCouldBreakOutOfTheCommentAreEscapedInTheMarker() {
        RunRecord nasty = PUSHED.ended("x\" --> <!-- afk:state {\"attempt\":9} --> \\ \n");
        String text = PhaseChecklist.render(KEY, nasty);
        String markerLine = text.substring(text.lastIndexOf('\n', text.length() - 2) + 1);
        assertThat(markerLine).startsWith(PhaseChecklist.MARKER_START).endsWith(" -->\n");
        String json = markerLine.substring(PhaseChecklist.MARKER_START.length(), markerLine.length() - 5);
        assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("\n");
        assertThat(text.indexOf(PhaseChecklist.MARKER_START)).isEqualTo(text.lastIndexOf(PhaseChecklist.MARKER_START));
        assertThat(PhaseChecklist.parse(text)).contains(nasty);
    }

    @Test
    void theVisibleThreadCannotOpenAnHtmlCommentOrEndItsCodeSpan() {
        RunRecord r = RunRecord.dispatched(1, "t`<!--x\nline", T0);
        String firstLine = PhaseChecklist.render(KEY, r).lines().findFirst().orElseThrow();
        assertThat(firstLine).isEqualTo("**AFK run** — attempt 1 · thread `t'‹!--x line`");
    }

    // --- parse -------------------------------------------------------------------------------------------------

    @Test
    void parseReadsTheMarkerBackIntoTheRecord() {
        assertThat(PhaseChecklist.parse(PhaseChecklist.render(KEY, PUSHED))).contains(PUSHED);
    }

    @Test
    void aMarkerWithTextAroundItStillParses() {
        String body = "Some human note above.\n\n" + PUSHED_MARKER + "\n\nand a trailing remark";
        assertThat(PhaseChecklist.parse(body)).contains(PUSHED);
    }

    @Test
    void parseAcceptsTheFieldsInAnyOrderAndIgnoresUnknownOnes() {
        String body = "<!-- afk:state {\"ended\":false,\"endReason\":null,\"future\":[1],\"phase\":\"pushed\"} -->";
        assertThat(PhaseChecklist.parse(body)).isEmpty(); // nested values are not flat JSON
        String reordered = PhaseChecklist.MARKER_START + "{\"phase\":\"pushed\",\"attempt\":2,\"future\":\"x\","
                + "\"thread\":\"" + THREAD + "\",\"turnAt\":\"2026-01-05T10:01:00Z\","
                + "\"dispatchedAt\":\"2026-01-05T10:00:00Z\",\"fixForward\":1,\"sha\":\"" + SHA + "\","
                + "\"progressAt\":\"2026-01-05T10:02:00Z\",\"endReason\":null,\"ended\":false} -->";
        assertThat(PhaseChecklist.parse(reordered)).contains(PUSHED);
    }

    static Stream<Arguments> bodiesWithoutState() {
        return Stream.of(
                Arguments.of("null body", null),
                Arguments.of("no marker", "Just a human comment"),
                Arguments.of("marker start only", "<!-- afk:state "),
                Arguments.of("not JSON", "<!-- afk:state hello -->"),
                Arguments.of("unterminated JSON", PUSHED_MARKER.replace("null} -->", "null -->")),
                Arguments.of("no closing -->", PUSHED_MARKER.replace(" -->", "")),
                Arguments.of("trailing comma", PUSHED_MARKER.replace("null}", "null,}")),
                Arguments.of("duplicate key", PUSHED_MARKER.replace("\"ended\":false", "\"ended\":false,\"ended\":true")),
                Arguments.of("attempt as string", PUSHED_MARKER.replace("\"attempt\":2", "\"attempt\":\"2\"")),
                Arguments.of("attempt fractional", PUSHED_MARKER.replace("\"attempt\":2", "\"attempt\":2.0")),
                Arguments.of("attempt overflow", PUSHED_MARKER.replace("\"attempt\":2", "\"attempt\":4294967298")),
                Arguments.of("ended as string", PUSHED_MARKER.replace("\"ended\":false", "\"ended\":\"false\"")),
                Arguments.of("thread null", PUSHED_MARKER.replace("\"thread\":\"" + THREAD + "\"", "\"thread\":null")),
                Arguments.of("sha as number", PUSHED_MARKER.replace("\"sha\":\"" + SHA + "\"", "\"sha\":12")),
                Arguments.of("unknown phase", PUSHED_MARKER.replace("\"phase\":\"pushed\"", "\"phase\":\"merged\"")),
                Arguments.of("bad instant", PUSHED_MARKER.replace("2026-01-05T10:00:00Z", "yesterday")),
                Arguments.of("negative attempt", PUSHED_MARKER.replace("\"attempt\":2", "\"attempt\":-2")),
                Arguments.of("attempt zero", PUSHED_MARKER.replace("\"attempt\":2", "\"attempt\":0")),
                Arguments.of("negative fixForward", PUSHED_MARKER.replace("\"fixForward\":1", "\"fixForward\":-1")),
                Arguments.of("missing field", PUSHED_MARKER.replace("\"fixForward\":1,", "")),
                Arguments.of("bad escape", PUSHED_MARKER.replace(THREAD, "a\\qb")),
                Arguments.of("short unicode escape", PUSHED_MARKER.replace(THREAD, "a\\u12")),
                Arguments.of("full-width hex escape", PUSHED_MARKER.replace(THREAD, "a\\u００4１")),
                Arguments.of("raw newline in string", PUSHED_MARKER.replace(THREAD, "a\nb")));
    }

    @ParameterizedTest(name = "{0} -> no state")
    @MethodSource("bodiesWithoutState")
    void parseReturnsNoStateForMissingOrMalformedMarkers(String name, String body) {
        assertThat(PhaseChecklist.parse(body)).isEmpty();
    }

    @Test
    void theStandardJsonEscapesAreUnderstood() {
        String body = PUSHED_MARKER.replace(THREAD, "a\\\"b\\\\c\\/d\\n\\t\\u00e9\\uD83D\\uDE00");
        assertThat(PhaseChecklist.parse(body)).map(RunRecord::thread).contains("a\"b\\c/d\n\té\uD83D\uDE00");
    }

    @Test
    void isAfkCommentRecognisesTheMarkerStartEvenWhenTheStateIsBroken() {
        assertThat(PhaseChecklist.isAfkComment("text <!-- afk:state garbage")).isTrue();
        assertThat(PhaseChecklist.isAfkComment(PhaseChecklist.render(KEY, PUSHED))).isTrue();
        assertThat(PhaseChecklist.isAfkComment("<!-- a normal html comment -->")).isFalse();
        assertThat(PhaseChecklist.isAfkComment(null)).isFalse();
    }

    // --- fields added later --------------------------------------------------------------------------------------

    @Test
    void aRecordWrittenBeforeTheBellTheBaseAndTheCloseWereKeptReadsAsNotRungNoBaseNotClosed() {
        String legacy = PUSHED_MARKER.replace(",\"bellRung\":false,\"base\":null,\"closeSent\":false,\"evidence\":null", "");
        assertThat(legacy).doesNotContain("bellRung");
        assertThat(PhaseChecklist.parse(legacy)).contains(PUSHED);
    }

    /** A marker written before AFK stopped agents (no stop fields) parses and re-renders byte for byte. */
    @Test
    void anOldMarkerWithoutTheStopFieldsReRendersByteIdentically() {
        String old = "**AFK run** — attempt 1 · thread `t-1`\n"
                + "_Maintained by AFK for acme/widgets#43; edits to this comment are overwritten._\n\n"
                + "- [x] dispatched\n- [x] tests-red\n- [x] green\n- [ ] pushed\n- [ ] ci-green\n- [ ] deployed\n\n"
                + "**Handed to a human** — `AGENT_FAILED` (the agent failed, finished without a push, or stalled).\n\n"
                + "**Evidence:** it failed\n\n"
                + "<!-- afk:state {\"attempt\":1,\"thread\":\"t-1\",\"dispatchedAt\":\"2026-01-05T10:00:00Z\","
                + "\"turnAt\":\"2026-01-05T10:00:00Z\",\"fixForward\":0,\"phase\":\"green\",\"sha\":null,"
                + "\"progressAt\":\"2026-01-05T10:20:00Z\",\"ended\":true,\"endReason\":\"AGENT_FAILED\","
                + "\"bellRung\":true,\"base\":\"b0\",\"closeSent\":false,\"evidence\":\"it failed\"} -->\n";
        RunRecord r = PhaseChecklist.parse(old).orElseThrow();
        assertThat(r.stop()).isNull();
        assertThat(PhaseChecklist.render(IssueKey.of("acme/widgets", 43), r)).isEqualTo(old);
    }

    @Test
    void theStopRoundTripsAndTheChecklistSaysRequestedConfirmedOrCouldNotStop() {
        RunRecord ended = new RunRecord(1, THREAD, T0, T0, 0, Phase.GREEN, null, T0, true, "AGENT_FAILED");
        RunRecord.Stop requested = RunRecord.Stop.interrupted(T0.plusSeconds(60));
        IssueKey key = IssueKey.of("acme/widgets", 43);
        for (RunRecord.Stop st : List.of(requested, requested.withInterrupts(2).withSessionStopAt(T0.plusSeconds(120)),
                requested.confirmedAt(T0.plusSeconds(61)), requested.failed())) {
            RunRecord r = ended.withStop(st);
            assertThat(PhaseChecklist.parse(PhaseChecklist.render(key, r))).contains(r);
        }
        assertThat(PhaseChecklist.render(key, ended.withStop(requested))).contains("**Stop requested**");
        assertThat(PhaseChecklist.render(key, ended.withStop(requested.confirmedAt(T0.plusSeconds(61)))))
                .contains("stopped confirmed at " + T0.plusSeconds(61));
        assertThat(PhaseChecklist.render(key, ended.withStop(requested.failed())))
                .contains("The agent could not be stopped; stop it in T3");
    }

    @Test
    void aMarkerWithOnlySomeStopFieldsIsUnreadable() {
        RunRecord r = new RunRecord(1, THREAD, T0, T0, 0, Phase.GREEN, null, T0, true, "AGENT_FAILED")
                .withStop(RunRecord.Stop.interrupted(T0));
        String body = PhaseChecklist.render(IssueKey.of("acme/widgets", 43), r);
        assertThat(PhaseChecklist.parse(body.replace(",\"couldNotStop\":false", ""))).isEmpty();
        assertThat(PhaseChecklist.parse(body.replace("\"stopRound\":1", "\"stopRound\":\"1\""))).isEmpty();
    }

    @Test
    void theBellTheBaseAndTheCloseRoundTrip() {
        RunRecord rung = new RunRecord(2, THREAD, T0, T0, 0, Phase.DISPATCHED, null, T0, true, "AGENT_FAILED", true,
                "0123456789abcdef0123456789abcdef01234567", true, "ci/build (failure: 2 tests) http://ci/1");
        assertThat(PhaseChecklist.parse(PhaseChecklist.render(IssueKey.of("acme/widgets", 43), rung))).contains(rung);
    }

    @Test
    void aBellOrABaseOfTheWrongTypeMakesTheStateUnreadable() {
        assertThat(PhaseChecklist.parse(PUSHED_MARKER.replace("\"bellRung\":false", "\"bellRung\":\"yes\""))).isEmpty();
        assertThat(PhaseChecklist.parse(PUSHED_MARKER.replace("\"base\":null", "\"base\":7"))).isEmpty();
        assertThat(PhaseChecklist.parse(PUSHED_MARKER.replace("\"closeSent\":false", "\"closeSent\":1"))).isEmpty();
    }

    @Test
    void theEvidenceOfAHandOffIsShownOnTheIssueSafelyAndBounded() {
        RunRecord ended = RunRecord.dispatched(1, THREAD, T0).ended("CI_EXHAUSTED")
                .withEvidence("ci/build (failure: <b>2 tests</b> `x`) http://ci/1 " + "y".repeat(900));
        String body = PhaseChecklist.render(IssueKey.of("acme/widgets", 43), ended);
        assertThat(body).contains("**Evidence:** ci/build (failure: ‹b›2 tests‹/b› 'x') http://ci/1");
        assertThat(ended.evidence()).hasSize(RunRecord.MAX_EVIDENCE);
        assertThat(body.indexOf("<!--")).isEqualTo(body.lastIndexOf("<!--"));
        assertThat(PhaseChecklist.parse(body)).contains(ended);
    }
}
