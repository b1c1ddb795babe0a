package dev.afk.core;

import static dev.afk.core.PolicyFixtures.HUMAN;
import static dev.afk.core.PolicyFixtures.READY;
import static dev.afk.core.PolicyFixtures.RUNNING;
import static dev.afk.core.PolicyFixtures.armed;
import static dev.afk.core.PolicyFixtures.armedTrusting;
import static dev.afk.core.PolicyFixtures.armedValues;
import static dev.afk.core.PolicyFixtures.closed;
import static dev.afk.core.PolicyFixtures.endedRecord;
import static dev.afk.core.PolicyFixtures.issue;
import static dev.afk.core.PolicyFixtures.key;
import static dev.afk.core.PolicyFixtures.openRecord;
import static dev.afk.core.PolicyFixtures.pullRequest;
import static dev.afk.core.PolicyFixtures.tick;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.DispatchPolicy.Dispatch;
import dev.afk.core.DispatchPolicy.Plan;
import dev.afk.core.DispatchPolicy.Skip;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DispatchPolicyTest {

    private static final String A = "acme/api";
    private static final String B = "acme/web";
    private static final String C = "acme/docs";
    private static final String OTHER = "stranger/repo";

    private static List<IssueKey> dispatched(Plan plan) {
        return plan.dispatch().stream().map(d -> d.issue().key()).toList();
    }

    private static SkipReason reasonOf(Plan plan, IssueKey key) {
        return plan.skipped().stream().filter(s -> s.key().equals(key)).map(Skip::reason).findFirst().orElse(null);
    }

    private static Skip skipOf(Plan plan, IssueKey key) {
        return plan.skipped().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }

    // --- two-key gate ------------------------------------------------------------------------------------------

    static Stream<Arguments> armingKeys() {
        return Stream.of(
                Arguments.of("kill switch on, repo allowlisted", "true", A, false, "AFK_KILL_SWITCH"),
                Arguments.of("kill switch off, allowlist empty", "false", "", false, "AFK_ALLOWLIST"),
                Arguments.of("kill switch on, allowlist empty", "true", "", false, "AFK_KILL_SWITCH"),
                Arguments.of("kill switch unset (defaults on)", "", A, false, "AFK_KILL_SWITCH"),
                Arguments.of("both keys turned", "false", A, true, ""));
    }

    @ParameterizedTest(name = "{0} -> dispatches: {3}")
    @MethodSource("armingKeys")
    void dispatchNeedsBothKeysKillSwitchOffAndRepoAllowlisted(String name, String kill, String allowlist,
            boolean dispatches, String namedKey) {
        Map<String, String> v = armedValues(A);
        v.put("afk.kill-switch", kill);
        v.put("afk.allowlist", allowlist);
        Issue ready = issue(A, 1, 0, READY);
        Issue runningElsewhere = issue(OTHER, 2, 0, RUNNING);

        Plan plan = tick(Config.fromMap(v)).issues(ready, runningElsewhere).plan();

        if (dispatches) {
            assertThat(dispatched(plan)).containsExactly(ready.key());
        } else {
            assertThat(plan.dispatch()).isEmpty();
            assertThat(plan.inFlight()).isZero();
            assertThat(plan.skipped()).extracting(Skip::reason)
                    .containsExactly(SkipReason.DISARMED, SkipReason.DISARMED);
            assertThat(plan.skipped()).allSatisfy(s -> assertThat(s.detail()).contains(namedKey));
        }
    }

    @Test
    void disarmedSkipsEvenHalfFinishedStamps() {
        Map<String, String> v = armedValues(A);
        v.put("afk.kill-switch", "true");
        Plan plan = tick(Config.fromMap(v)).issues(issue(A, 1, 0, READY, RUNNING)).plan();

        assertThat(plan.dispatch()).isEmpty();
        assertThat(plan.skipped()).extracting(Skip::reason).containsExactly(SkipReason.DISARMED);
    }

    @Test
    void repoOutsideTheAllowlistIsSkippedAndDoesNotLockOrCount() {
        Issue foreign = issue(OTHER, 1, 0, READY);
        Issue foreignRunning = issue(OTHER, 2, 0, RUNNING);
        Issue ours = issue(A, 1, 5, READY);

        Plan plan = tick(armed(1, A)).issues(foreign, foreignRunning, ours).plan();

        assertThat(dispatched(plan)).containsExactly(ours.key());
        assertThat(reasonOf(plan, foreign.key())).isEqualTo(SkipReason.NOT_ALLOWLISTED);
        assertThat(reasonOf(plan, foreignRunning.key())).isEqualTo(SkipReason.NOT_ALLOWLISTED);
        assertThat(skipOf(plan, foreign.key()).detail()).contains(OTHER).contains("AFK_ALLOWLIST");
        assertThat(plan.inFlight()).isZero();
    }

    // --- the ladder for a single issue ---------------------------------------------------------------------------

    static Stream<Arguments> singleIssueLadder() {
        Issue ready = issue(A, 1, 0, READY);
        return Stream.of(
                Arguments.of("pull request", pullRequest(ready), SkipReason.PULL_REQUEST),
                Arguments.of("closed issue", closed(ready), SkipReason.CLOSED),
                Arguments.of("closed pull request: PR rung comes first", closed(pullRequest(ready)),
                        SkipReason.PULL_REQUEST),
                Arguments.of("unallowlisted closed PR: allowlist rung comes first",
                        closed(pullRequest(issue(OTHER, 1, 0, READY))), SkipReason.NOT_ALLOWLISTED),
                Arguments.of("closed with human label: closed rung comes first", closed(issue(A, 1, 0, HUMAN)),
                        SkipReason.CLOSED),
                Arguments.of("human label beside ready", issue(A, 1, 0, READY, HUMAN), SkipReason.HUMAN_LABEL),
                Arguments.of("human label beside in-progress", issue(A, 1, 0, RUNNING, HUMAN),
                        SkipReason.HUMAN_LABEL),
                Arguments.of("human label beside both", issue(A, 1, 0, READY, RUNNING, HUMAN),
                        SkipReason.HUMAN_LABEL),
                Arguments.of("human label alone", issue(A, 1, 0, HUMAN), SkipReason.HUMAN_LABEL),
                Arguments.of("in-progress only: a run in flight", issue(A, 1, 0, RUNNING), SkipReason.RUNNING),
                Arguments.of("neither label", issue(A, 1, 0, "bug"), SkipReason.NOT_READY),
                Arguments.of("no labels at all", issue(A, 1, 0), SkipReason.NOT_READY));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("singleIssueLadder")
    void eachIssueIsSkippedByTheFirstRungItHits(String name, Issue issue, SkipReason expected) {
        Plan plan = tick(armed(A)).issues(issue).plan();

        assertThat(plan.dispatch()).isEmpty();
        assertThat(plan.skipped()).extracting(Skip::reason).containsExactly(expected);
    }

    @Test
    void humanLabelDominatesAndNeitherLocksTheRepoNorCountsInFlight() {
        Issue handedBack = issue(A, 1, 0, RUNNING, HUMAN);
        Issue ready = issue(A, 2, 1, READY);

        Plan plan = tick(armed(1, A)).issues(handedBack, ready).plan();

        assertThat(dispatched(plan)).containsExactly(ready.key());
        assertThat(reasonOf(plan, handedBack.key())).isEqualTo(SkipReason.HUMAN_LABEL);
        assertThat(plan.inFlight()).isZero();
    }

    @Test
    void closedAndPullRequestInProgressIssuesNeitherLockNorCount() {
        Issue closedRunning = closed(issue(A, 1, 0, RUNNING));
        Issue prRunning = pullRequest(issue(B, 1, 0, RUNNING));
        Issue readyA = issue(A, 2, 1, READY);
        Issue readyB = issue(B, 2, 2, READY);

        Plan plan = tick(armed(2, A, B)).issues(closedRunning, prRunning, readyA, readyB).plan();

        assertThat(dispatched(plan)).containsExactly(readyA.key(), readyB.key());
        assertThat(plan.inFlight()).isZero();
    }

    // --- per-repo lock ---------------------------------------------------------------------------------------------

    @Test
    void oneRunPerRepoAnInProgressIssueLocksItsRepo() {
        Issue running = issue(A, 1, 0, RUNNING);
        Issue ready = issue(A, 2, 1, READY);
        Issue elsewhere = issue(B, 1, 2, READY);

        Plan plan = tick(armed(A, B)).issues(running, ready, elsewhere).plan();

        assertThat(dispatched(plan)).containsExactly(elsewhere.key());
        assertThat(reasonOf(plan, ready.key())).isEqualTo(SkipReason.REPO_LOCKED);
        assertThat(skipOf(plan, ready.key()).detail()).contains(running.key().toString());
        assertThat(reasonOf(plan, running.key())).isEqualTo(SkipReason.RUNNING);
        assertThat(plan.inFlight()).isEqualTo(1);
    }

    @Test
    void oneRunPerRepoTheIssueChosenThisTickLocksItsRepo() {
        Issue older = issue(A, 7, 0, READY);
        Issue newer = issue(A, 3, 10, READY);

        Plan plan = tick(armed(A)).issues(newer, older).plan();

        assertThat(dispatched(plan)).containsExactly(older.key());
        assertThat(reasonOf(plan, newer.key())).isEqualTo(SkipReason.REPO_LOCKED);
        assertThat(skipOf(plan, newer.key()).detail()).contains(older.key().toString());
    }

    // --- global cap ------------------------------------------------------------------------------------------------

    @Test
    void globalCapLimitsNewDispatchesOldestFirst() {
        Issue a = issue(A, 1, 20, READY);
        Issue b = issue(B, 1, 10, READY);
        Issue c = issue(C, 1, 30, READY);

        Plan plan = tick(armed(2, A, B, C)).issues(a, b, c).plan();

        assertThat(dispatched(plan)).containsExactly(b.key(), a.key());
        assertThat(reasonOf(plan, c.key())).isEqualTo(SkipReason.GLOBAL_CAP);
        assertThat(skipOf(plan, c.key()).detail()).contains("AFK_MAX_IN_FLIGHT=2");
    }

    @Test
    void globalCapCountsRunsAlreadyInFlight() {
        Issue runningA = issue(A, 1, 0, RUNNING);
        Issue runningB = issue(B, 1, 0, RUNNING);
        Issue readyC = issue(C, 1, 0, READY);

        Plan plan = tick(armed(2, A, B, C)).issues(runningA, runningB, readyC).plan();

        assertThat(plan.dispatch()).isEmpty();
        assertThat(reasonOf(plan, readyC.key())).isEqualTo(SkipReason.GLOBAL_CAP);
        assertThat(plan.inFlight()).isEqualTo(2);
    }

    @Test
    void aCapAlreadyExceededAddsNothingAndReportsTheTrueCount() {
        Plan plan = tick(armed(1, A, B, C))
                .issues(issue(A, 1, 0, RUNNING), issue(B, 1, 0, RUNNING), issue(C, 1, 0, READY))
                .plan();

        assertThat(plan.dispatch()).isEmpty();
        assertThat(plan.inFlight()).isEqualTo(2);
    }

    // --- oldest first ----------------------------------------------------------------------------------------------

    @Test
    void oldestFirstByCreationTimeNotByNumberOrListingOrder() {
        Issue young = issue(A, 1, 50, READY);
        Issue old = issue(B, 99, 5, READY);

        Plan plan = tick(armed(1, A, B)).issues(young, old).plan();

        assertThat(dispatched(plan)).containsExactly(old.key());
        assertThat(reasonOf(plan, young.key())).isEqualTo(SkipReason.GLOBAL_CAP);
    }

    @Test
    void oldestFirstTiesAreBrokenByKey() {
        Issue later = issue(B, 1, 0, READY);
        Issue first = issue(A, 2, 0, READY);

        Plan plan = tick(armed(1, A, B)).issues(later, first).plan();

        assertThat(dispatched(plan)).containsExactly(first.key());
    }

    // --- half-finished stamps ------------------------------------------------------------------------------------

    @Test
    void halfFinishedStampIsFinished() {
        Issue stamp = issue(A, 4, 0, READY, RUNNING);

        Plan plan = tick(armed(A)).issues(stamp).plan();

        assertThat(plan.dispatch()).containsExactly(new Dispatch(stamp, true));
        assertThat(plan.skipped()).isEmpty();
        assertThat(plan.inFlight()).isEqualTo(1);
    }

    @Test
    void halfFinishedStampNeedsNoFreeSlotAndIgnoresItsOwnRepoLock() {
        Issue running = issue(A, 1, 0, RUNNING);
        Issue stamp = issue(A, 2, 5, READY, RUNNING);
        Issue runningB = issue(B, 1, 0, RUNNING);

        Plan plan = tick(armed(1, A, B)).issues(running, stamp, runningB).plan();

        assertThat(plan.dispatch()).containsExactly(new Dispatch(stamp, true));
        assertThat(plan.inFlight()).isEqualTo(3);
    }

    @Test
    void halfFinishedStampHoldsASlotAndItsRepo() {
        Issue stamp = issue(A, 1, 30, READY, RUNNING);
        Issue sameRepo = issue(A, 2, 0, READY);
        Issue otherRepo = issue(B, 1, 0, READY);

        Plan plan = tick(armed(1, A, B)).issues(stamp, sameRepo, otherRepo).plan();

        assertThat(dispatched(plan)).containsExactly(stamp.key());
        assertThat(reasonOf(plan, sameRepo.key())).isEqualTo(SkipReason.REPO_LOCKED);
        assertThat(reasonOf(plan, otherRepo.key())).isEqualTo(SkipReason.GLOBAL_CAP);
    }

    @Test
    void finishStampsAreListedBeforeNewDispatches() {
        Issue fresh = issue(A, 1, 0, READY);
        Issue stamp = issue(B, 1, 60, READY, RUNNING);

        Plan plan = tick(armed(A, B)).issues(fresh, stamp).plan();

        assertThat(plan.dispatch()).extracting(Dispatch::finishStamp).containsExactly(true, false);
        assertThat(dispatched(plan)).containsExactly(stamp.key(), fresh.key());
    }

    // --- trusted labelers ------------------------------------------------------------------------------------------

    static Stream<Arguments> labelers() {
        return Stream.of(
                Arguments.of("no trusted set, labeler unknown", Set.of(), null, true),
                Arguments.of("no trusted set, anyone", Set.of(), "mallory", true),
                Arguments.of("trusted labeler", Set.of("alice", "bob"), "alice", true),
                Arguments.of("trusted labeler, other case (logins ignore case)", Set.of("alice"), "Alice", true),
                Arguments.of("untrusted labeler", Set.of("alice"), "mallory", false),
                Arguments.of("unknown labeler", Set.of("alice"), null, false),
                Arguments.of("blank labeler", Set.of("alice"), " ", false));
    }

    @ParameterizedTest(name = "{0} -> dispatched: {3}")
    @MethodSource("labelers")
    void onlyTrustedLabelersCountWhenTheyAreConfigured(String name, Set<String> trusted, String labeler,
            boolean dispatches) {
        Issue ready = issue(A, 1, 0, READY);
        PolicyFixtures.Tick t = tick(armedTrusting(trusted, A)).issues(ready);
        if (labeler != null) {
            t.labeler(ready.key(), labeler);
        }

        Plan plan = t.plan();

        if (dispatches) {
            assertThat(dispatched(plan)).containsExactly(ready.key());
        } else {
            assertThat(plan.dispatch()).isEmpty();
            assertThat(reasonOf(plan, ready.key())).isEqualTo(SkipReason.UNTRUSTED_LABELER);
            assertThat(skipOf(plan, ready.key()).detail()).contains("AFK_TRUSTED_LABELERS");
        }
    }

    @Test
    void anUntrustedIssueTakesNoSlotAndNoRepo() {
        Issue untrusted = issue(A, 1, 0, READY);
        Issue trusted = issue(A, 2, 10, READY);

        Plan plan = tick(Config.fromMap(withTrusted(armedValues(A), "alice", 1)))
                .issues(untrusted, trusted)
                .labeler(untrusted.key(), "mallory")
                .labeler(trusted.key(), "alice")
                .plan();

        assertThat(dispatched(plan)).containsExactly(trusted.key());
        assertThat(reasonOf(plan, untrusted.key())).isEqualTo(SkipReason.UNTRUSTED_LABELER);
    }

    @Test
    void trustedLabelersDoNotBlockFinishingAStamp() {
        Issue stamp = issue(A, 1, 0, READY, RUNNING);

        Plan plan = tick(armedTrusting(Set.of("alice"), A)).issues(stamp).plan();

        assertThat(dispatched(plan)).containsExactly(stamp.key());
    }

    private static Map<String, String> withTrusted(Map<String, String> v, String trusted, int maxInFlight) {
        v.put("afk.trusted-labelers", trusted);
        v.put("afk.max-in-flight", Integer.toString(maxInFlight));
        return v;
    }

    // --- attempt numbering -----------------------------------------------------------------------------------------

    static Stream<Arguments> attempts() {
        return Stream.of(
                Arguments.of("no record", null, 1),
                Arguments.of("open record 1: the interrupted attempt again", openRecord(1), 1),
                Arguments.of("open record 3", openRecord(3), 3),
                Arguments.of("ended record 1: the next attempt", endedRecord(1), 2),
                Arguments.of("ended record 3", endedRecord(3), 4));
    }

    @ParameterizedTest(name = "{0} -> attempt {2}")
    @MethodSource("attempts")
    void attemptComesFromTheRecordOpenAgainEndedPlusOneNoneIsOne(String name, RunRecord record, int expected) {
        assertThat(DispatchPolicy.attemptFor(record)).isEqualTo(expected);
    }

    // --- the re-read rule of a dispatch ----------------------------------------------------------------------------

    static Stream<Arguments> rereads() {
        Issue ready = issue(A, 1, 0, READY);
        return Stream.of(
                Arguments.of("still ready", ready, null, null),
                Arguments.of("a stamp to finish (both labels)", issue(A, 1, 0, READY, RUNNING), null, null),
                Arguments.of("closed since", closed(ready), SkipReason.CLOSED, "closed since the listing"),
                Arguments.of("handed to a human since", issue(A, 1, 0, READY, HUMAN), SkipReason.HUMAN_LABEL,
                        "ready-for-human was added since the listing"),
                Arguments.of("ready removed since", issue(A, 1, 0), SkipReason.NOT_READY,
                        "ready-for-agent was removed since the listing"),
                Arguments.of("ready removed, lock kept", issue(A, 1, 0, RUNNING), SkipReason.NOT_READY,
                        "ready-for-agent was removed since the listing"),
                Arguments.of("closed and unlabelled: the gate's rung first", closed(issue(A, 1, 0)),
                        SkipReason.CLOSED, "closed since the listing"),
                Arguments.of("a pull request", pullRequest(ready), SkipReason.PULL_REQUEST,
                        SkipReason.PULL_REQUEST.text()),
                Arguments.of("not allowlisted", issue(OTHER, 1, 0, READY), SkipReason.NOT_ALLOWLISTED,
                        "stranger/repo is not in AFK_ALLOWLIST"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("rereads")
    void theRereadGoesOnOnlyForAnIssueStillOpenReadyAndNotHandedBack(String name, Issue fresh, SkipReason reason,
                                                                       String detail) {
        var reread = DispatchPolicy.reread(armed(A), fresh);

        if (reason == null) {
            assertThat(reread).isEmpty();
        } else {
            assertThat(reread).contains(new Skip(fresh.key(), reason, detail));
        }
    }

    // --- duplicates across the two listings ------------------------------------------------------------------------

    @Test
    void anIssueListedByBothQueriesIsPlannedOnce() {
        Issue stamp = issue(A, 1, 0, READY, RUNNING);

        Plan plan = tick(armed(A)).issues(stamp, stamp).plan();

        assertThat(plan.dispatch()).containsExactly(new Dispatch(stamp, true));
        assertThat(plan.skipped()).isEmpty();
        assertThat(plan.inFlight()).isEqualTo(1);
    }

    @Test
    void copiesListedWithDifferentLabelsAreMergedWhateverTheOrder() {
        // The stamp moved between the two listings: the ready query saw one label, the in-progress query the other.
        Issue asReady = issue(A, 1, 0, READY);
        Issue asRunning = issue(A, 1, 0, RUNNING);
        Issue both = issue(A, 1, 0, READY, RUNNING);

        Plan forward = tick(armed(A)).issues(asReady, asRunning).plan();
        Plan backward = tick(armed(A)).issues(asRunning, asReady).plan();

        assertThat(forward.dispatch()).containsExactly(new Dispatch(both, true));
        assertThat(backward).isEqualTo(forward);
    }

    @Test
    void aHumanLabelOnAnyCopyWins() {
        Issue ready = issue(A, 1, 0, READY);
        Issue handedBack = issue(A, 1, 0, READY, HUMAN);

        Plan plan = tick(armed(A)).issues(ready, handedBack).plan();

        assertThat(plan.dispatch()).isEmpty();
        assertThat(plan.skipped()).extracting(Skip::reason).containsExactly(SkipReason.HUMAN_LABEL);
    }

    @Test
    void aClosedCopyWins() {
        Issue ready = issue(A, 1, 0, READY);

        Plan plan = tick(armed(A)).issues(closed(ready), ready).plan();

        assertThat(plan.skipped()).extracting(Skip::reason).containsExactly(SkipReason.CLOSED);
    }

    @Test
    void aLabelerLookUpThatFoundNobodyCountsAsUnknown() {
        Issue ready = issue(A, 1, 0, READY);
        Map<IssueKey, String> labelers = new java.util.HashMap<>();
        labelers.put(ready.key(), null);

        Plan plan = DispatchPolicy.plan(new DispatchPolicy.Snapshot(
                armedTrusting(Set.of("alice"), A), List.of(ready), labelers));

        assertThat(reasonOf(plan, ready.key())).isEqualTo(SkipReason.UNTRUSTED_LABELER);
    }

    // --- a whole tick ----------------------------------------------------------------------------------------------

    @Test
    void wholeTickGolden() {
        Map<String, String> v = armedValues(A, B, C);
        v.put("afk.max-in-flight", "3");
        v.put("afk.trusted-labelers", "alice,bob");
        Config config = Config.fromMap(v);

        Issue a1Running = issue(A, 1, 0, RUNNING);                      // in flight, locks acme/api
        Issue a2Ready = issue(A, 2, 5, READY);                          // locked out by a1
        Issue a3Human = issue(A, 3, 1, READY, HUMAN);                   // handed back
        Issue b4Stamp = issue(B, 4, 40, READY, RUNNING);                // half stamp
        Issue b5Ready = issue(B, 5, 2, READY);                          // locked by the stamp
        Issue c6Old = issue(C, 6, 3, READY);                            // oldest trusted: dispatched
        Issue c7Young = issue(C, 7, 4, READY);                          // locked by c6 this tick
        Issue c8Untrusted = issue(C, 8, 1, READY);                      // mallory labelled it
        Issue c9Pr = pullRequest(issue(C, 9, 0, READY));
        Issue c10Closed = closed(issue(C, 10, 0, RUNNING));
        Issue foreign = issue(OTHER, 1, 0, READY);
        Issue c11Unknown = issue(C, 11, 0, READY);                      // labeler not looked up

        Plan plan = tick(config)
                .issues(c7Young, foreign, a2Ready, b4Stamp, c9Pr, a1Running, c6Old, c10Closed,
                        a3Human, b5Ready, c8Untrusted, c11Unknown, b4Stamp, a1Running)
                .labeler(a2Ready.key(), "alice")
                .labeler(b5Ready.key(), "bob")
                .labeler(c6Old.key(), "Bob")
                .labeler(c7Young.key(), "alice")
                .labeler(c8Untrusted.key(), "mallory")
                .plan();

        Plan expected = new Plan(
                List.of(new Dispatch(b4Stamp, true), new Dispatch(c6Old, false)),
                List.of( // by key: acme/api < acme/docs < acme/web < stranger/repo
                        new Skip(key(A, 1), SkipReason.RUNNING, SkipReason.RUNNING.text()),
                        new Skip(key(A, 2), SkipReason.REPO_LOCKED, "acme/api#1 is in flight"),
                        new Skip(key(A, 3), SkipReason.HUMAN_LABEL, "carries ready-for-human"),
                        new Skip(key(C, 7), SkipReason.REPO_LOCKED, "acme/docs#6 was chosen this tick"),
                        new Skip(key(C, 8), SkipReason.UNTRUSTED_LABELER,
                                "ready-for-agent applied by 'mallory', who is not in AFK_TRUSTED_LABELERS"),
                        new Skip(key(C, 9), SkipReason.PULL_REQUEST, SkipReason.PULL_REQUEST.text()),
                        new Skip(key(C, 10), SkipReason.CLOSED, SkipReason.CLOSED.text()),
                        new Skip(key(C, 11), SkipReason.UNTRUSTED_LABELER,
                                "who applied ready-for-agent is unknown and AFK_TRUSTED_LABELERS is set"),
                        new Skip(key(B, 5), SkipReason.REPO_LOCKED, "acme/web#4 is in flight"),
                        new Skip(key(OTHER, 1), SkipReason.NOT_ALLOWLISTED, "stranger/repo is not in AFK_ALLOWLIST")),
                2);
        assertThat(plan).isEqualTo(expected);
    }

    // --- a repo AFK could not read ---------------------------------------------------------------------------------

    @Test
    void aRepoWhoseListingFailedKeepsItsSlotSoTheCapHolds() {
        // Issue 7.3: cap 1, the run in A is not visible this tick because A's listing failed.
        Plan plan = tick(armed(1, A, B)).blind(A).issues(issue(B, 1, 0, READY)).plan();
        assertThat(dispatched(plan)).isEmpty();
        assertThat(reasonOf(plan, key(B, 1))).isEqualTo(SkipReason.GLOBAL_CAP);
        assertThat(plan.inFlight()).isEqualTo(1);
    }

    @Test
    void aBlindRepoIsLockedEvenWithRoomUnderTheCap() {
        Plan plan = tick(armed(3, A, B)).blind(A).issues(issue(A, 1, 0, READY), issue(B, 2, 1, READY)).plan();
        assertThat(dispatched(plan)).containsExactly(key(B, 2));
        assertThat(skipOf(plan, key(A, 1)).reason()).isEqualTo(SkipReason.REPO_LOCKED);
        assertThat(skipOf(plan, key(A, 1)).detail()).contains("could not be read");
    }

    @Test
    void aBlindRepoWhoseRunIsListedIsNotCountedTwice() {
        Plan plan = tick(armed(2, A, B)).blind(A).issues(issue(A, 1, 0, RUNNING), issue(B, 2, 1, READY)).plan();
        assertThat(plan.inFlight()).isEqualTo(1);
        assertThat(dispatched(plan)).containsExactly(key(B, 2));
    }

    @Test
    void aBlindRepoOutsideTheAllowlistHoldsNothing() {
        Plan plan = tick(armed(1, B)).blind(OTHER).issues(issue(B, 2, 1, READY)).plan();
        assertThat(dispatched(plan)).containsExactly(key(B, 2));
    }
}
