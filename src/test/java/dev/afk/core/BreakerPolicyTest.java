package dev.afk.core;

import static dev.afk.core.BreakerFixtures.A;
import static dev.afk.core.BreakerFixtures.AFK;
import static dev.afk.core.BreakerFixtures.B;
import static dev.afk.core.BreakerFixtures.C;
import static dev.afk.core.BreakerFixtures.OPS;
import static dev.afk.core.BreakerFixtures.SETTINGS;
import static dev.afk.core.BreakerFixtures.T0;
import static dev.afk.core.BreakerFixtures.WITH_CONTROL;
import static dev.afk.core.BreakerFixtures.check;
import static dev.afk.core.BreakerFixtures.escalation;
import static dev.afk.core.BreakerFixtures.hold;
import static dev.afk.core.BreakerFixtures.input;
import static dev.afk.core.BreakerFixtures.personHold;
import static dev.afk.core.BreakerPolicy.State.GREEN;
import static dev.afk.core.BreakerPolicy.State.PENDING;
import static dev.afk.core.BreakerPolicy.State.RED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Example tables of {@link BreakerPolicy} (docs/ARCHITECTURE.md §3.1). */
class BreakerPolicyTest {

    private static final Instant NOW = T0.plus(Duration.ofMinutes(30));

    @Test
    void aPersonsHoldHoldsItsRepoOnlyAndNamesTheIssue() {
        BreakerPolicy.Decision d = BreakerPolicy.decide(input(SETTINGS, List.of(personHold(A, 7)), List.of(),
                Map.of(), NOW));
        assertThat(d.heldBy()).containsOnly(Map.entry(A, "held by acme/a#7"));
        assertThat(d.dispatchAllowed(B)).isTrue();
        assertThat(d.holds()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo("human");
            assertThat(h.scope()).isEqualTo("acme/a");
            assertThat(h.since()).isEqualTo(T0);
        });
        assertThat(d.open()).isEmpty();
        assertThat(d.close()).isEmpty();
    }

    @Test
    void aHoldInTheControlRepoHoldsTheWholeFleet() {
        BreakerPolicy.Decision d = BreakerPolicy.decide(input(WITH_CONTROL, List.of(personHold(OPS, 3)), List.of(),
                Map.of(), NOW));
        assertThat(d.heldBy()).containsOnlyKeys(A, B, C).containsValue("held by acme/ops#3");
        assertThat(d.holds()).singleElement().satisfies(h -> assertThat(h.scope()).isEqualTo("*"));
    }

    @Test
    void withoutAControlRepoAHoldInANonAllowlistedRepoHoldsNothing() {
        BreakerPolicy.Decision d = BreakerPolicy.decide(input(SETTINGS, List.of(personHold(OPS, 3)), List.of(),
                Map.of(), NOW));
        assertThat(d.heldBy()).isEmpty();
    }

    @Test
    void closedIssuesAndIssuesWithoutTheLabelHoldNothing() {
        Issue closed = new Issue(IssueKey.of("acme/a", 1), "t", "", Set.of("afk-hold"), "m", T0, false, false, "");
        Issue unlabelled = new Issue(IssueKey.of("acme/a", 2), "t", "", Set.of("bug"), "m", T0, true, false, "");
        Issue pr = new Issue(IssueKey.of("acme/a", 3), "t", "", Set.of("afk-hold"), "m", T0, true, true, "");
        BreakerPolicy.Decision d = BreakerPolicy.decide(input(SETTINGS, List.of(closed, unlabelled, pr), List.of(),
                Map.of(), NOW));
        assertThat(d.heldBy()).isEmpty();
    }

    static Stream<Arguments> defaultBranchTable() {
        String own = HoldMarker.redMain(A).render();
        return Stream.of(
                // checks (oldest first), AFK's red-main hold open?, → opens, closes, held
                Arguments.of(List.of(), false, false, false, false),
                Arguments.of(List.of(RED), false, true, false, true),
                Arguments.of(List.of(GREEN, RED), false, true, false, true),
                Arguments.of(List.of(RED, PENDING), false, false, false, false),
                Arguments.of(List.of(RED), true, false, false, true),
                Arguments.of(List.of(RED, GREEN), true, false, false, true),
                Arguments.of(List.of(GREEN), true, false, false, true),
                Arguments.of(List.of(PENDING, GREEN), true, false, false, true),
                Arguments.of(List.of(GREEN, GREEN), true, false, true, false),
                Arguments.of(List.of(GREEN, GREEN), false, false, false, false))
                .map(a -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], a.get()[3], a.get()[4], own));
    }

    @ParameterizedTest(name = "{0} own={1} → open={2} close={3} held={4}")
    @MethodSource("defaultBranchTable")
    void theDefaultBranchOpensAndClosesAfksHoldWithHysteresis(List<BreakerPolicy.State> states, boolean ownOpen,
            boolean opens, boolean closes, boolean held, String marker) {
        List<BreakerPolicy.Check> checks = new java.util.ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            checks.add(check(states.get(i), i * 5));
        }
        List<Issue> holds = ownOpen ? List.of(hold(A, 9, AFK, marker + "\nred")) : List.of();
        BreakerPolicy.Decision d = BreakerPolicy.decide(input(SETTINGS, holds, List.of(), Map.of(A, checks), NOW));
        assertThat(d.open()).hasSize(opens ? 1 : 0);
        assertThat(d.close()).hasSize(closes ? 1 : 0);
        assertThat(d.dispatchAllowed(A)).isEqualTo(!held);
        if (opens) {
            BreakerPolicy.ToOpen o = d.open().get(0);
            assertThat(o.in()).isEqualTo(A);
            assertThat(o.body()).startsWith(marker).contains("ci/build: failure", "two consecutive checks");
            assertThat(o.doorbell()).contains("acme/a", "ci/build");
            assertThat(d.heldBy().get(A)).contains("hold issue being opened");
        }
    }

    @Test
    void aForgedMarkerOnAPersonsIssueIsAPersonsHoldAndAfkNeverClosesIt() {
        Issue forged = hold(A, 4, "mallory", HoldMarker.redMain(A).render());
        BreakerPolicy.Decision d = BreakerPolicy.decide(input(SETTINGS, List.of(forged), List.of(),
                Map.of(A, List.of(check(GREEN, 0), check(GREEN, 5))), NOW));
        assertThat(d.close()).isEmpty();
        assertThat(d.holds()).singleElement().satisfies(h -> assertThat(h.kind()).isEqualTo("human"));
        assertThat(d.heldBy()).containsKey(A);
    }

    @Test
    void aRepoWhoseHoldListingFailedNeverGetsASecondHold() {
        BreakerPolicy.Decision d = BreakerPolicy.decide(new BreakerPolicy.Input(SETTINGS, Set.of(A), AFK, List.of(),
                Set.of(A), List.of(), Map.of(A, List.of(check(RED, 0))), Map.of(), NOW));
        assertThat(d.open()).isEmpty();
    }

    static Stream<Arguments> escalationTable() {
        return Stream.of(
                // escalations in acme/a, → trips
                Arguments.of(List.of("CI_EXHAUSTED", "CI_EXHAUSTED"), false),
                Arguments.of(List.of("CI_EXHAUSTED", "CI_EXHAUSTED", "CI_EXHAUSTED"), true),
                Arguments.of(List.of("CI_EXHAUSTED", "AGENT_FAILED", "CI_EXHAUSTED"), false),
                Arguments.of(List.of("AGENT_FAILED", "CI_EXHAUSTED", "CI_EXHAUSTED", "CI_EXHAUSTED"), true),
                Arguments.of(List.of("CI_EXHAUSTED", "CI_EXHAUSTED", "CI_EXHAUSTED", "AGENT_FAILED"), false));
    }

    @ParameterizedTest(name = "{0} → trips={1}")
    @MethodSource("escalationTable")
    void consecutiveEscalationsWithOneReasonHoldTheRepo(List<String> reasons, boolean trips) {
        List<BreakerPolicy.Escalation> es = new java.util.ArrayList<>();
        for (int i = 0; i < reasons.size(); i++) {
            es.add(escalation(A, i + 1, reasons.get(i), i));
        }
        BreakerPolicy.Decision d = BreakerPolicy.decide(input(SETTINGS, List.of(), es, Map.of(), NOW));
        assertThat(d.open()).hasSize(trips ? 1 : 0);
        if (trips) {
            assertThat(d.open().get(0).marker()).isEqualTo(HoldMarker.escalations(A, reasons.get(reasons.size() - 1)));
            assertThat(d.open().get(0).body()).contains("acme/a#", "Close it to resume");
        }
    }

    @Test
    void escalationsOutsideTheWindowDoNotCount() {
        List<BreakerPolicy.Escalation> es = List.of(escalation(A, 1, "AGENT_FAILED", -90),
                escalation(A, 2, "AGENT_FAILED", 0), escalation(A, 3, "AGENT_FAILED", 1));
        assertThat(BreakerPolicy.decide(input(SETTINGS, List.of(), es, Map.of(), NOW)).open()).isEmpty();
    }

    @Test
    void escalationsBeforeAPersonClosedTheHoldDoNotTripAgain() {
        List<BreakerPolicy.Escalation> es = List.of(escalation(A, 1, "AGENT_FAILED", 0),
                escalation(A, 2, "AGENT_FAILED", 1), escalation(A, 3, "AGENT_FAILED", 2));
        BreakerPolicy.Decision d = BreakerPolicy.decide(new BreakerPolicy.Input(SETTINGS, BreakerFixtures.FLEET, AFK,
                List.of(), Set.of(), es, Map.of(), Map.of("acme/a", T0.plus(Duration.ofMinutes(3))), NOW));
        assertThat(d.open()).isEmpty();
    }

    @Test
    void theSameReasonInTwoReposIsOneFleetHoldInTheControlRepo() {
        List<BreakerPolicy.Escalation> es = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            es.add(escalation(A, i + 1, "AGENT_FAILED", i));
            es.add(escalation(B, i + 1, "AGENT_FAILED", i));
        }
        BreakerPolicy.Decision d = BreakerPolicy.decide(input(WITH_CONTROL, List.of(), es, Map.of(), NOW));
        assertThat(d.open()).singleElement().satisfies(o -> {
            assertThat(o.in()).isEqualTo(OPS);
            assertThat(o.marker().fleet()).isTrue();
        });
        assertThat(d.heldBy()).containsOnlyKeys(A, B, C);
    }

    @Test
    void withoutAControlRepoTheSameReasonInTwoReposIsAFleetPauseWithoutAnIssue() {
        List<BreakerPolicy.Escalation> es = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            es.add(escalation(A, i + 1, "AGENT_FAILED", i));
            es.add(escalation(B, i + 1, "AGENT_FAILED", i));
        }
        BreakerPolicy.Decision d = BreakerPolicy.decide(input(SETTINGS, List.of(), es, Map.of(), NOW));
        assertThat(d.open()).isEmpty();
        assertThat(d.holds()).singleElement().satisfies(h -> {
            assertThat(h.issue()).isNull();
            assertThat(h.scope()).isEqualTo("*");
            assertThat(h.evidence()).contains("AGENT_FAILED tripped in 2 repositories");
        });
        assertThat(d.heldBy()).containsOnlyKeys(A, B, C);
        assertThat(d.heldBy().get(C)).startsWith("fleet paused: ");
    }

    @Test
    void theCheckIsDueEveryCheckMinutes() {
        Duration five = Duration.ofMinutes(5);
        assertThat(BreakerPolicy.due(null, T0, five)).isTrue();
        assertThat(BreakerPolicy.due(T0, T0.plus(Duration.ofMinutes(4)), five)).isFalse();
        assertThat(BreakerPolicy.due(T0, T0.plus(five), five)).isTrue();
    }

    @Test
    void theMarkerRoundTrips() {
        for (HoldMarker m : List.of(HoldMarker.redMain(A), HoldMarker.escalations(B, "CI_EXHAUSTED"),
                HoldMarker.escalations(null, "AGENT_FAILED"))) {
            assertThat(HoldMarker.find("text\n" + m.render() + "\nmore")).contains(m);
        }
        assertThat(HoldMarker.find("<!-- afk:hold kind=red-main repo=* -->")).isEmpty();
        assertThat(HoldMarker.find("<!-- afk:hold kind=other repo=a/b -->")).isEmpty();
    }

    @Test
    void aCiVerdictMapsToACheck() {
        CiVerdict red = new CiVerdict(CiVerdict.State.FAILURE,
                List.of(new CheckEvidence("ci/build", "failure", "2 tests failed", "http://ci/1")));
        assertThat(BreakerPolicy.Check.of(red, "abc", T0).state()).isEqualTo(RED);
        assertThat(BreakerPolicy.Check.of(red, "abc", T0).evidence()).isEqualTo(
                "ci/build: failure — 2 tests failed http://ci/1");
        assertThat(BreakerPolicy.Check.of(CiVerdict.NONE, "abc", T0).state()).isEqualTo(GREEN);
        assertThat(BreakerPolicy.Check.of(CiVerdict.SUCCESS, "abc", T0).state()).isEqualTo(GREEN);
        assertThat(BreakerPolicy.Check.of(new CiVerdict(CiVerdict.State.PENDING, List.of()), "abc", T0).state())
                .isEqualTo(PENDING);
    }
}
