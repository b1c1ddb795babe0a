package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.RunIds;
import dev.afk.core.RunRecord;
import dev.afk.sim.Behaviour;
import dev.afk.sim.SandboxScript;
import dev.afk.sim.SimFault;
import dev.afk.sim.T3Simulator;
import dev.afk.sim.TrackerModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * What a person sees when one write of a run fails once (or the plane restarts) at an awkward moment: the run must
 * still end the way it would have without the failure, with its labels clean and one doorbell per hand-off. Every
 * fault is injected on the simulators and asserted to have hit (a test whose fault never fired proves nothing).
 *
 * <p>An idempotent tracker call (label add/remove, comment edit, close) is retried by the plane
 * {@value #FORGEJO_RETRIES} times, so "the write fails once" means {@value #FORGEJO_RETRIES} + 1 failed HTTP calls;
 * creating a comment is never retried, so there it is one.
 */
class ReliabilityE2ETest extends E2eSupport {

    private static final int FORGEJO_RETRIES = 3;
    private static final String REPO = "acme/widgets";
    private static final String ISSUE_1 = "/api/v1/repos/acme/widgets/issues/1";

    private void start(String allowlist, Map<String, String> extra) {
        Map<String, String> p = new java.util.LinkedHashMap<>(extra);
        p.put("afk.http.retries", Integer.toString(FORGEJO_RETRIES));
        startPlane(allowlist, p);
    }

    private void start() {
        start(REPO, Map.of());
    }

    /** One failed operation: the HTTP call and, for an idempotent one, every retry of it. */
    private void failOnce(String method, String pathRegex, boolean idempotent) {
        sandbox.trackerSim().inject(SimFault.reply(method, pathRegex, 500, "{\"message\":\"injected failure\"}",
                idempotent ? FORGEJO_RETRIES + 1 : 1));
    }

    private long failedCalls(String method, String pathRegex) {
        return sandbox.trackerSim().requests().stream().filter(r -> r.method().equals(method)
                && r.path().matches(pathRegex) && r.status() == 500).count();
    }

    private boolean roundsUntilOrGiveUp(BooleanSupplier done, int max) {
        for (int i = 0; i < max && !done.getAsBoolean(); i++) {
            round();
        }
        return done.getAsBoolean();
    }

    private void rounds(int n) {
        for (int i = 0; i < n; i++) {
            round();
        }
    }

    private List<String> doorbells() {
        return sandbox.slack().messages().stream().map(m -> m.path("text").asText()).toList();
    }

    private String thread1() {
        return RunIds.threadId(key(REPO, 1), 1);
    }

    private String story() {
        return "labels=" + labels(REPO, 1) + " open=" + issue(REPO, 1).open() + " record="
                + record(REPO, 1).orElse(null) + " doorbell evidence=" + doorbellEvidence();
    }

    /** The evidence section of every doorbell: why AFK handed the issue back. */
    private List<String> doorbellEvidence() {
        List<String> out = new java.util.ArrayList<>();
        sandbox.slack().messages().forEach(m -> m.path("blocks").forEach(b -> {
            String text = b.path("text").path("text").asText("");
            if (text.startsWith("*Evidence*")) {
                out.add(text.substring("*Evidence*".length()).strip());
            }
        }));
        return out;
    }

    // ---- 7.1 a retried dispatch must not re-stamp its time ----

    /** The agent works as soon as T3 has the turn; here it pushes during the minute the AFK record is missing. */
    private void agentPushesWhileTheRecordIsMissing() {
        for (int i = 0; i < 4; i++) { // session start, tests-red, green, push (the turn completes)
            clock.advance(Duration.ofSeconds(15));
            sandbox.script().pump();
        }
        T3Simulator.ThreadSnapshot t = sandbox.t3().thread(thread1()).orElseThrow();
        assertThat(t.messages()).as("precondition: the agent pushed")
                .anyMatch(m -> m.text().contains("AFK-PHASE: pushed"));
        assertThat(afkComments(REPO, 1)).as("precondition: no AFK record yet").isEmpty();
    }

    @Test
    void aDispatchWhoseRecordWriteFailedOnceIsClosedWhenTheAgentPushedBeforeTheRetry() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Add a /healthz endpoint", "k8s", Behaviour.SUCCEEDS);
        start();
        failOnce("POST", ISSUE_1 + "/comments", false);

        plane.poll(); // T3 has the thread and the turn; the AFK comment write fails
        assertThat(failedCalls("POST", ISSUE_1 + "/comments")).as("precondition: the record write failed").isEqualTo(1);
        assertThat(sandbox.t3().turnsFor(thread1())).as("precondition: T3 accepted the turn").hasSize(1);
        agentPushesWhileTheRecordIsMissing();

        clock.advance(Duration.ofMinutes(1));
        plane.poll(); // the next tick finishes the stamp
        assertThat(record(REPO, 1)).as("precondition: the retry wrote the record").isPresent();

        roundsUntilOrGiveUp(() -> !issue(REPO, 1).open() || labels(REPO, 1).contains(HUMAN), 20);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(labels(REPO, 1)).as("not handed back (%s)", story()).doesNotContain(HUMAN);
        soft.assertThat(issue(REPO, 1).open()).as("the pushed, green, deployed run closed the issue").isFalse();
        soft.assertAll();
    }

    @Test
    void aRestartBetweenTheTurnAndTheRecordStillLetsThePushedRunClose() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Add a /healthz endpoint", "k8s", Behaviour.SUCCEEDS);
        start();
        // The crash point of CrashRecoveryE2ETest "after thread.turn.start": the comment write never lands.
        sandbox.trackerSim().inject(SimFault.reply("POST", ISSUE_1 + "/comments", 503, "{\"message\":\"crashed\"}", -1));
        plane.poll();
        assertThat(sandbox.trackerSim().requests()).as("precondition: the record write was refused")
                .anyMatch(r -> r.method().equals("POST") && r.path().equals(ISSUE_1 + "/comments")
                        && r.status() == 503);
        agentPushesWhileTheRecordIsMissing();

        sandbox.trackerSim().clearFaults();
        clock.advance(Duration.ofMinutes(1));
        restartPlane(REPO);
        plane.poll();
        assertThat(record(REPO, 1)).as("precondition: the new plane wrote the record").isPresent();

        roundsUntilOrGiveUp(() -> !issue(REPO, 1).open() || labels(REPO, 1).contains(HUMAN), 20);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(labels(REPO, 1)).as("not handed back (%s)", story()).doesNotContain(HUMAN);
        soft.assertThat(issue(REPO, 1).open()).as("the pushed, green, deployed run closed the issue").isFalse();
        soft.assertThat(sandbox.t3().threads()).as("one thread").hasSize(1);
        soft.assertThat(sandbox.t3().turnsFor(thread1())).as("one turn").hasSize(1);
        soft.assertThat(afkComments(REPO, 1)).as("one AFK comment").hasSize(1);
        soft.assertAll();
    }

    /**
     * Runs rounds until the first push's CI is red, and makes the record write of the fix-forward that follows fail
     * once (the corrective turn itself reaches T3).
     */
    private void failTheRecordWriteOfTheFirstFixForward(String repo) {
        String thread = RunIds.threadId(key(repo, 1), 1);
        String edit = "/api/v1/repos/" + repo + "/issues/comments/\\d+";
        boolean injected = false;
        for (int i = 0; i < 30 && sandbox.t3().turnsFor(thread).size() < 2; i++) {
            sandbox.script().pump();
            clock.advance(Duration.ofSeconds(5));
            if (!injected && firstPushIsRed(repo)) {
                failOnce("PATCH", edit, true);
                injected = true;
            }
            plane.watch();
            plane.poll();
        }
        assertThat(sandbox.t3().turnsFor(thread)).as("precondition: the fix-forward turn reached T3").hasSize(2);
        assertThat(failedCalls("PATCH", edit)).as("precondition: its record write failed")
                .isEqualTo(FORGEJO_RETRIES + 1);
        assertThat(record(repo, 1).orElseThrow().fixForward()).as("precondition: the record missed the round")
                .isZero();
    }

    private boolean firstPushIsRed(String repo) {
        String sha = record(repo, 1).map(RunRecord::sha).orElse(null);
        return sha != null && sandbox.model().statuses(repo, sha).stream()
                .anyMatch(s -> s.context().equals(SandboxScript.CI_CONTEXT) && s.state().equals("failure"));
    }

    @Test
    void aFixForwardWhoseRecordWriteFailedOnceStillClosesOnTheGreenFix() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Fix the date parser", "29 Feb fails.", Behaviour.CI_RED_ONCE);
        start();
        plane.poll();
        failTheRecordWriteOfTheFirstFixForward(REPO);
        clock.advance(Duration.ofSeconds(30));
        plane.watch(); // the next tick, before the agent picked the corrective turn up, writes the record
        assertThat(record(REPO, 1).orElseThrow().fixForward()).as("precondition: the retry recorded the round")
                .isEqualTo(1);

        boolean ended = roundsUntilOrGiveUp(() -> !issue(REPO, 1).open() || labels(REPO, 1).contains(HUMAN), 12);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(ended).as("the run ended within 12 rounds, not at the stall timeout (%s)", story()).isTrue();
        soft.assertThat(issue(REPO, 1).open()).as("the green fix closed the issue (%s)", story()).isFalse();
        soft.assertThat(sandbox.t3().turnsFor(thread1())).as("first turn + one fix-forward").hasSize(2);
        soft.assertAll();
    }

    @Test
    void aFixForwardWhoseRecordWriteFailedOnceStillSpendsTheBudgetAndEscalatesCiExhausted() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Speed up the build", "40 minutes.", Behaviour.CI_RED_FOREVER);
        start();
        plane.poll();
        failTheRecordWriteOfTheFirstFixForward(REPO);

        boolean ended = roundsUntilOrGiveUp(() -> labels(REPO, 1).contains(HUMAN), 40);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(ended).as("handed back within 40 rounds, not at the 90-minute stall timeout (%s; turns=%s)",
                story(), sandbox.t3().turnsFor(thread1()).size()).isTrue();
        soft.assertThat(sandbox.t3().turnsFor(thread1())).as("first turn + both fix-forward rounds").hasSize(3);
        soft.assertThat(record(REPO, 1).map(RunRecord::endReason).orElse(null)).isEqualTo("CI_EXHAUSTED");
        soft.assertAll();
    }

    // ---- 7.2 label writes after a close or a hand-off that never finished ----

    @Test
    void anInProgressLabelWhoseRemovalFailedAfterTheCloseIsRemovedByALaterTick() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Add a /healthz endpoint", "k8s", Behaviour.SUCCEEDS);
        start();
        plane.poll();
        failOnce("DELETE", ISSUE_1 + "/labels/\\d+", true); // the next label removal is the lock's, after the close

        roundsUntil(() -> !issue(REPO, 1).open(), 30);
        assertThat(failedCalls("DELETE", ISSUE_1 + "/labels/\\d+")).as("precondition: the lock removal failed")
                .isEqualTo(FORGEJO_RETRIES + 1);
        assertThat(labels(REPO, 1)).as("precondition: the lock was left").contains(IN_PROGRESS);
        rounds(3);

        assertThat(labels(REPO, 1)).as("the closed issue carries no AFK label (%s)", story())
                .doesNotContain(IN_PROGRESS, READY);
    }

    @Test
    void anInProgressLabelWhoseRemovalFailedAfterAHandOffIsRemovedLaterWithoutALoggedRelease() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Refactor the widget cache", "Split it.", Behaviour.ERRORS);
        start();
        plane.poll();
        failOnce("DELETE", ISSUE_1 + "/labels/\\d+", true);

        try (AfkLog log = AfkLog.attach()) {
            roundsUntil(() -> labels(REPO, 1).contains(HUMAN), 20);
            assertThat(failedCalls("DELETE", ISSUE_1 + "/labels/\\d+")).as("precondition: the lock removal failed")
                    .isEqualTo(FORGEJO_RETRIES + 1);
            assertThat(labels(REPO, 1)).as("precondition: the lock was left").contains(IN_PROGRESS);
            rounds(3);

            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(labels(REPO, 1)).as("the handed-back issue lost its lock (%s)", story())
                    .contains(HUMAN).doesNotContain(IN_PROGRESS);
            soft.assertThat(log.containing("released issue=" + REPO + "#1"))
                    .as("AFK's own hand-off is not a person's release").isEmpty();
            soft.assertThat(doorbells()).as("one doorbell").hasSize(1);
            soft.assertAll();
        }
    }

    @Test
    void anIssueAPersonReopenedAfterAfkClosedItIsNotClosedAgain() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Add a /healthz endpoint", "k8s", Behaviour.SUCCEEDS);
        start();
        plane.poll();
        // The lock removal after the close fails, so the reopened issue is still in AFK's in-progress listing.
        failOnce("DELETE", ISSUE_1 + "/labels/\\d+", true);
        roundsUntil(() -> !issue(REPO, 1).open(), 30);
        assertThat(labels(REPO, 1)).as("precondition: the lock was left").contains(IN_PROGRESS);

        sandbox.model().setOpen(REPO, 1, true, null); // a person: "not done yet"
        long reopenedAt = sandbox.model().changes().size();
        rounds(3);

        List<TrackerModel.Change> closesAfter = sandbox.model().changes().stream().skip(reopenedAt)
                .filter(c -> c.kind() == TrackerModel.ChangeKind.CLOSED).toList();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(closesAfter).as("AFK closed the reopened issue again (%s)", story()).isEmpty();
        soft.assertThat(issue(REPO, 1).open()).as("the person's reopen stands").isTrue();
        soft.assertThat(labels(REPO, 1)).as("the ended attempt's lock is gone").doesNotContain(IN_PROGRESS);
        soft.assertAll();
    }

    // ---- 7.3 the cap when a repo's listing fails ----

    @Test
    void aFailedListingOfTheRepoHoldingTheOnlySlotDispatchesNothingElsewhere() {
        sandbox.repo("acme/a");
        sandbox.repo("acme/b");
        sandbox.readyIssue("acme/a", "Holds the slot", "", Behaviour.STALLS);
        sandbox.readyIssue("acme/b", "Waits for the slot", "", Behaviour.STALLS);
        start("acme/a,acme/b", Map.of("afk.max-in-flight", "1"));
        plane.poll();
        assertThat(labels("acme/a", 1)).as("precondition: a's run holds the slot").contains(IN_PROGRESS);
        assertThat(labels("acme/b", 1)).as("precondition: b waits").containsExactly(READY);

        sandbox.trackerSim().inject(SimFault.reply("GET", "/api/v1/repos/acme/a/issues", 500,
                "{\"message\":\"injected failure\"}", -1));
        clock.advance(Duration.ofMinutes(1));
        plane.poll();
        sandbox.trackerSim().clearFaults();
        assertThat(failedCalls("GET", "/api/v1/repos/acme/a/issues")).as("precondition: a's listing failed")
                .isPositive();

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(labels("acme/b", 1)).as("b was not dispatched past AFK_MAX_IN_FLIGHT=1")
                .containsExactly(READY);
        soft.assertThat(sandbox.t3().threads()).extracting(T3Simulator.ThreadSnapshot::title)
                .as("threads").containsExactly("acme/a#1");
        soft.assertAll();
    }

    // ---- 7.4 a person closing the issue mid-run ----

    @Test
    void aPersonClosingAnIssueMidRunReleasesItInATickOrTwoWithOneLogLine() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Investigate the leak", "1 GB a day.", Behaviour.STALLS);
        start();
        plane.poll();
        rounds(2);
        assertThat(labels(REPO, 1)).as("precondition: running").contains(IN_PROGRESS);

        try (AfkLog log = AfkLog.attach()) {
            sandbox.model().setOpen(REPO, 1, false, null); // a person closes it
            rounds(2);
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(record(REPO, 1).map(RunRecord::ended).orElse(false))
                    .as("the AFK record says the attempt ended (%s)", story()).isTrue();
            soft.assertThat(record(REPO, 1).map(RunRecord::endReason).orElse(null)).isEqualTo("released");
            soft.assertThat(labels(REPO, 1)).as("the lock is gone").doesNotContain(IN_PROGRESS);
            rounds(3);
            soft.assertThat(log.containing("released issue=" + REPO + "#1")).as("one log line").hasSize(1);
            soft.assertAll();
        }
    }

    // ---- 7.5 a garbled AFK marker ----

    @Test
    void aGarbledAfkMarkerIsHandedBackLoudlyInsteadOfWaitedOnSilently() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Add a /healthz endpoint", "k8s", Behaviour.SUCCEEDS);
        start();
        plane.poll();
        round();
        TrackerModel.Comment afk = afkComments(REPO, 1).get(0);
        sandbox.model().editComment(REPO, afk.id(), afk.body().replace("{\"attempt\":", "{\"attempt\""));
        assertThat(afkComments(REPO, 1)).as("precondition: still AFK's comment").hasSize(1);
        assertThat(record(REPO, 1)).as("precondition: the marker no longer parses").isEmpty();

        boolean acted = roundsUntilOrGiveUp(() -> !issue(REPO, 1).open() || labels(REPO, 1).contains(HUMAN), 20);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(acted).as("AFK handed the issue back or finished the run within 20 rounds (%s)", story())
                .isTrue();
        if (labels(REPO, 1).contains(HUMAN)) {
            soft.assertThat(labels(REPO, 1)).as("handed back without its lock").doesNotContain(IN_PROGRESS);
            soft.assertThat(doorbells()).as("with a doorbell").hasSize(1);
        }
        soft.assertAll();
    }

    // ---- 7.8 the doorbell rings once ----

    @Test
    void aHandOffWhoseHumanLabelFailedOnceRingsTheDoorbellOnce() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Refactor the widget cache", "Split it.", Behaviour.ERRORS);
        start();
        plane.poll();
        failOnce("POST", ISSUE_1 + "/labels", true); // the next label add is ready-for-human, in the hand-off

        roundsUntil(() -> labels(REPO, 1).contains(HUMAN), 20);
        assertThat(failedCalls("POST", ISSUE_1 + "/labels")).as("precondition: the first add failed")
                .isEqualTo(FORGEJO_RETRIES + 1);
        rounds(2);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(doorbells()).as("one doorbell for the one escalation").hasSize(1);
        soft.assertThat(labels(REPO, 1)).contains(HUMAN).doesNotContain(IN_PROGRESS, READY);
        soft.assertAll();
    }

    // ---- 7.6 one malformed item must not block its repo ----

    @Test
    void aMalformedItemInTheListingIsSkippedAloneAndTheOtherIssueIsDispatched() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Broken on the tracker", "x", Behaviour.STALLS);
        sandbox.readyIssue(REPO, "Add a /healthz endpoint", "k8s", Behaviour.STALLS);
        sandbox.model().corruptIssueField(REPO, 1, "labels", "{\"name\":\"ready-for-agent\"}");
        start();
        try (AfkLog log = AfkLog.attach()) {
            plane.poll();
            plane.poll();
            plane.poll();

            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(labels(REPO, 2)).as("the readable issue was dispatched").contains(IN_PROGRESS)
                    .doesNotContain(READY);
            soft.assertThat(sandbox.t3().threads()).extracting(T3Simulator.ThreadSnapshot::title)
                    .containsExactly(REPO + "#2");
            soft.assertThat(log.containing("unreadable item in listing repo=" + REPO))
                    .as("the unreadable item is logged once, not once per tick").hasSize(1);
            soft.assertAll();
        }
    }

    // ---- 7.7 a commit that existed before the run is not this run's push ----

    @Test
    void aPreExistingGreenDeployedCommitReportedByTheAgentNeverClosesTheIssue() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Add a /healthz endpoint", "k8s", Behaviour.STALLS);
        String old = sandbox.model().defaultHead(REPO).orElseThrow();
        sandbox.model().addStatus(REPO, old, "ci/build", "success", "built long ago", "http://ci/old");
        sandbox.model().addStatus(REPO, old, "deploy", "success", "deployed long ago", "http://deploy/old");
        start();
        plane.poll();
        assertThat(labels(REPO, 1)).as("precondition: running").contains(IN_PROGRESS);

        sandbox.script().pump(); // the turn starts (and, scripted to stall, does nothing of its own)
        // The agent (or text injected into it) claims the default branch's existing head as its push.
        sandbox.t3().addAssistantMessage(thread1(), "Done.\nAFK-PHASE: pushed " + old);
        sandbox.t3().completeTurn(thread1());
        rounds(6);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(issue(REPO, 1).open()).as("not closed on a commit older than the run (%s)", story()).isTrue();
        soft.assertThat(record(REPO, 1).map(RunRecord::sha).orElse(null)).as("the old commit is not recorded").isNull();
        soft.assertThat(record(REPO, 1).map(RunRecord::base).orElse(null)).as("the run's base").isEqualTo(old);
        soft.assertAll();
    }
}
